import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../test/support/open-test-stepwise.ts'
import type { RatesReport } from '../reports/rates/shape-rates.ts'
import { DEMO_GOALS } from './demo-goals.ts'
import { generateDemoShop } from './demo-shop.ts'
import { type LoadDemoResult, loadDemo } from './load-demo.ts'

const END = new Date('2026-04-10T12:00:00Z')
const OPTIONS = { visitors: 300, seed: 7, end: END }

let t: TestStepwise
let loaded: LoadDemoResult
beforeAll(async () => {
  t = await openTestStepwise()
  loaded = await loadDemo(
    {
      fetch: async (path, init) => t.stepwise.app.request(path, init),
      adminToken: t.adminToken,
      dataDir: t.dataDir,
    },
    OPTIONS,
  )
}, 120_000)
afterAll(async () => {
  await t?.close()
})

async function rows<T>(query: string): Promise<T[]> {
  const result = await t.stepwise.events.query({
    query,
    query_params: { site: loaded.site.id },
    format: 'JSONEachRow',
  })
  return result.json<T>()
}

describe('loadDemo in process', () => {
  it('creates a new demo site in Berlin time and writes the truth beside the data', () => {
    expect(loaded.site).toMatchObject({
      name: 'Demo shop',
      domain: 'demo.stepwise.local',
      timezone: 'Europe/Berlin',
    })
    expect(loaded.truthPath).toBe(`${t.dataDir}/demo/${loaded.site.id}.truth.json`)
    expect(existsSync(loaded.truthPath)).toBe(true)
    expect(JSON.parse(readFileSync(loaded.truthPath, 'utf8'))).toEqual(loaded.truth)
  })

  it('generates the same truth as the pure generator', () => {
    expect(loaded.truth).toEqual(generateDemoShop(OPTIONS).truth)
  })

  it('stores exactly the generated events, visitors and sessions', async () => {
    const [stored] = await rows<{ events: string; visitors: string; sessions: string; users: string }>(
      `SELECT count() AS events, uniqExact(visitor_id) AS visitors, uniqExact(session_id) AS sessions,
              uniqExactIf(user_id, user_id != '') AS users
       FROM events WHERE site_id = {site:String}`,
    )
    const totals = loaded.truth.totals
    expect({
      events: Number(stored?.events),
      visitors: Number(stored?.visitors),
      sessions: Number(stored?.sessions),
      users: Number(stored?.users),
    }).toEqual({
      events: totals.events,
      visitors: totals.visitors,
      sessions: totals.sessions,
      users: totals.users,
    })
  })

  it('stores the events by name, and revenue as the value of orders', async () => {
    const byName = await rows<{ name: string; n: string }>(
      `SELECT name, count() AS n FROM events WHERE site_id = {site:String} AND type = 'track' GROUP BY name ORDER BY name`,
    )
    expect(Object.fromEntries(byName.map((r) => [r.name, Number(r.n)]))).toEqual(loaded.truth.eventsByName)
    const [orders] = await rows<{ revenue: number; currencies: string[] }>(
      `SELECT round(sum(value), 2) AS revenue, groupUniqArray(currency) AS currencies
       FROM events WHERE site_id = {site:String} AND name = 'Order Completed'`,
    )
    expect(orders?.revenue).toBeCloseTo(loaded.truth.totals.revenue, 2)
    expect(orders?.currencies).toEqual(['EUR'])
  })

  it('derives the planned channel for each session and the planned device for each visitor', async () => {
    const sessions = await rows<{ channel: string; n: string }>(
      `SELECT channel, count() AS n FROM (
         SELECT session_id, argMin(channel, ts) AS channel FROM events
         WHERE site_id = {site:String} GROUP BY session_id)
       GROUP BY channel`,
    )
    const expected = Object.fromEntries(
      Object.entries(loaded.truth.channels)
        .filter(([, c]) => c.sessions > 0)
        .map(([name, c]) => [name, c.sessions]),
    )
    expect(Object.fromEntries(sessions.map((r) => [r.channel, Number(r.n)]))).toEqual(expected)
    const devices = await rows<{ device: string; n: string }>(
      `SELECT device, uniqExact(visitor_id) AS n FROM events WHERE site_id = {site:String} GROUP BY device`,
    )
    expect(Object.fromEntries(devices.map((r) => [r.device, Number(r.n)]))).toEqual({
      desktop: loaded.truth.devices.desktop?.visitors,
      mobile: loaded.truth.devices.mobile?.visitors,
    })
  })

  it('puts events on the local days the truth names', async () => {
    const days = await rows<{ day: string; events: string; visitors: string }>(
      `SELECT toString(toDate(ts, 'Europe/Berlin')) AS day, count() AS events, uniqExact(visitor_id) AS visitors
       FROM events WHERE site_id = {site:String} GROUP BY day ORDER BY day`,
    )
    const expected = loaded.truth.days.filter((d) => d.events > 0)
    expect(
      days.map((d) => ({ date: d.day, events: Number(d.events), visitors: Number(d.visitors) })),
    ).toEqual(expected.map((d) => ({ date: d.date, events: d.events, visitors: d.visitors })))
  })

  // Runs last: it needs the goal import endpoint, built alongside this.
  it('imports the demo goals, and the rates report agrees with the truth', async () => {
    expect(loaded.goals).toMatchObject({ imported: true, created: DEMO_GOALS.length })
    const { from, to } = loaded.truth.period
    const res = await t.get(
      `/api/v1/sites/${loaded.site.id}/reports/rates?from=${from}&to=${to}&interval=none`,
      {
        authorization: `Bearer ${loaded.secretKey}`,
      },
    )
    expect(res.status).toBe(200)
    const report = (await res.json()) as RatesReport
    expect(report.visitors).toBe(loaded.truth.totals.visitors)
    expect(report.sessions).toBe(loaded.truth.totals.sessions)
    const got = Object.fromEntries(
      report.goals.map((g) => [g.name, { visitors: g.convertedVisitors, conversions: g.conversions }]),
    )
    const want = Object.fromEntries(
      Object.entries(loaded.truth.goals).map(([name, g]) => [
        name,
        { visitors: g.visitors, conversions: g.conversions },
      ]),
    )
    expect(got).toEqual(want)
    const purchase = report.goals.find((g) => g.name === 'Purchase')
    expect(purchase?.value?.sum).toBeCloseTo(loaded.truth.goals.Purchase?.value ?? Number.NaN, 2)
  })
})
