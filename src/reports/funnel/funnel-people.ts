import type { ClickHouseClient } from '@clickhouse/client'
import { AppError } from '../../schema/app-error.ts'
import { reportPeriod } from '../../schema/calendar-day.ts'
import type { FunnelDefinition } from '../../schema/funnel.ts'
import type { Goal } from '../../schema/goal.ts'
import { localDay } from '../../schema/zoned-time.ts'
import { personKeySql, personLinksJoinSql } from '../persons/person-sql.ts'
import { type CompiledQuery, runQuery } from '../query.ts'
import { funnelParams, planFunnel } from './compile-funnel.ts'
import { type FunnelPlan, funnelPersonsSql } from './funnel-sql.ts'
import { withVisitorList } from './run-funnel.ts'
import { stepLabel } from './shape-funnel.ts'

/** Who a people query selects: those who completed step k, or dropped after it. */
export interface PeopleFilter {
  step: number
  status: 'completed' | 'dropped'
}

/**
 * The step whose absence makes a drop-off after step k: the next required step (optional steps
 * are skipped, as the report's drop-offs skip them). Null when k is the last step.
 */
export function nextRequiredStep(definition: FunnelDefinition, step: number): number | null {
  for (let k = step + 1; k <= definition.steps.length; k++) if (!definition.steps[k - 1]?.optional) return k
  return null
}

/** The step filter as SQL over funnelPersonsSql's columns, with its parameters. */
function peopleCondition(
  definition: FunnelDefinition,
  filter: PeopleFilter,
): { condition: string; params: Record<string, unknown> } {
  const n = definition.steps.length
  if (filter.step > n)
    throw new AppError('invalid_parameter', `step must be a step of the funnel (1 to ${n})`, [
      { field: 'step', reason: `must be a step of the funnel (1 to ${n})` },
    ])
  if (filter.status === 'completed')
    return { condition: 'reached[{people_step:UInt8}] = 1', params: { people_step: filter.step } }
  const next = nextRequiredStep(definition, filter.step)
  if (next === null)
    throw new AppError('invalid_parameter', 'step: nobody drops after the last step', [
      {
        field: 'step',
        reason: `nobody drops after the last step; use status completed or a step before ${n}`,
      },
    ])
  return {
    condition: 'reached[{people_step:UInt8}] = 1 AND reached[{people_next:UInt8}] = 0',
    params: { people_step: filter.step, people_next: next },
  }
}

/** A people page's position: the last row's entry time (ms) and person key. */
interface PeopleCursor {
  s: number
  person: string
}

export function encodePeopleCursor(c: PeopleCursor): string {
  return Buffer.from(JSON.stringify([c.s, c.person])).toString('base64url')
}

export function decodePeopleCursor(text: string): PeopleCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(v) && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && /^\d{1,20}$/.test(v[1]))
      return { s: v[0] as number, person: v[1] }
  } catch {
    return null
  }
  return null
}

interface PeriodInput {
  site: { id: string; timezone: string }
  definition: FunnelDefinition
  goals: readonly Goal[]
  from?: string | undefined
  to?: string | undefined
  now: Date
  visitorListId?: string | undefined
}

/** The current period (no comparison) of a people query, and the plan and parameters it runs with. */
function peopleBase(input: PeriodInput, filter: PeopleFilter) {
  const today = localDay(input.site.timezone, input.now.getTime())
  const period = reportPeriod(input.from, input.to, false, today)
  const plan: FunnelPlan = withVisitorList(planFunnel(input.definition, input.goals), input.visitorListId)
  const w = { from: period.from, to: period.to, previous: null, interval: 'day' as const }
  const { condition, params } = peopleCondition(input.definition, filter)
  return {
    period: { from: period.from, to: period.to, timezone: input.site.timezone },
    plan,
    condition,
    params: { ...funnelParams(input.site.id, input.site.timezone, plan, w), ...params },
  }
}

/**
 * One page of the people a filter selects, latest entry first, with how many there are in all.
 * One funnel evaluation; `person_id` is the person key as text (it is a UInt64).
 */
