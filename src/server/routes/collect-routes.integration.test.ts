import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { ApiEvent } from '../../reports/events-list/shape-events-list.ts'

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

let t: TestStepwise
beforeAll(async () => {
  t = await openTestStepwise()
})
afterAll(async () => {
  await t.close()
})

async function byId(id: string): Promise<ApiEvent> {
  const e = (await t.events()).find((x) => x.id === id)
  if (!e) throw new Error(`event ${id} not stored`)
  return e
}

describe('collect: Segment paths', () => {
  it('stores a track call with enrichment and answers only once it is stored', async () => {
    const res = await t.post(
      '/v1/track',
      {
        messageId: 'track-1',
        userId: 'user-1',
        event: 'Order Completed',
        properties: { revenue: '49.90', currency: 'eur', email: ' Person@Example.com ' },
        context: {
          userAgent: CHROME,
          locale: 'de-DE',
          location: { country: 'de' },
          page: {
            url: 'https://shop.example.com/thanks?utm_source=Google&utm_medium=cpc&utm_campaign=Spring&gclid=Cj0KCQ',
          },
        },
      },
      { authorization: t.basic },
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ success: true, accepted: 1, duplicates: 0, rejected: [] })
    const e = await byId('track-1')
    expect(e).toMatchObject({
      type: 'track',
      name: 'Order Completed',
      userId: 'user-1',
      source: 'server',
      path: '/thanks',
      channel: 'Paid Search',
      utm: { source: 'google', medium: 'cpc', campaign: 'Spring' },
      clickIds: { gclid: 'Cj0KCQ' },
      device: 'desktop',
      browser: 'Chrome',
      os: 'Windows',
      country: 'DE',
      locale: 'de-DE',
      value: 49.9,
      currency: 'EUR',
    })
    // PII never stored raw: only the hash of the trimmed, lowercased address.
    const hash = createHash('sha256').update('person@example.com').digest('hex')
    expect(e.properties.email_sha256).toBe(hash)
    expect(JSON.stringify(e)).not.toMatch(/person@example\.com/i)
  })

  it('accepts the browser short path with text/plain and the write key in the body', async () => {
    const res = await t.post(
      '/v1/p',
      JSON.stringify({
        writeKey: t.site.writeKey,
        type: 'page',
        messageId: 'page-1',
        anonymousId: 'anon-1',
        properties: { url: 'https://shop.example.com/', referrer: 'https://www.facebook.com/' },
        context: { userAgent: IPHONE },
      }),
      { 'content-type': 'text/plain', origin: 'https://shop.example.com' },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    const e = await byId('page-1')
    expect(e).toMatchObject({
      type: 'page',
      visitorId: 'anon-1',
      source: 'browser',
      device: 'mobile',
      channel: 'Organic Social',
    })
  })

  it('answers a CORS preflight on the short paths', async () => {
    const res = await t.stepwise.app.request('/v1/t', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    })
    expect(res.status).toBeLessThan(300)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
  })

  it('takes gzip batches, merges batch context and corrects clock skew with the batch sentAt', async () => {
    const now = Date.now()
    const skew = 10 * 60_000 // the device clock runs 10 minutes fast
    const body = {
      batch: [
        {
          type: 'track',
          event: 'Video Played',
          anonymousId: 'a2',
          messageId: 'b-1',
          timestamp: new Date(now + skew - 5000).toISOString(),
        },
        {
          type: 'identify',
          userId: 'u2',
          anonymousId: 'a2',
          messageId: 'b-2',
          traits: { phone: '(650)555-1212', plan: 'pro' },
        },
      ],
      context: { userAgent: CHROME },
      sentAt: new Date(now + skew).toISOString(),
    }
    const res = await t.post('/v1/batch', gzipSync(JSON.stringify(body)), {
      authorization: t.basic,
      'content-encoding': 'gzip',
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ accepted: 2 })
    const played = await byId('b-1')
    expect(Math.abs(Date.parse(played.timestamp) - (now - 5000))).toBeLessThan(3000)
    expect(played.browser).toBe('Chrome')
    const identify = await byId('b-2')
    expect(identify.properties).toMatchObject({
      plan: 'pro',
      phone_sha256: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    })
    expect(JSON.stringify(identify)).not.toContain('555')
  })

  it('records identity links from identify and alias calls', async () => {
    await t.post(
      '/v1/batch',
      {
        batch: [
          {
            type: 'identify',
            anonymousId: 'anon-x',
            userId: 'user-x',
            messageId: 'id-1',
            traits: { email: 'x@example.com' },
          },
          { type: 'alias', previousId: 'old-user', userId: 'user-x', messageId: 'al-1' },
        ],
      },
      { authorization: t.basic },
    )
    const rs = await t.stepwise.events.query({
      query: `SELECT left_kind, left_id, right_kind, right_id FROM identity_links FINAL
              WHERE site_id = {site:String} AND (left_id = 'user-x' OR right_id = 'user-x') ORDER BY left_kind, right_kind`,
      query_params: { site: t.site.site.id },
      format: 'JSONEachRow',
    })
    const links = await rs.json<{
      left_kind: string
      left_id: string
      right_kind: string
      right_id: string
    }>()
    const email = createHash('sha256').update('x@example.com').digest('hex')
    expect(links).toEqual(
      expect.arrayContaining([
        { left_kind: 'visitor', left_id: 'anon-x', right_kind: 'user', right_id: 'user-x' },
        { left_kind: 'user', left_id: 'user-x', right_kind: 'email_sha256', right_id: email },
        { left_kind: 'previous_id', left_id: 'old-user', right_kind: 'user', right_id: 'user-x' },
      ]),
    )
  })

  it('derives a cookieless visitor id from IP and agent when no id is sent', async () => {
    const send = (id: string, ua: string) =>
      t.post(
        '/v1/track',
        { messageId: id, event: 'Search', context: { ip: '203.0.113.7', userAgent: ua } },
        { authorization: t.basic },
      )
    await send('ck-1', CHROME)
    await send('ck-2', CHROME)
    await send('ck-3', IPHONE)
    const [a, b, c] = [await byId('ck-1'), await byId('ck-2'), await byId('ck-3')]
    expect(a.visitorId).toBe(b.visitorId)
    expect(a.visitorId).not.toBe(c.visitorId)
    expect(a.visitorId).not.toContain('203.0.113.7')
    expect(a.sessionId).toBe(b.sessionId)
    // The raw IP is stored nowhere.
    const rs = await t.stepwise.events.query({
      query:
        "SELECT count() AS n FROM events WHERE position(properties, '203.0.113.7') > 0 OR position(url, '203.0.113.7') > 0",
      format: 'JSONEachRow',
    })
    expect(await rs.json()).toEqual([{ n: 0 }])
  })

  it('stores a retried messageId once and says so', async () => {
    const call = { messageId: 'retry-1', userId: 'u', event: 'Signed Up' }
    const first = await (await t.post('/v1/track', call, { authorization: t.basic })).json()
    const again = await (await t.post('/v1/track', call, { authorization: t.basic })).json()
    const inBatch = await (
      await t.post(
        '/v1/batch',
        {
          batch: [
            { ...call, type: 'track' },
            { ...call, type: 'track' },
          ],
        },
        { authorization: t.basic },
      )
    ).json()
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 })
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 })
    expect(inBatch).toMatchObject({ accepted: 0, duplicates: 2 })
    expect((await t.events()).filter((e) => e.id === 'retry-1')).toHaveLength(1)
  })

  it('drops bots judged on the end-user agent, not the SDK header, and counts them in health', async () => {
    const bot = await t.post(
      '/v1/track',
      {
        messageId: 'bot-1',
        anonymousId: 'b',
        event: 'x',
        context: { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      },
      { authorization: t.basic, 'user-agent': 'analytics-node-next/latest' },
    )
    expect(await bot.json()).toMatchObject({ accepted: 0, dropped: { bot: 1 } })
    const human = await t.post(
      '/v1/track',
      { messageId: 'human-1', anonymousId: 'h', event: 'x' },
      { authorization: t.basic, 'user-agent': 'analytics-node-next/latest' },
    )
    expect(await human.json()).toMatchObject({ accepted: 1 })
    const health = (await (await t.get('/api/v1/health')).json()) as {
      ingest: { dropped: Record<string, number> }
    }
    expect(health.ingest.dropped.bot).toBeGreaterThanOrEqual(1)
    expect(health.ingest.dropped.duplicate).toBeGreaterThanOrEqual(1)
  })
})
