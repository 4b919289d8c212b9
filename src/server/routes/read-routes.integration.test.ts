import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { ApiEvent } from '../../reports/events-list/shape-events-list.ts'
import type { Overview } from '../../reports/overview/shape-overview.ts'

let t: TestStepwise
beforeAll(async () => {
  t = await openTestStepwise()
  // Site time zone is Europe/Berlin (UTC+1 in November). Historical timestamps, no sentAt.
  const batch = [
    { type: 'page', anonymousId: 'v1', timestamp: '2026-11-20T10:00:00Z', messageId: 'p1' },
    { type: 'page', anonymousId: 'v1', timestamp: '2026-11-20T10:05:00Z', messageId: 'p2' },
    {
      type: 'track',
      event: 'Signed Up',
      anonymousId: 'v1',
      timestamp: '2026-11-20T10:06:00Z',
      messageId: 't1',
    },
    { type: 'page', anonymousId: 'v2', timestamp: '2026-11-20T12:00:00Z', messageId: 'p3' },
    // 23:30 UTC on the 21st is 00:30 on the 22nd in Berlin.
    { type: 'page', anonymousId: 'v3', timestamp: '2026-11-21T23:30:00Z', messageId: 'p4' },
    { type: 'identify', anonymousId: 'v3', userId: 'u3', timestamp: '2026-11-21T23:31:00Z', messageId: 'i1' },
    {
      type: 'track',
      event: 'Signed Up',
      anonymousId: 'v3',
      timestamp: '2026-11-21T23:32:00Z',
      messageId: 't2',
    },
  ]
  const res = await t.post('/v1/batch', { batch }, { authorization: t.basic })
  expect(await res.json()).toMatchObject({ accepted: batch.length })
})
afterAll(async () => {
  await t.close()
})

const site = () => t.site.site.id
const read = (path: string, key = t.bearer) => t.get(`/api/v1/sites/${site()}${path}`, { authorization: key })

