import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runQuery } from '../reports/query.ts'
import { type GoalInput, goalInputSchema } from '../schema/goal.ts'
import { createEventsClient, type EventsClient } from '../store/events/create-events-client.ts'
import type { EventRow } from '../store/events/event-row.ts'
import { migrateEvents } from '../store/events/migrate-events.ts'
import { compileGoal } from './compile-goal.ts'
import { caseEventRow, caseSessionColumns, loadGoalCases } from './goal-cases.ts'
import { withSessionColumns } from './session-columns.ts'

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
    // The case's session columns stand in for the window a report adds (tested below).
    const session = caseSessionColumns(c.event)
    const rows = await runQuery<Evaluated>(events.client, {
      // Aliases are query-wide in ClickHouse: naming an output `value` or `currency` would
      // replace the columns the expressions read.
      query: `SELECT ${compiled.condition} AS matched, ${compiled.value} AS goal_value, ${compiled.currency} AS goal_currency,
                toTypeName(${compiled.condition}) AS condition_type, toTypeName(${compiled.value}) AS value_type
              FROM (SELECT *, {t_pages:UInt64} AS _session_pages, {t_seconds:Float64} AS _session_seconds,
                      {t_prev:Float64} AS _session_prev_seconds
                    FROM events WHERE site_id = {t_site:String} AND event_id = {t_id:String})`,
      params: {
        ...compiled.params,
        t_site: CASES_SITE,
        t_id: `case-${i}`,
        t_pages: session._session_pages,
        t_seconds: session._session_seconds,
        t_prev: session._session_prev_seconds,
      },
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

/** An event of the session tests, `seconds` after T0. */
function sessionEvent(
  id: string,
  session: string,
  seconds: number,
  type: 'page' | 'screen' | 'track',
  visitor = 'v1',
): EventRow {
  const event = { type, name: type === 'track' ? 'Click' : '', properties: {}, path: `/${id}` }
  return {
    ...caseEventRow(event, { site_id: 'site_sessions', event_id: id, ts: T0 + seconds * 1000 }),
    visitor_id: visitor,
    session_id: session,
  }
}

interface SessionRow {
  event_id: string
  _session_pages: string
  _session_seconds: number
  _session_prev_seconds: number
}

describe('session columns', () => {
  it('count page views and seconds within each session, in event order', async () => {
    await insert([
      // Inserted out of order: the window orders by time, then event id.
      sessionEvent('a3', 's1', 25.5, 'page'),
      sessionEvent('a1', 's1', 0, 'page'),
      sessionEvent('a2', 's1', 10, 'track'),
      sessionEvent('a4', 's1', 25.5, 'screen'),
      sessionEvent('a5', 's1', 40.25, 'track'),
      sessionEvent('b1', 's2', 3600, 'track'),
      sessionEvent('b2', 's2', 3612, 'page'),
      // Another visitor's events in between belong to their own session.
      sessionEvent('x1', 's1', 5, 'page', 'v2'),
    ])
    const rows = await runQuery<SessionRow>(events.client, {
      query: `SELECT event_id, _session_pages, _session_seconds, _session_prev_seconds
              FROM ${withSessionColumns('site_id = {site:String}')}
              ORDER BY visitor_id, session_id, ts, event_id`,
      params: { site: 'site_sessions' },
    })
    expect(
      rows.map((r) => [r.event_id, Number(r._session_pages), r._session_seconds, r._session_prev_seconds]),
    ).toEqual([
      ['a1', 1, 0, -1],
      ['a2', 1, 10, 0],
      ['a3', 2, 25.5, 10],
      ['a4', 3, 25.5, 25.5],
      ['a5', 3, 40.25, 25.5],
      ['b1', 0, 0, -1],
      ['b2', 1, 12, 0],
      ['x1', 1, 0, -1],
    ])
  })

  it('make pages_per_session and session_duration convert once per session that reaches them', async () => {
    const site = 'site_reach'
    const at = (id: string, session: string, seconds: number, type: 'page' | 'screen' | 'track') => ({
      ...sessionEvent(id, session, seconds, type),
      site_id: site,
    })
    await insert([
      // s1: four page views and clicks, 70 s long.
      at('p1', 's1', 0, 'page'),
      at('p2', 's1', 5, 'track'),
      at('p3', 's1', 20, 'page'),
      at('p4', 's1', 30, 'page'),
      at('p5', 's1', 45, 'track'),
      at('p6', 's1', 70, 'page'),
      // s2: two page views only, 30 s.
      at('q1', 's2', 1000, 'page'),
      at('q2', 's2', 1030, 'page'),
      // s3: three screen views, exactly 60 s.
      at('r1', 's3', 2000, 'screen'),
      at('r2', 's3', 2030, 'screen'),
      at('r3', 's3', 2060, 'screen'),
    ])
    const converting = async (match: GoalInput['match']): Promise<string[]> => {
      const compiled = compileGoal(goalInputSchema.parse({ name: 'Engaged', kind: 'micro', match }), 'g0_')
      expect(compiled.needsSession).toBe(true)
      const rows = await runQuery<{ event_id: string }>(events.client, {
        query: `SELECT event_id FROM ${withSessionColumns('site_id = {site:String}')}
                WHERE ${compiled.condition} ORDER BY event_id`,
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
