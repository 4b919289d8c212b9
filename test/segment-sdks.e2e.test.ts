import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import RudderAnalytics from '@rudderstack/rudder-sdk-node'
import { Analytics } from '@segment/analytics-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupServers, type ServerProcess, startFreshServer } from './support/server-process.ts'
import { type ApiEvent, basicAuth, listAllEvents } from './support/stepwise-api.ts'

/*
 * Real SDKs against a real server process: what each library puts on the wire must come back
 * through the read API with the right columns, and identify traits must never be stored raw.
 */

const RAW_EMAIL = '  Jane.Doe+Shop@Mailbox-Provider.ORG '
const EMAIL_SHA256 = createHash('sha256').update(RAW_EMAIL.trim().toLowerCase()).digest('hex')
const CHROME_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'

let server: ServerProcess
let siteId: string
let writeKey: string
let secretKey: string

beforeAll(async () => {
  ;({ server, siteId, writeKey, secretKey } = await startFreshServer())
})

afterAll(async () => {
  await cleanupServers()
})

function byId(events: readonly ApiEvent[], id: string): ApiEvent {
  const found = events.filter((e) => e.id === id)
  expect(found, `event ${id} stored exactly once`).toHaveLength(1)
  return found[0] as ApiEvent
}

function expectRecent(event: ApiEvent, sentAround: number): void {
  expect(Math.abs(Date.parse(event.timestamp) - sentAround)).toBeLessThan(5_000)
  expect(Math.abs(Date.parse(event.receivedAt) - sentAround)).toBeLessThan(5_000)
}

function expectNoRawEmail(events: readonly ApiEvent[]): void {
  const json = JSON.stringify(events)
  expect(json).not.toContain(RAW_EMAIL.trim())
  expect(json.toLowerCase()).not.toContain(RAW_EMAIL.trim().toLowerCase())
  expect(json.toLowerCase()).not.toContain('jane.doe')
  expect(json.toLowerCase()).not.toContain('mailbox-provider')
}

describe('@segment/analytics-node', () => {
  it('delivers track, page and identify calls that read back with the right fields', async () => {
    const analytics = new Analytics({
      writeKey,
      host: server.baseUrl,
      flushAt: 10,
      flushInterval: 200,
      maxRetries: 2,
    })
    const errors: unknown[] = []
    const statuses: number[] = []
    analytics.on('error', (err) => errors.push(err))
    analytics.on('http_response', (res) => statuses.push(res.status))
    const ids: Record<string, string> = {}
    const remember = (label: string) => (err: unknown, ctx?: { event: { messageId?: string } }) => {
      if (err) errors.push(err)
      if (ctx?.event.messageId) ids[label] = ctx.event.messageId
    }
    const sentAround = Date.now()

    analytics.track(
      {
        userId: 'seg-user-1',
        event: 'Order Completed',
        properties: { orderId: 'o-1', revenue: 42.5, currency: 'eur', items: 3 },
      },
      remember('order'),
    )
    analytics.track(
      { anonymousId: 'seg-anon-1', event: 'Newsletter Viewed', properties: { section: 'footer' } },
      remember('anonymous'),
    )
    analytics.page(
      {
        userId: 'seg-user-1',
        name: 'Pricing',
        properties: { url: 'https://shop.example.com/pricing', plan: 'pro' },
      },
      remember('page'),
    )
    analytics.identify(
      { userId: 'seg-user-1', traits: { email: RAW_EMAIL, plan: 'pro', logins: 7 } },
      remember('identify'),
    )
    await analytics.closeAndFlush({ timeout: 15_000 })

    expect(errors).toEqual([])
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(Object.keys(ids).sort()).toEqual(['anonymous', 'identify', 'order', 'page'])

    const events = await listAllEvents(server.baseUrl, siteId, secretKey)
    const order = byId(events, ids.order ?? '')
    expect(order).toMatchObject({
      type: 'track',
      name: 'Order Completed',
      userId: 'seg-user-1',
      source: 'server',
      value: 42.5,
      currency: 'EUR',
      properties: { orderId: 'o-1', revenue: 42.5, currency: 'eur', items: 3 },
    })
    expect(order.visitorId).not.toBe('')
    expect(order.sessionId).not.toBe('')
    expectRecent(order, sentAround)

    const anonymous = byId(events, ids.anonymous ?? '')
    expect(anonymous).toMatchObject({
      type: 'track',
      name: 'Newsletter Viewed',
      userId: null,
      visitorId: 'seg-anon-1',
      source: 'server',
      value: null,
      currency: null,
      properties: { section: 'footer' },
    })
    expectRecent(anonymous, sentAround)

    const page = byId(events, ids.page ?? '')
    expect(page).toMatchObject({
      type: 'page',
      name: 'Pricing',
      userId: 'seg-user-1',
      source: 'server',
      url: 'https://shop.example.com/pricing',
      path: '/pricing',
    })
    expectRecent(page, sentAround)

    const identify = byId(events, ids.identify ?? '')
    expect(identify).toMatchObject({ type: 'identify', userId: 'seg-user-1', source: 'server' })
    expect(identify.properties).toEqual({ plan: 'pro', logins: 7, email_sha256: EMAIL_SHA256 })
    expectRecent(identify, sentAround)
    expectNoRawEmail(events)
  })
})

