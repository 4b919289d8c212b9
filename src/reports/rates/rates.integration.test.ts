import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { Goal, GoalInput } from '../../schema/goal.ts'
import { runQuery } from '../query.ts'
import {
  compileRatesSeries,
  compileRatesTotals,
  compileRatesTotalsAndSeries,
  type DayInterval,
} from './compile-rates.ts'
import { ratesQuerySchema, resolveRatesSpec } from './rates-spec.ts'
import type { RatesReport, RatesRow } from './shape-rates.ts'

// The test site lives in Europe/Berlin: UTC+1 in winter, so 23:30 UTC is already the next day there.
let t: TestStepwise
let siteId: string

interface Call {
  visitor: string
  at: string
  type?: 'track' | 'page' | 'identify'
  event?: string
  path?: string
  props?: Record<string, unknown>
  device?: 'mobile' | 'desktop'
}

const UA = {
  desktop:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  mobile:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
}

const INJECTION = "x'); DROP TABLE events; --"

let seq = 0
function call(c: Call) {
  seq += 1
  const type = c.type ?? (c.path ? 'page' : 'track')
  return {
    type,
    messageId: `m-${seq}`,
    anonymousId: c.visitor,
    timestamp: c.at,
    ...(type === 'track' ? { event: c.event ?? 'Something' } : {}),
    properties: { ...(c.path ? { path: c.path, url: `https://shop.example.com${c.path}` } : {}), ...c.props },
    context: {
      userAgent: UA[c.device ?? 'desktop'],
      ...(c.path ? { page: { path: c.path, url: `https://shop.example.com${c.path}` } } : {}),
    },
  }
}

async function send(calls: Call[]) {
  const res = await t.post('/v1/batch', { batch: calls.map(call) }, { authorization: t.basic })
  expect(res.status).toBe(200)
}

async function addGoal(goal: GoalInput) {
  const res = await t.post(`/api/v1/sites/${siteId}/goals`, goal, { authorization: t.bearer })
  expect(res.status).toBe(201)
}

async function rates(query: string): Promise<RatesReport> {
  const res = await t.get(`/api/v1/sites/${siteId}/reports/rates?${query}`, { authorization: t.bearer })
  const body = (await res.json()) as RatesReport
  expect(res.status, JSON.stringify(body)).toBe(200)
  return body
}

const goalOf = (r: RatesReport, name: string) => {
  const g = r.goals.find((x) => x.name === name)
  if (!g) throw new Error(`no goal ${name}`)
  return g
}

