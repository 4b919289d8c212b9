import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'

let t: TestStepwise
beforeAll(async () => {
  t = await openTestStepwise()
})
afterAll(async () => {
  await t.close()
})

const count = async (table: string) => {
  const rs = await t.stepwise.events.query({
    query: `SELECT count() AS n FROM ${table}`,
    format: 'JSONEachRow',
  })
  return Number((await rs.json<{ n: string | number }>())[0]?.n)
}

describe('when the event store fails', () => {
  it('answers 503, stores nothing of the request, and a retry later stores it once', async () => {
    const batch = {
      batch: [
        { type: 'identify', anonymousId: 'a', userId: 'u', messageId: 'f-1', traits: { plan: 'pro' } },
        { type: 'track', anonymousId: 'a', userId: 'u', event: 'Checkout Started', messageId: 'f-2' },
      ],
    }
    await t.stepwise.events.command({ query: 'DETACH TABLE events' })
    const failed = await t.post('/v1/batch', batch, { authorization: t.basic })
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBeTruthy()
    expect(await failed.json()).toMatchObject({ success: false, error: { code: 'store_unavailable' } })
    await t.stepwise.events.command({ query: 'ATTACH TABLE events' })
    expect(await count('events')).toBe(0)

    const retried = await t.post('/v1/batch', batch, { authorization: t.basic })
    expect(retried.status).toBe(200)
    expect(await retried.json()).toMatchObject({ accepted: 2, duplicates: 0 })
    expect(await count('events')).toBe(2)
    // Links written before the failed events insert collapse with the retry's.
    expect(await count('identity_links FINAL')).toBe(1)
  })
})