export function compilePeoplePage(
  plan: FunnelPlan,
  condition: string,
  params: Record<string, unknown>,
  limit: number,
  cursor: PeopleCursor | null,
): CompiledQuery {
  const query = `SELECT toString(person) AS person_id, s, reached, converted, ttc, total
  FROM (
    SELECT person, s, reached, converted, ttc, count() OVER () AS total
    FROM (${funnelPersonsSql(plan)})
    WHERE period = 0 AND ${condition}
  )
  ${cursor ? 'WHERE (s, person) < ({cursor_s:Int64}, {cursor_person:UInt64})' : ''}
  ORDER BY s DESC, person DESC
  LIMIT {people_limit:UInt32}`
  return {
    query,
    params: {
      ...params,
      people_limit: limit,
      ...(cursor ? { cursor_s: cursor.s, cursor_person: cursor.person } : {}),
    },
  }
}

/**
 * Per person (events aliased `e`, links `l`): the first visitor id seen, up to 20 visitor ids,
 * and the user id. Needs site, scan_lo and scan_hi.
 */
const PERSON_IDS = `argMin(e.visitor_id, e.ts) AS visitor_id,
    groupUniqArray(20)(e.visitor_id) AS visitor_ids,
    anyIf(if(e.user_id != '', e.user_id, l.link_user), if(e.user_id != '', e.user_id, l.link_user) != '') AS user_id`

/** Ids and last events of the given persons, from the events a funnel read. */
export function compilePersonDetails(
  params: Record<string, unknown>,
  persons: string[],
  events: number,
): CompiledQuery {
  const query = `SELECT
    toString(${personKeySql('e', 'l')}) AS person,
    ${PERSON_IDS},
    arraySlice(arrayReverseSort(x -> x.1, groupArray((toUnixTimestamp64Milli(e.ts), e.type, e.name, e.path))), 1, {people_events:UInt32}) AS last_events
  FROM events AS e
  ${personLinksJoinSql('l')}
  WHERE e.site_id = {site:String}
    AND e.ts >= fromUnixTimestamp64Milli({scan_lo:Int64})
    AND e.ts < fromUnixTimestamp64Milli({scan_hi:Int64})
    AND ${personKeySql('e', 'l')} IN {people:Array(UInt64)}
  GROUP BY person`
  return { query, params: { ...params, people: persons.map(BigInt), people_events: Math.max(events, 1) } }
}

/**
 * Stores every person a filter selects as members of a visitor list, in one statement: the
 * funnel evaluation joined with each person's ids.
 */
export function compileSaveMembers(
  plan: FunnelPlan,
  condition: string,
  params: Record<string, unknown>,
  listId: string,
): CompiledQuery {
  const query = `INSERT INTO visitor_list_members (site_id, list_id, person_key, visitor_id, user_id, added_at)
  SELECT {site:String}, {list_id:String}, f.person, p.visitor_id, p.user_id, now64(3)
  FROM (
    SELECT person FROM (${funnelPersonsSql(plan)}) WHERE period = 0 AND ${condition}
  ) AS f
  INNER JOIN (
    SELECT ${personKeySql('e', 'l')} AS person, ${PERSON_IDS}
    FROM events AS e
    ${personLinksJoinSql('l')}
    WHERE e.site_id = {site:String}
      AND e.ts >= fromUnixTimestamp64Milli({scan_lo:Int64})
      AND e.ts < fromUnixTimestamp64Milli({scan_hi:Int64})
    GROUP BY person
  ) AS p ON p.person = f.person`
  return { query, params: { ...params, list_id: listId } }
}

export interface FunnelPerson {
  /** The person key: stable for a visitor, or for a user id across their visitor ids. */
  person: string
  userId: string | null
  visitorId: string
  visitorIds: string[]
  /** When the person entered the funnel (the best attempt's step-1 event). */
  enteredAt: string
  /** The furthest step reached, and whether they converted. */
  furthestStep: number
  converted: boolean
  timeToConvertSeconds: number | null
  lastEvents: Array<{ timestamp: string; type: string; name: string; path: string }>
}