beforeAll(async () => {
  t = await openTestStepwise()
  siteId = t.site.site.id
  await addGoal({ name: 'Signed up', kind: 'micro', match: { type: 'event', event: 'Signed Up' } })
  await addGoal({
    name: 'Purchase',
    kind: 'macro',
    match: { type: 'event', event: 'Order Completed' },
    value: { property: 'revenue', currency: 'EUR' },
  })
  await addGoal({
    name: 'Purchase per session',
    kind: 'macro',
    counting: 'once_per_session',
    match: { type: 'event', event: 'Order Completed' },
    value: { property: 'revenue', currency: 'EUR' },
  })
  await addGoal({
    name: 'Purchase every time',
    kind: 'macro',
    counting: 'every_time',
    match: { type: 'event', event: 'Order Completed' },
    value: { property: 'revenue' },
  })
  await addGoal({
    name: 'Pricing page',
    kind: 'micro',
    match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
  })
  await addGoal({
    name: 'Three pages',
    kind: 'micro',
    match: { type: 'engagement', metric: 'pages_per_session', threshold: 3 },
  })
  await addGoal({
    name: INJECTION,
    kind: 'micro',
    match: {
      type: 'event',
      event: INJECTION,
      conditions: [{ property: "k'); --", op: 'eq', value: "v\\'{x:String}" }],
    },
  })
  await send([
    {
      visitor: 'b',
      at: '2026-03-10T10:03:00.000Z',
      event: INJECTION,
      props: { "k'); --": "v\\'{x:String}" },
      device: 'mobile',
    },
    { visitor: 'c', at: '2026-03-10T22:59:40.000Z', event: INJECTION, props: { "k'); --": 'v' } },
    // a: lands late on 9 March UTC = 10 March in Berlin; signs up; buys twice in one session,
    // comes back two hours later (a new session) and buys again.
    { visitor: 'a', at: '2026-03-09T23:30:00.000Z', path: '/' },
    { visitor: 'a', at: '2026-03-09T23:31:00.000Z', event: 'Signed Up' },
    {
      visitor: 'a',
      at: '2026-03-09T23:32:00.000Z',
      event: 'Order Completed',
      props: { revenue: 10, currency: 'EUR' },
    },
    {
      visitor: 'a',
      at: '2026-03-09T23:33:00.000Z',
      event: 'Order Completed',
      props: { revenue: '5.5', currency: 'EUR' },
    },
    { visitor: 'a', at: '2026-03-10T02:00:00.000Z', path: '/pricing/pro' },
    {
      visitor: 'a',
      at: '2026-03-10T02:01:00.000Z',
      event: 'Order Completed',
      props: { revenue: 20, currency: 'EUR' },
    },
    // b: mobile, three pages in one session, no purchase.
    { visitor: 'b', at: '2026-03-10T10:00:00.000Z', path: '/', device: 'mobile' },
    { visitor: 'b', at: '2026-03-10T10:01:00.000Z', path: '/pricing', device: 'mobile' },
    { visitor: 'b', at: '2026-03-10T10:02:00.000Z', path: '/about', device: 'mobile' },
    // c: 22:59 UTC on 10 March is 23:59 in Berlin, still the 10th; buys without a value.
    { visitor: 'c', at: '2026-03-10T22:59:00.000Z', path: '/shop' },
    { visitor: 'c', at: '2026-03-10T22:59:30.000Z', event: 'Order Completed' },
    // d: 23:00 UTC on 10 March is midnight in Berlin: the 11th.
    { visitor: 'd', at: '2026-03-10T23:00:00.000Z', path: '/' },
    { visitor: 'd', at: '2026-03-10T23:01:00.000Z', event: 'Signed Up' },
    // Previous period (9 March in Berlin): e signs up, f only looks.
    { visitor: 'e', at: '2026-03-09T12:00:00.000Z', path: '/' },
    { visitor: 'e', at: '2026-03-09T12:01:00.000Z', event: 'Signed Up' },
    { visitor: 'f', at: '2026-03-09T13:00:00.000Z', path: '/' },
    { visitor: 'f', at: '2026-03-09T13:00:00.000Z', event: 'Identify me', type: 'identify' },
  ])
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('rates report', () => {
  it('counts visitors and conversions of one day in the site time zone', async () => {
    const r = await rates('from=2026-03-10&to=2026-03-10')
    expect(r.timezone).toBe('Europe/Berlin')
    expect(r.visitors).toBe(3) // a, b, c — not d (the 11th in Berlin), not e/f (the 9th)
    const signup = goalOf(r, 'Signed up')
    expect(signup).toMatchObject({ kind: 'micro', visitors: 3, convertedVisitors: 1, conversions: 1 })
    expect(signup.conversionRate).toBeCloseTo(1 / 3, 12)
    expect(goalOf(r, 'Pricing page')).toMatchObject({ convertedVisitors: 2 })
    expect(goalOf(r, 'Three pages')).toMatchObject({ convertedVisitors: 1, conversions: 1 })
  })

  it('applies each counting rule to conversions and value', async () => {
    const r = await rates('from=2026-03-10&to=2026-03-10')
    // a: session 1 buys 10 and 5.5, session 2 buys 20; c buys once without a value.
    expect(goalOf(r, 'Purchase')).toMatchObject({
      convertedVisitors: 2,
      conversions: 2,
      convertedSessions: 3,
      sessions: 4,
      value: { sum: 10, withValue: 1, average: 10, currency: 'EUR', currencies: ['EUR'] },
    })
    expect(goalOf(r, 'Purchase per session')).toMatchObject({
      conversions: 3,
      value: { sum: 30, withValue: 2, average: 15, currency: 'EUR' },
    })
    expect(goalOf(r, 'Purchase every time')).toMatchObject({
      conversions: 4,
      value: { sum: 35.5, withValue: 3, currency: 'EUR', currencies: ['EUR'] },
    })
    expect(goalOf(r, 'Purchase').sessionConversionRate).toBeCloseTo(3 / 4, 12)
  })

  it('compares with the previous period of equal length', async () => {
    const r = await rates('from=2026-03-10&to=2026-03-10')
    expect(r.previous).toEqual({ from: '2026-03-09', to: '2026-03-09', visitors: 2, sessions: 2 })
    const signup = goalOf(r, 'Signed up')
    expect(signup.previous).toMatchObject({ visitors: 2, convertedVisitors: 1, conversionRate: 0.5 })
    expect(signup.change?.convertedVisitors).toEqual({ absolute: 0, relative: 0 })
    expect(signup.change?.conversionRate.absolute).toBeCloseTo(1 / 3 - 1 / 2, 12)
    expect(signup.change?.conversionRate.relative).toBeCloseTo((1 / 3 - 1 / 2) / (1 / 2), 12)
    // Nobody bought on the 9th: the relative change of a zero is null, never Infinity.
    expect(goalOf(r, 'Purchase').change?.conversions).toEqual({ absolute: 2, relative: null })
  })

  it('reports a rate of no visitors as null', async () => {
    const r = await rates('from=2025-01-01&to=2025-01-31')
    expect(r.visitors).toBe(0)
    for (const g of r.goals) {
      expect(g.conversionRate).toBeNull()
      expect(g.sessionConversionRate).toBeNull()
    }
    expect(r.series?.buckets).toHaveLength(31)
    expect(r.series?.buckets.every((b) => b.goals.every((g) => g.conversionRate === null))).toBe(true)
  })

  it('gives a daily series in the site time zone', async () => {
    const r = await rates('from=2026-03-09&to=2026-03-11&compare=none')
    expect(r.previous).toBeNull()
    expect(r.series?.buckets.map((b) => [b.start, b.visitors])).toEqual([
      ['2026-03-09', 2],
      ['2026-03-10', 3],
      ['2026-03-11', 1],
    ])
    const signups = r.series?.buckets.map((b) => b.goals[0]?.convertedVisitors)
    expect(signups).toEqual([1, 1, 1])
  })

  it('breaks down by device with rows that sum to the total', async () => {
    const r = await rates('from=2026-03-09&to=2026-03-11&breakdown=device&limit=1')
    const b = r.breakdown
    expect(b?.overlapping).toBe(false)
    const rows = [...(b?.rows ?? []), ...(b?.other ? [b.other] : [])]
    expect(rows.map((x) => x.value)).toEqual(['desktop', '(other)'])
    expect(rows.reduce((s, x) => s + x.visitors, 0)).toBe(r.visitors)
    for (const [i, g] of r.goals.entries()) {
      expect(rows.reduce((s, x) => s + (x.goals[i]?.convertedVisitors ?? 0), 0)).toBe(g.convertedVisitors)
      expect(rows.reduce((s, x) => s + (x.goals[i]?.conversions ?? 0), 0)).toBe(g.conversions)
    }
    expect(b?.other).toMatchObject({ visitors: 1, sessions: 1 })
  })

  it('breaks down by page with a visitor under every page viewed', async () => {
    const r = await rates('from=2026-03-10&to=2026-03-10&breakdown=page&limit=2')
    const b = r.breakdown
    expect(b?.overlapping).toBe(true)
    expect(b?.rows.map((x) => [x.value, x.visitors])).toEqual([
      ['/', 2],
      ['/about', 1],
    ])
    // a (/pricing/pro), b (/pricing, also under / and /about) and c (/shop) lie outside the top two.
    expect(b?.other?.visitors).toBe(3)
  })

  it('keeps injection attempts in goal names, keys and values inert', async () => {
    const r = await rates(`from=2026-03-10&to=2026-03-10&goals=${encodeURIComponent(INJECTION)}`)
    expect(r.goals.map((g) => [g.name, g.convertedVisitors])).toEqual([[INJECTION, 1]])
    expect(r.visitors).toBe(3)
  })

  it('refuses unknown goals and dimensions, naming the parameter', async () => {
    const res = await t.get(`/api/v1/sites/${siteId}/reports/rates?goals=Nope`, { authorization: t.bearer })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { details: [{ field: 'goals' }] } })
    const bad = await t.get(`/api/v1/sites/${siteId}/reports/rates?breakdown=planet`, {
      authorization: t.bearer,
    })
    expect(await bad.json()).toMatchObject({ error: { details: [{ field: 'breakdown' }] } })
  })

  it('shows at most 50 goals unless they are chosen, and says how many it left out', async () => {
    const more = Array.from({ length: 45 }, (_, i) => ({
      name: `Extra ${i}`,
      kind: 'micro',
      match: { type: 'event', event: `Extra ${i}` },
    }))
    const res = await t.post(
      `/api/v1/sites/${siteId}/goals/import`,
      { goals: more },
      { authorization: t.bearer },
    )
    expect(res.status).toBe(200)
    const r = await rates('from=2026-03-10&to=2026-03-10&interval=none')
    expect(r.goals).toHaveLength(50)
    expect(r.omittedGoals).toBe(52 - 50)
    const chosen = await rates('from=2026-03-10&to=2026-03-10&interval=none&goals=Extra%2044,Purchase')
    expect(chosen.goals.map((g) => g.name)).toEqual(['Extra 44', 'Purchase'])
    expect(chosen.omittedGoals).toBeUndefined()
  })
})

