import { describe, expect, it } from 'vitest'
import { parseSegmentEvent } from './segment-event.ts'

const problem = (raw: unknown, prefix = 'event') => {
  const r = parseSegmentEvent(raw, prefix)
  return r.ok ? null : r.problem
}

describe('parseSegmentEvent', () => {
  it('accepts what analytics-node sends, ignoring unknown top-level fields', () => {
    const r = parseSegmentEvent(
      {
        timestamp: '2026-01-02T03:04:05.678Z',
        integrations: {},
        event: 'Order Completed',
        type: 'track',
        properties: { revenue: 9.99, currency: 'USD' },
        context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
        userId: 'u1',
        messageId: 'node-next-1795327445212-3a5eef3c-31da-4cac-b298-84599f166c9a',
        _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' },
      },
      'batch[0]',
    )
    expect(r.ok).toBe(true)
  })

  it('stringifies numeric ids', () => {
    const r = parseSegmentEvent({ type: 'identify', userId: 42 }, 'event')
    expect(r.ok && r.event.userId).toBe('42')
  })

  it.each([
    ['a missing type', {}, 'event.type', 'is required'],
    ['an unknown type', { type: 'purchase' }, 'event.type', 'must be one of'],
    ['track without event', { type: 'track', userId: 'u' }, 'event.event', 'required for track'],
    [
      'properties of the wrong type',
      { type: 'track', event: 'x', properties: 5 },
      'event.properties',
      'must be an object, got number',
    ],
    ['userId as an object', { type: 'track', event: 'x', userId: {} }, 'event.userId', ''],
    [
      'a timestamp that is not a date',
      { type: 'page', timestamp: 'yesterday' },
      'event.timestamp',
      'ISO-8601',
    ],
    ['an impossible date', { type: 'page', timestamp: '2026-02-31T99:00:00Z' }, 'event.timestamp', ''],
    ['group without groupId', { type: 'group', userId: 'u' }, 'event.groupId', 'required'],
    ['alias without previousId', { type: 'alias', userId: 'u' }, 'event.previousId', 'required'],
    ['an over-long messageId', { type: 'page', messageId: 'x'.repeat(300) }, 'event.messageId', '255'],
  ])('names the field for %s', (_name, raw, field, reason) => {
    const p = problem(raw)
    expect(p?.field).toBe(field)
    expect(p?.reason).toContain(reason)
  })

  it('prefixes batch items by index', () => {
    expect(problem({ type: 'track' }, 'batch[7]')?.field).toBe('batch[7].event')
  })
})
