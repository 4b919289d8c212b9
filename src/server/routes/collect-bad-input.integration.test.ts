import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'

let t: TestStepwise
beforeAll(async () => {
  t = await openTestStepwise()
})
afterAll(async () => {
  await t.close()
})

describe('collect: bad input', () => {
  const countAll = async () => (await t.events()).length

  it('rejects each bad request with a clear error and leaves stored data untouched', async () => {
    const before = await countAll()
    const cases: Array<[string, () => Promise<Response>, number, string]> = [
      ['malformed JSON', () => t.post('/v1/track', '{"event":', { authorization: t.basic }), 400, 'body'],
      ['no key', () => t.post('/v1/track', { event: 'x', userId: 'u' }), 401, 'writeKey'],
      [
        'unknown key',
        () => t.post('/v1/track', { event: 'x', userId: 'u', writeKey: 'wk_nope' }),
        401,
        'writeKey',
      ],
      [
        'a read key',
        () =>
          t.post(
            '/v1/track',
            { event: 'x', userId: 'u' },
            { authorization: `Basic ${Buffer.from(`${t.site.secretKey}:`).toString('base64')}` },
          ),
        403,
        'writeKey',
      ],
      [
        'wrong type',
        () => t.post('/v1/track', { event: 'x', userId: 'u', properties: [1] }, { authorization: t.basic }),
        400,
        'event.properties',
      ],
      [
        'missing event name',
        () => t.post('/v1/track', { userId: 'u' }, { authorization: t.basic }),
        400,
        'event.event',
      ],
      [
        'no ids at all',
        () => t.post('/v1/track', { event: 'x' }, { authorization: t.basic }),
        400,
        'event.anonymousId',
      ],
      [
        'a type that contradicts the path',
        () => t.post('/v1/track', { type: 'page', userId: 'u' }, { authorization: t.basic }),
        400,
        'event.type',
      ],
      [
        'a future timestamp',
        () =>
          t.post(
            '/v1/track',
            { event: 'x', userId: 'u', timestamp: new Date(Date.now() + 2 * 86_400_000).toISOString() },
            { authorization: t.basic },
          ),
        400,
        'event.timestamp',
      ],
      [
        'an oversize event',
        () =>
          t.post(
            '/v1/track',
            { event: 'x', userId: 'u', properties: { pad: 'a'.repeat(33 * 1024) } },
            { authorization: t.basic },
          ),
        413,
        'event',
      ],
      [
        'an oversize request',
        () =>
          t.post(
            '/v1/batch',
            {
              batch: [
                { type: 'track', event: 'x', userId: 'u', properties: { pad: 'a'.repeat(501 * 1024) } },
              ],
            },
            { authorization: t.basic },
          ),
        413,
        'body',
      ],
      [
        'too many calls',
        () =>
          t.post(
            '/v1/batch',
            { batch: Array.from({ length: 2501 }, () => ({ type: 'page', userId: 'u' })) },
            { authorization: t.basic },
          ),
        413,
        'batch',
      ],
      [
        'batch not an array',
        () => t.post('/v1/batch', { batch: {} }, { authorization: t.basic }),
        400,
        'batch',
      ],
    ]
    for (const [name, send, status, field] of cases) {
      const res = await send()
      const body = (await res.json()) as {
        success: boolean
        error: { code: string; details: Array<{ field?: string }> }
      }
      expect(res.status, name).toBe(status)
      expect(body.success, name).toBe(false)
      expect(
        body.error.details.map((d) => d.field),
        name,
      ).toContain(field)
    }
    expect(await countAll()).toBe(before)
  })

  it('rejects an invalid call alone inside a valid batch and lists it', async () => {
    const res = await t.post(
      '/v1/batch',
      {
        batch: [
          { type: 'track', event: 'ok-1', userId: 'u', messageId: 'mix-1' },
          { type: 'track', userId: 'u', messageId: 'mix-2' },
          {
            type: 'track',
            event: 'big',
            userId: 'u',
            messageId: 'mix-3',
            properties: { pad: 'a'.repeat(33 * 1024) },
          },
          { type: 'page', userId: 'u', messageId: 'mix-4', timestamp: 'soon' },
          'not an object',
        ],
      },
      { authorization: t.basic },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      accepted: number
      rejected: Array<{ index: number; field: string; messageId?: string }>
    }
    expect(body.accepted).toBe(1)
    expect(body.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'batch[1].event'],
      [2, 'batch[2]'],
      [3, 'batch[3].timestamp'],
      [4, 'batch[4]'],
    ])
    expect(body.rejected[0]?.messageId).toBe('mix-2')
    const ids = (await t.events()).map((e) => e.id)
    expect(ids).toContain('mix-1')
    expect(ids).not.toContain('mix-2')
  })
})