describe('totals and series in one scan', () => {
  // Sums of values may add in another order (equal to the last few bits); currencies are a set.
  const normalise = (rows: RatesRow[]) =>
    rows
      .map((r) =>
        JSON.stringify(r, (key, v) =>
          /^value\d+$/.test(key) && v !== null
            ? Number(Number(v).toFixed(9))
            : /^currencies\d+$/.test(key) && Array.isArray(v)
              ? [...v].sort()
              : v,
        ),
      )
      .sort()

  it('gives the rows of the totals query and of the series query', async () => {
    const res = await t.get(`/api/v1/sites/${siteId}/goals`, { authorization: t.bearer })
    const goals = ((await res.json()) as { goals: Goal[] }).goals.filter((g) => !g.name.startsWith('Extra'))
    const cases: Array<[string, string, DayInterval, 'previous' | 'none']> = [
      ['2026-03-10', '2026-03-11', 'day', 'previous'],
      ['2026-03-09', '2026-03-11', 'day', 'none'],
      ['2026-03-09', '2026-03-15', 'week', 'previous'],
      ['2026-03-01', '2026-03-31', 'month', 'previous'],
    ]
    for (const [from, to, interval, compare] of cases) {
      const spec = {
        ...resolveRatesSpec(
          ratesQuerySchema.parse({ from, to, interval, compare }),
          'Europe/Berlin',
          new Date(),
        ),
        interval,
      }
      const one = await runQuery<RatesRow>(
        t.stepwise.events,
        compileRatesTotalsAndSeries(siteId, 'Europe/Berlin', goals, spec),
      )
      const totals = await runQuery<RatesRow>(
        t.stepwise.events,
        compileRatesTotals(siteId, 'Europe/Berlin', goals, spec),
      )
      const series = await runQuery<RatesRow>(
        t.stepwise.events,
        compileRatesSeries(siteId, 'Europe/Berlin', goals, spec),
      )
      expect(series.length, `${from} ${interval}`).toBeGreaterThan(0)
      expect(normalise(one), `${from}–${to} by ${interval}, compare ${compare}`).toEqual(
        normalise([...totals, ...series]),
      )
    }
  })
})
