import { describe, expect, it } from 'vitest'
import { resolveTimestamp } from './resolve-timestamp.ts'

const received = Date.parse('2026-11-23T12:00:00.000Z')

describe('resolveTimestamp', () => {
  it('corrects a device clock that runs 10 minutes fast (originalTimestamp + sentAt)', () => {
    const r = resolveTimestamp(
      { originalTimestamp: '2026-11-23T12:09:00.000Z', sentAt: '2026-11-23T12:10:00.000Z' },
      null,
      received,
      'event',
    )
    // The event happened 60 s before sending, so 60 s before receipt.
    expect(r).toEqual({ ok: true, ts: received - 60_000 })
  })

  it('treats timestamp + batch-level sentAt (analytics-node) as a device time', () => {
    const r = resolveTimestamp(
      { timestamp: '2026-11-23T11:00:05.000Z' },
      '2026-11-23T11:00:10.000Z',
      received,
      'batch[0]',
    )
    expect(r).toEqual({ ok: true, ts: received - 5_000 })
  })

  it("prefers the event's own sentAt over the batch's", () => {
    const r = resolveTimestamp(
      { timestamp: '2026-11-23T11:00:05.000Z', sentAt: '2026-11-23T11:00:06.000Z' },
      '2026-11-23T11:00:30.000Z',
      received,
      'batch[0]',
    )
    expect(r).toEqual({ ok: true, ts: received - 1_000 })
  })

  it('keeps a historical timestamp sent without any sentAt', () => {
    const r = resolveTimestamp({ timestamp: '2025-03-01T08:00:00Z' }, null, received, 'event')
    expect(r).toEqual({ ok: true, ts: Date.parse('2025-03-01T08:00:00Z') })
  })

  it('uses the receive time when the call carries no time', () => {
    expect(resolveTimestamp({}, null, received, 'event')).toEqual({ ok: true, ts: received })
  })

  it('refuses a time absurdly in the future and names the field', () => {
    const r = resolveTimestamp({ timestamp: '2026-11-25T12:00:00Z' }, null, received, 'batch[3]')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem.field).toBe('batch[3].timestamp')
  })

  it('accepts a time just under an hour ahead (clock noise) but not past it', () => {
    expect(resolveTimestamp({ timestamp: '2026-11-23T12:59:00Z' }, null, received, 'event').ok).toBe(true)
    expect(resolveTimestamp({ timestamp: '2026-11-23T13:01:00Z' }, null, received, 'event').ok).toBe(false)
  })

  it('refuses times before the year 2000', () => {
    const r = resolveTimestamp({ originalTimestamp: '1970-01-01T00:00:00Z' }, null, received, 'event')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem.field).toBe('event.originalTimestamp')
  })
})
