import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { MAX_CAMPAIGN_VALUE_LENGTH } from '../../ingest/enrich/campaign.ts'

/* `POST /v1/e`: the browser tracker's compact event, through the same ingest as the Segment paths. */

const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
let t: TestStepwise
let key: string

beforeAll(async () => {
  t = await openTestStepwise()
  key = t.site.writeKey
})
afterAll(async () => {
  await t?.close()
})

/** Sent as sendBeacon sends it: text/plain, from a page of the site. */
const beacon = (body: unknown) =>
  t.post('/v1/e', JSON.stringify(body), {
    'content-type': 'text/plain;charset=UTF-8',
    origin: 'https://shop.example.com',
    'user-agent': UA,
  })

describe('POST /v1/e', () => {
  it('stores a page view with its URL, campaign and a server-derived visitor id', async () => {
    const now = Date.now()
    const res = await beacon({
      k: key,
      t: 'page',
      u: 'https://shop.example.com/pricing?utm_source=Newsletter&utm_medium=email&utm_campaign=may',
      r: 'https://mail.example.org/',
      ti: 'Pricing',
      m: 'compact-1',
      ts: now - 1000,
      st: now,
    })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toMatchObject({ success: true, accepted: 1 })
    const [e] = (await t.events()).filter((x) => x.id === 'compact-1')
    expect(e).toMatchObject({
      type: 'page',
      path: '/pricing',
      source: 'browser',
      channel: 'Email',
      utm: { source: 'newsletter', medium: 'email', campaign: 'may' },
      library: 'stepwise.js',
      device: 'desktop',
    })
    expect(e?.visitorId).toMatch(/\S{10,}/)
    expect(e?.properties).toMatchObject({ title: 'Pricing' })
  })

  it('keeps the landing campaign on later events of a single-page app, and a consent id', async () => {
    const res = await beacon({
      k: key,
      t: 'track',
      n: 'Signed Up',
      u: 'https://shop.example.com/app/welcome',
      p: { plan: 'pro' },
      a: 'first-party-id-1',
      m: 'compact-2',
      c: { utm_source: 'google', utm_medium: 'cpc', gclid: 'Cj0KEQ-abc' },
    })
    expect(res.status).toBe(200)
    const [e] = (await t.events()).filter((x) => x.id === 'compact-2')
    expect(e).toMatchObject({
      type: 'track',
      name: 'Signed Up',
      visitorId: 'first-party-id-1',
      channel: 'Paid Search',
      utm: { source: 'google', medium: 'cpc' },
      clickIds: { gclid: 'Cj0KEQ-abc' },
      properties: { plan: 'pro' },
    })
  })

  it('reads the campaign parameters from a landing query string and drops the rest', async () => {
    const res = await beacon({
      k: key,
      t: 'track',
      n: 'Watched',
      u: 'https://shop.example.com/app/video',
      m: 'compact-4',
      c: `?q=shoes&utm_source=meta&utm_medium=paid_social&fbclid=IwAR-1&utm_term=${'x'.repeat(1500)}&email=a%40b.c`,
    })
    expect(res.status, await res.clone().text()).toBe(200)
    const [e] = (await t.events()).filter((x) => x.id === 'compact-4')
    expect(e).toMatchObject({
      channel: 'Paid Social',
      utm: { source: 'meta', medium: 'paid_social' },
      clickIds: { fbclid: 'IwAR-1' },
    })
    expect(e?.utm.term).toHaveLength(MAX_CAMPAIGN_VALUE_LENGTH)
    expect(JSON.stringify(e)).not.toContain('a@b.c')
  })

  it('corrects the browser clock and stores a retry once', async () => {
    const now = Date.now()
    // The browser's clock runs an hour ahead; the event happened 5 s before it was sent.
    const body = {
      k: key,
      t: 'track',
      n: 'Clicked',
      m: 'compact-3',
      ts: now + 3_600_000 - 5000,
      st: now + 3_600_000,
    }
    expect((await beacon(body)).status).toBe(200)
    expect(await (await beacon(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 })
    const stored = (await t.events()).filter((x) => x.id === 'compact-3')
    expect(stored).toHaveLength(1)
    const lag = now - Date.parse(stored[0]?.timestamp ?? '')
    expect(lag).toBeGreaterThan(3000)
    expect(lag).toBeLessThan(60_000)
  })

  it('names the field of a bad event and stores nothing', async () => {
    const before = (await t.events()).length
    for (const [body, field, status] of [
      [{ t: 'page' }, 'k', 400],
      [{ k: key, t: 'track' }, 'n', 400],
      [{ k: key, t: 'click' }, 't', 400],
      [{ k: key, t: 'page', p: 'x' }, 'p', 400],
      [{ k: key, t: 'page', c: { utm_planet: 'x' } }, 'c', 400],
      [{ k: key, t: 'page', c: 42 }, 'c', 400],
      [{ k: key, t: 'page', c: `?utm_source=${'x'.repeat(9000)}` }, 'c', 400],
      [{ k: key, t: 'page', extra: 1 }, 'body', 400],
      [{ k: 'wk_unknown', t: 'page' }, 'k', 401],
      [{ k: t.site.secretKey, t: 'page' }, 'k', 403],
    ] as const) {
      const res = await beacon(body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      const err = (await res.json()) as { error: { details: Array<{ field: string }> } }
      expect(err.error.details[0]?.field, JSON.stringify(body)).toBe(field)
    }
    expect((await t.events()).length).toBe(before)
  })
})
