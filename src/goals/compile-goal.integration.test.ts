import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessionTracker } from '../ingest/session-tracker.ts'
import { runQuery } from '../reports/query.ts'
import { type GoalInput, goalInputSchema } from '../schema/goal.ts'
import { createEventsClient, type EventsClient } from '../store/events/create-events-client.ts'
import type { EventRow } from '../store/events/event-row.ts'
import { migrateEvents } from '../store/events/migrate-events.ts'
import { compileGoal } from './compile-goal.ts'
import { caseEventRow, loadGoalCases } from './goal-cases.ts'

const CASES_SITE = 'site_cases'
const cases = loadGoalCases()
const T0 = Date.parse('2026-03-02T10:00:00Z')

let dir: string
let events: EventsClient
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-goals-'))
  events = createEventsClient({ server: null, dataDir: dir })
  await migrateEvents(events.client)
  await insert(
    cases.map((c, i) => caseEventRow(c.event, { site_id: CASES_SITE, event_id: `case-${i}`, ts: T0 })),
  )
})
afterAll(async () => {
  await events.client.close()
  rmSync(dir, { recursive: true, force: true })
})

async function insert(rows: EventRow[]): Promise<void> {
  await events.client.insert({ table: 'events', values: rows, format: 'JSONEachRow' })
}

interface Evaluated {
  matched: number
  goal_value: number | null
  goal_currency: string
  condition_type: string
  value_type: string
}

describe('goal-cases.json on the engine', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const compiled = compileGoal(goalInputSchema.parse(c.goal), 'g_')
    const rows = await runQuery<Evaluated>(events.client, {
      // Aliases are query-wide in ClickHouse: naming an output `value` or `currency` would
      // replace the columns the expressions read.
      query: `SELECT ${compiled.condition} AS matched, ${compiled.value} AS goal_value, ${compiled.currency} AS goal_currency,
                toTypeName(${compiled.condition}) AS condition_type, toTypeName(${compiled.value}) AS value_type
              FROM events WHERE site_id = {t_site:String} AND event_id = {t_id:String}`,
      params: { ...compiled.params, t_site: CASES_SITE, t_id: `case-${i}` },
    })
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row.matched).toBe(c.matches ? 1 : 0)
    expect(row.condition_type).toBe('UInt8')
    expect(row.value_type).toBe('Nullable(Float64)')
    if (c.expected?.value !== undefined) expect(row.goal_value).toBe(c.expected.value)
    if (c.expected?.currency !== undefined) expect(row.goal_currency).toBe(c.expected.currency)
  })

  it('leaves the table whole after the hostile cases', async () => {
    const rows = await runQuery<{ n: string }>(events.client, {
      query: 'SELECT count() AS n FROM events WHERE site_id = {site:String}',
      params: { site: CASES_SITE },
    })
    expect(Number(rows[0]?.n)).toBe(cases.length)
  })
})

describe('engagement goals on the session position the ingest stores', () => {
  it('make pages_per_session and session_duration convert once per session that reaches them', async () => {
    const site = 'site_reach'
    const tracker = createSessionTracker()
    // Positions come from the ingest's session tracker, event by event in arrival order.
    const at = (
      id: string,
      visitor: string,
      seconds: number,
      type: 'page' | 'screen' | 'track',
    ): EventRow => {
      const ts = T0 + seconds * 1000
      const event = { type, name: type === 'track' ? 'Click' : '', properties: {}, path: `/${id}` }
      const pos = tracker.assign(site, visitor, ts, '', type !== 'track')
      return {
        ...caseEventRow(event, { site_id: site, event_id: id, ts }),
        visitor_id: visitor,
        session_id: pos.id,
        session_pages: pos.pages,
        session_seconds: pos.seconds,
        session_prev_seconds: pos.prevSeconds,
      }
    }
    await insert([
      // v1: four page views and clicks, 70 s long.
      at('p1', 'v1', 0, 'page'),
      at('p2', 'v1', 5, 'track'),
      at('p3', 'v1', 20, 'page'),
      at('p4', 'v1', 30, 'page'),
      at('p5', 'v1', 45, 'track'),
      at('p6', 'v1', 70, 'page'),
      // v2: two page views only, 30 s.
      at('q1', 'v2', 1000, 'page'),
      at('q2', 'v2', 1030, 'page'),
      // v3: three screen views, exactly 60 s.
      at('r1', 'v3', 2000, 'screen'),
      at('r2', 'v3', 2030, 'screen'),
      at('r3', 'v3', 2060, 'screen'),
    ])
    const converting = async (match: GoalInput['match']): Promise<string[]> => {
      const compiled = compileGoal(goalInputSchema.parse({ name: 'Engaged', kind: 'micro', match }), 'g0_')
      const rows = await runQuery<{ event_id: string }>(events.client, {
        query: `SELECT event_id FROM events WHERE site_id = {site:String} AND ${compiled.condition} ORDER BY event_id`,
        params: { ...compiled.params, site },
      })
      return rows.map((r) => r.event_id)
    }
    expect(await converting({ type: 'engagement', metric: 'pages_per_session', threshold: 3 })).toEqual([
      'p4',
      'r3',
    ])
    expect(await converting({ type: 'engagement', metric: 'session_duration', threshold: 60 })).toEqual([
      'p6',
      'r3',
    ])
    expect(await converting({ type: 'engagement', metric: 'session_duration', threshold: 0 })).toEqual([
      'p1',
      'q1',
      'r1',
    ])
  })
})

describe('several goals in one query', () => {
  it('count each goal by its own prefix', async () => {
    const goals: GoalInput[] = [
      {
        name: 'Pro',
        kind: 'macro',
        match: { type: 'event', event: 'Purchase' },
        value: { property: 'revenue' },
      },
      {
        name: 'Pricing',
        kind: 'micro',
        match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
      },
    ]
    const compiled = goals.map((g, i) => compileGoal(goalInputSchema.parse(g), `g${i}_`))
    const [a, b] = compiled as [(typeof compiled)[number], (typeof compiled)[number]]
    const rows = await runQuery<{ a: string; b: string; revenue: number }>(events.client, {
      query: `SELECT countIf(${a.condition}) AS a, countIf(${b.condition}) AS b, sumIf(${a.value}, ${a.condition}) AS revenue
              FROM events WHERE site_id = {site:String}`,
      params: { ...a.params, ...b.params, site: CASES_SITE },
    })
    const purchases = cases.filter((c) => c.event.name === 'Purchase')
    const pricingViews = cases.filter(
      (c) => (c.event.type === 'page' || c.event.type === 'screen') && c.event.path?.startsWith('/pricing'),
    )
    // Numbers and numeric strings count; 'free', true and null do not.
    const revenue = purchases
      .map((c) => (typeof c.event.properties === 'object' ? c.event.properties.revenue : undefined))
      .filter(
        (r) =>
          typeof r === 'number' || (typeof r === 'string' && r.trim() !== '' && !Number.isNaN(Number(r))),
      )
      .reduce((sum: number, r) => sum + Number(r), 0)
    expect(Number(rows[0]?.a)).toBe(purchases.length)
    expect(Number(rows[0]?.b)).toBe(pricingViews.length)
    expect(rows[0]?.revenue).toBeCloseTo(revenue, 9)
    expect(revenue).toBeGreaterThan(0)
  })
})