describe('@rudderstack/rudder-sdk-node', () => {
  it('delivers gzipped batches with default options that read back with the right fields', async () => {
    const errors: unknown[] = []
    const client = new RudderAnalytics(writeKey, {
      dataPlaneUrl: server.baseUrl,
      logLevel: 'none',
      errorHandler: (err) => errors.push(err),
    })
    // Each call's callback receives the request body exactly as posted.
    const posted: unknown[] = []
    const onSent = (err?: Error, data?: unknown) => {
      if (err) errors.push(err)
      posted.push(data)
    }
    const sentAround = Date.now()

    client.track(
      {
        userId: 'rs-user-1',
        event: 'Trial Started',
        properties: { plan: 'team', revenue: '19.90', currency: 'usd' },
      },
      onSent,
    )
    client.track(
      { anonymousId: 'rs-anon-1', event: 'Docs Searched', properties: { query: 'funnels' } },
      onSent,
    )
    client.page(
      { userId: 'rs-user-1', name: 'Docs', properties: { url: 'https://shop.example.com/docs' } },
      onSent,
    )
    client.identify({ userId: 'rs-user-1', traits: { email: RAW_EMAIL, company: 'Acme' } }, onSent)
    await client.flush()
    // The first call is sent at once; the flush sends the rest. Wait for every callback.
    for (let i = 0; i < 100 && posted.length < 4; i++) await new Promise((r) => setTimeout(r, 50))

    expect(errors).toEqual([])
    expect(posted).toHaveLength(4)
    // The SDK posts what it hands to the callbacks: gzip bytes, not JSON text.
    const messageIds = new Map<string, string>()
    for (const data of posted) {
      expect(Buffer.isBuffer(data)).toBe(true)
      const body = JSON.parse(gunzipSync(data as Buffer).toString('utf8')) as {
        batch: Array<{ type: string; event?: string; name?: string; messageId: string }>
      }
      for (const m of body.batch) messageIds.set(m.event ?? m.name ?? m.type, m.messageId)
    }
    expect([...messageIds.keys()].sort()).toEqual(['Docs', 'Docs Searched', 'Trial Started', 'identify'])

    const events = await listAllEvents(server.baseUrl, siteId, secretKey)
    const trial = byId(events, messageIds.get('Trial Started') ?? '')
    expect(trial).toMatchObject({
      type: 'track',
      name: 'Trial Started',
      userId: 'rs-user-1',
      source: 'server',
      value: 19.9,
      currency: 'USD',
      library: 'analytics-node',
      properties: { plan: 'team', revenue: '19.90', currency: 'usd' },
    })
    expectRecent(trial, sentAround)

    const anonymous = byId(events, messageIds.get('Docs Searched') ?? '')
    expect(anonymous).toMatchObject({ type: 'track', visitorId: 'rs-anon-1', userId: null, source: 'server' })
    expectRecent(anonymous, sentAround)

    const page = byId(events, messageIds.get('Docs') ?? '')
    expect(page).toMatchObject({ type: 'page', name: 'Docs', path: '/docs', userId: 'rs-user-1' })
    expectRecent(page, sentAround)

    // RudderStack also copies identify traits into context.traits: neither copy may be stored raw.
    const identify = byId(events, messageIds.get('identify') ?? '')
    expect(identify).toMatchObject({ type: 'identify', userId: 'rs-user-1', source: 'server' })
    expect(identify.properties).toEqual({ company: 'Acme', email_sha256: EMAIL_SHA256 })
    expectRecent(identify, sentAround)
    expectNoRawEmail(events)
  })
})

describe('browser-like calls', () => {
  it('stores a text/plain call from a page as a browser event with device, channel and campaign', async () => {
    const url =
      'https://shop.test/p/shoe?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale&utm_term=red+shoes&utm_content=ad-1&gclid=Cj0KCQ-test'
    const messageId = 'browser-msg-1'
    const now = new Date().toISOString()
    const res = await fetch(`${server.baseUrl}/v1/t`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        origin: 'http://shop.test',
        authorization: basicAuth(writeKey),
      },
      body: JSON.stringify({
        event: 'Product Added',
        messageId,
        anonymousId: 'browser-anon-1',
        properties: { sku: 'shoe-1', value: 59, currency: 'EUR' },
        context: {
          userAgent: CHROME_DESKTOP,
          page: { url, path: '/p/shoe', referrer: 'https://www.google.com/' },
          library: { name: 'analytics.js', version: 'next-1.70.0' },
        },
        timestamp: now,
        sentAt: now,
      }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.test')
    expect(await res.json()).toMatchObject({ success: true, accepted: 1, duplicates: 0, rejected: [] })

    const events = await listAllEvents(server.baseUrl, siteId, secretKey, { name: 'Product Added' })
    const event = byId(events, messageId)
    expect(event).toMatchObject({
      type: 'track',
      name: 'Product Added',
      source: 'browser',
      visitorId: 'browser-anon-1',
      device: 'desktop',
      browser: 'Chrome',
      os: 'Windows',
      channel: 'Paid Search',
      url,
      path: '/p/shoe',
      utm: { source: 'google', medium: 'cpc', campaign: 'spring_sale', term: 'red shoes', content: 'ad-1' },
      clickIds: { gclid: 'Cj0KCQ-test' },
      value: 59,
      currency: 'EUR',
    })
    expect(event.referrerHost).toContain('google.com')
    expectRecent(event, Date.parse(now))
  })

  it('answers the CORS preflight of /v1/t for any page origin, allowing the Authorization header', async () => {
    const res = await fetch(`${server.baseUrl}/v1/t`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(res.status).toBeLessThan(300)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.test')
    expect(res.headers.get('access-control-allow-methods') ?? '').toContain('POST')
    expect((res.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('authorization')
  })
})