export interface FunnelPeoplePage {
  period: { from: string; to: string; timezone: string }
  step: number
  stepLabel: string
  status: 'completed' | 'dropped'
  total: number
  people: FunnelPerson[]
  nextCursor: string | null
}

interface PageRow {
  person_id: string
  s: number | string
  reached: number[]
  converted: number
  ttc: number
  total: number | string
}

interface DetailRow {
  person: string
  visitor_id: string
  visitor_ids: string[]
  user_id: string
  last_events: Array<[number | string, string, string, string]>
}

export interface PeopleInput extends PeriodInput {
  filter: PeopleFilter
  limit: number
  cursor: string | undefined
  events: number
}

/** The people page: one funnel evaluation, then the ids and last events of that page's people. */
export async function runFunnelPeople(
  client: ClickHouseClient,
  input: PeopleInput,
): Promise<FunnelPeoplePage> {
  const cursor = input.cursor ? decodePeopleCursor(input.cursor) : null
  if (input.cursor && !cursor)
    throw new AppError('invalid_parameter', 'cursor must be a cursor returned by a previous page', [
      { field: 'cursor', reason: 'is not a cursor returned by a previous page' },
    ])
  const base = peopleBase(input, input.filter)
  // One row more than asked tells whether there is a next page.
  const rows = await runQuery<PageRow>(
    client,
    compilePeoplePage(base.plan, base.condition, base.params, input.limit + 1, cursor),
  )
  const page = rows.slice(0, input.limit)
  const details = new Map<string, DetailRow>()
  if (page.length > 0) {
    const found = await runQuery<DetailRow>(
      client,
      compilePersonDetails(
        base.params,
        page.map((r) => r.person_id),
        input.events,
      ),
    )
    for (const d of found) details.set(d.person, d)
  }
  const last = page.at(-1)
  return {
    period: base.period,
    step: input.filter.step,
    stepLabel: stepLabel(
      input.definition.steps[input.filter.step - 1] as FunnelDefinition['steps'][number],
      input.filter.step - 1,
    ),
    status: input.filter.status,
    total: Number(rows[0]?.total ?? 0),
    people: page.map((r) => {
      const d = details.get(r.person_id)
      const furthest = r.reached.lastIndexOf(1) + 1
      return {
        person: r.person_id,
        userId: d?.user_id ? d.user_id : null,
        visitorId: d?.visitor_id ?? '',
        visitorIds: d?.visitor_ids.slice().sort() ?? [],
        enteredAt: new Date(Number(r.s)).toISOString(),
        furthestStep: furthest,
        converted: Boolean(r.converted),
        timeToConvertSeconds: r.converted ? r.ttc : null,
        lastEvents:
          input.events === 0
            ? []
            : (d?.last_events ?? []).map(([t, type, name, path]) => ({
                timestamp: new Date(Number(t)).toISOString(),
                type,
                name,
                path,
              })),
      }
    }),
    nextCursor:
      rows.length > input.limit && last
        ? encodePeopleCursor({ s: Number(last.s), person: last.person_id })
        : null,
  }
}

/** Saves everyone a filter selects into a visitor list's members; returns how many. */
export async function saveFunnelPeople(
  client: ClickHouseClient,
  input: PeriodInput & { filter: PeopleFilter; listId: string },
): Promise<{ period: { from: string; to: string; timezone: string }; size: number }> {
  const base = peopleBase(input, input.filter)
  const save = compileSaveMembers(base.plan, base.condition, base.params, input.listId)
  await client.command({ query: save.query, query_params: save.params })
  const counted = await runQuery<{ n: string | number }>(client, {
    query:
      'SELECT count() AS n FROM visitor_list_members WHERE site_id = {site:String} AND list_id = {list_id:String}',
    params: { site: input.site.id, list_id: input.listId },
  })
  return { period: base.period, size: Number(counted[0]?.n ?? 0) }
}