describe('GET /api/v1/sites/:site/events', () => {
  it('lists newest first and pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = []
    let cursor = ''
    for (let page = 0; page < 10; page++) {
      const res = await read(`/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      const body = (await res.json()) as { events: ApiEvent[]; nextCursor: string | null }
      seen.push(...body.events.map((e) => e.id))
      if (!body.nextCursor) break
      cursor = body.nextCursor
    }
    expect(seen).toEqual(['t2', 'i1', 'p4', 'p3', 't1', 'p2', 'p1'])
  })

  it('filters by type and by name', async () => {
    const pages = (await (await read('/events?type=page')).json()) as { events: ApiEvent[] }
    expect(pages.events.map((e) => e.id)).toEqual(['p4', 'p3', 'p2', 'p1'])
    const signups = (await (await read('/events?name=Signed%20Up')).json()) as { events: ApiEvent[] }
    expect(signups.events.map((e) => e.id)).toEqual(['t2', 't1'])
  })

  it('names a bad parameter', async () => {
    const res = await read('/events?limit=0')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_parameter', details: [{ field: 'limit' }] },
    })
    const bad = await read('/events?cursor=abc')
    expect(bad.status).toBe(400)
  })
})

describe('GET /api/v1/sites/:site/stats/overview', () => {
  it('counts visitors, sessions, pageviews and events per day in the site time zone', async () => {
    const res = await read('/stats/overview?from=2026-11-19&to=2026-11-22')
    expect(res.status).toBe(200)
    const o = (await res.json()) as Overview
    expect(o.timezone).toBe('Europe/Berlin')
    expect(o.days).toEqual([
      { date: '2026-11-19', visitors: 0, sessions: 0, pageviews: 0, events: 0 },
      { date: '2026-11-20', visitors: 2, sessions: 2, pageviews: 3, events: 4 },
      { date: '2026-11-21', visitors: 0, sessions: 0, pageviews: 0, events: 0 },
      { date: '2026-11-22', visitors: 1, sessions: 1, pageviews: 1, events: 2 },
    ])
    expect(o.total).toEqual({ visitors: 3, sessions: 3, pageviews: 4, events: 6 })
  })

  it('counts a visitor seen on two days once in the total', async () => {
    await t.post(
      '/v1/page',
      { anonymousId: 'v1', timestamp: '2026-11-22T09:00:00Z', messageId: 'p5' },
      { authorization: t.basic },
    )
    const o = (await (await read('/stats/overview?from=2026-11-20&to=2026-11-22')).json()) as Overview
    expect(o.days.map((d) => d.visitors)).toEqual([2, 0, 2])
    expect(o.total.visitors).toBe(3)
  })

  it('names a bad period', async () => {
    for (const q of ['from=2026-11-22&to=2026-11-20', 'from=2026-13-01&to=2026-11-20', 'to=2026-11-20']) {
      const res = await read(`/stats/overview?${q}`)
      expect(res.status, q).toBe(400)
    }
  })
})

describe('API keys', () => {
  it('answers 401 without a key, 403 for another site, and accepts read keys', async () => {
    expect((await t.get(`/api/v1/sites/${site()}/events`)).status).toBe(401)
    expect((await read('/events', 'Bearer sk_adm_unknown')).status).toBe(401)
    const other = await t.stepwise.siteAdmin.createSite({ domain: 'other.example.org' })
    const foreign = await read('/events', `Bearer ${other.secretKey}`)
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } })
    // The write key of a site cannot read it either.
    expect((await read('/events', `Bearer ${t.site.writeKey}`)).status).toBe(403)
    const created = await t.post(
      `/api/v1/sites/${site()}/keys`,
      { kind: 'read', label: 'reporting' },
      { authorization: t.bearer },
    )
    expect(created.status).toBe(201)
    const readKey = (await created.json()) as { id: string; key: string }
    expect(readKey.key).toMatch(/^sk_read_/)
    expect((await read('/events', `Bearer ${readKey.key}`)).status).toBe(200)
    // A read key cannot manage keys.
    expect(
      (await t.get(`/api/v1/sites/${site()}/keys`, { authorization: `Bearer ${readKey.key}` })).status,
    ).toBe(403)
    const revoked = await t.stepwise.app.request(`/api/v1/sites/${site()}/keys/${readKey.id}`, {
      method: 'DELETE',
      headers: { authorization: t.bearer },
    })
    expect(revoked.status).toBe(200)
    expect((await read('/events', `Bearer ${readKey.key}`)).status).toBe(401)
  })

  it('never lets a key of one site write into another', async () => {
    const other = await t.stepwise.siteAdmin.createSite({ domain: 'third.example.org' })
    const res = await t.post(
      '/v1/track',
      { event: 'Intrusion', userId: 'u', messageId: 'cross-1' },
      { authorization: `Basic ${Buffer.from(`${other.writeKey}:`).toString('base64')}` },
    )
    expect(res.status).toBe(200)
    const mine = (await (await read('/events?name=Intrusion')).json()) as { events: ApiEvent[] }
    expect(mine.events).toHaveLength(0)
  })

  it('lets only the instance admin create sites', async () => {
    const denied = await t.post('/api/v1/sites', { domain: 'x.example.com' }, { authorization: t.bearer })
    expect(denied.status).toBe(403)
    const ok = await t.post(
      '/api/v1/sites',
      { domain: 'https://www.X.example.com/path', timezone: 'America/New_York' },
      { authorization: `Bearer ${t.adminToken}` },
    )
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ site: { domain: 'x.example.com', timezone: 'America/New_York' } })
    const bad = await t.post(
      '/api/v1/sites',
      { domain: 'x.example.com', timezone: 'Mars/Olympus' },
      { authorization: `Bearer ${t.adminToken}` },
    )
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { details: [{ field: 'timezone' }] } })
  })
})
