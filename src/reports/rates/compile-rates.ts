import { compileGoal, propertyText } from '../../goals/compile-goal.ts'
import type { Goal } from '../../schema/goal.ts'
import { eventDimensionSql } from '../dimension-sql.ts'
import type { CompiledQuery } from '../query.ts'
import type { Breakdown, RateInterval, RatesSpec } from './rates-spec.ts'
import {
  type BreakdownPlan,
  breakdownSql,
  type RateGoalSql,
  ratesSql,
  ratesTotalsAndSeriesSql,
} from './rates-sql.ts'

/** The goals' compiled expressions and the parameters they bring (prefixed g0_, g1_, …). */
function prepare(goals: readonly Goal[]): { sql: RateGoalSql[]; params: Record<string, unknown> } {
  const sql: RateGoalSql[] = []
  const params: Record<string, unknown> = {}
  goals.forEach((goal, i) => {
    const compiled = compileGoal(goal, `g${i}_`)
    Object.assign(params, compiled.params)
    sql.push({ compiled, counting: goal.counting, value: goal.value })
  })
  return { sql, params }
}

const base = (siteId: string, timezone: string) => ({ site: siteId, tz: timezone })

/**
 * Totals of the period and, when compared, of the previous period, in one scan: each row is
 * tagged with its period (`grp` = 'current' or 'previous').
 */
export function compileRatesTotals(
  siteId: string,
  timezone: string,
  goals: readonly Goal[],
  spec: RatesSpec,
): CompiledQuery {
  const { sql, params } = prepare(goals)
  const period = `if(toDate(ts, {tz:String}) >= {from:Date}, 'current', 'previous')`
  return {
    query: ratesSql(sql, period),
    params: {
      ...base(siteId, timezone),
      ...params,
      lo: spec.previous?.from ?? spec.from,
      hi: spec.to,
      from: spec.from,
    },
  }
}

const BUCKETS: Record<Exclude<RateInterval, 'none'>, string> = {
  hour: `toString(toStartOfHour(ts, {tz:String}))`,
  day: `toString(toDate(ts, {tz:String}))`,
  week: `toString(toMonday(ts, {tz:String}))`,
  month: `toString(toStartOfMonth(ts, {tz:String}))`,
}

/** One row per time bucket of the site's zone that has events. */
export function compileRatesSeries(
  siteId: string,
  timezone: string,
  goals: readonly Goal[],
  spec: RatesSpec & { interval: Exclude<RateInterval, 'none'> },
): CompiledQuery {
  const { sql, params } = prepare(goals)
  return {
    query: ratesSql(sql, BUCKETS[spec.interval]),
    params: { ...base(siteId, timezone), ...params, lo: spec.from, hi: spec.to },
  }
}

/** Intervals whose buckets are whole days of the site's zone, so days can be merged into them. */
export type DayInterval = 'day' | 'week' | 'month'

const DAY_BUCKETS: Record<DayInterval, string> = {
  day: 'toString(day)',
  week: 'toString(toMonday(day))',
  month: 'toString(toStartOfMonth(day))',
}

export const isDayInterval = (interval: RateInterval): interval is DayInterval => interval in DAY_BUCKETS

/**
 * The totals (with the previous period when compared) and the series by day, week or month in
 * one scan: rows with `grp` 'current' / 'previous' are those of compileRatesTotals, the others
 * those of compileRatesSeries.
 */
export function compileRatesTotalsAndSeries(
  siteId: string,
  timezone: string,
  goals: readonly Goal[],
  spec: RatesSpec & { interval: DayInterval },
): CompiledQuery {
  const { sql, params } = prepare(goals)
  return {
    query: ratesTotalsAndSeriesSql(sql, DAY_BUCKETS[spec.interval]),
    params: {
      ...base(siteId, timezone),
      ...params,
      lo: spec.previous?.from ?? spec.from,
      hi: spec.to,
      from: spec.from,
    },
  }
}

const PROPERTY_TEXT = propertyText('{bk:String}')

/**
 * Event-level expression of each dimension and how a visitor's value is chosen: that of their
 * first event in the period; for the landing page their first page view, for a property the
 * first non-empty value.
 */
function dimensionPlan(breakdown: Breakdown): BreakdownPlan {
  const first = (expr: string): BreakdownPlan => ({ kind: 'first', expr, visitor: 'argMin(grp, ts)' })
  switch (breakdown.dimension) {
    case 'landing_page':
      return {
        kind: 'first',
        expr: `if(type IN ('page', 'screen'), path, '')`,
        visitor: `argMinIf(grp, ts, grp != '')`,
      }
    case 'property':
      return { kind: 'first', expr: PROPERTY_TEXT, visitor: `argMinIf(grp, ts, grp != '')` }
    case 'page':
      return { kind: 'pages', top: false }
    default:
      return first(eventDimensionSql(breakdown.dimension))
  }
}

/**
 * The breakdown's top `limit` rows by visitors. For `page`, pass the top pages found by a first
 * run as `top` to get them with an exact "(other)" row (a visitor may have viewed several).
 */
export function compileRatesBreakdown(
  siteId: string,
  timezone: string,
  goals: readonly Goal[],
  spec: RatesSpec & { breakdown: Breakdown },
  top?: string[],
): CompiledQuery {
  const { sql, params } = prepare(goals)
  const plan = dimensionPlan(spec.breakdown)
  return {
    query: breakdownSql(sql, plan.kind === 'pages' && top ? { kind: 'pages', top: true } : plan),
    params: {
      ...base(siteId, timezone),
      ...params,
      lo: spec.from,
      hi: spec.to,
      limit: spec.limit,
      ...(spec.breakdown.dimension === 'property' ? { bk: spec.breakdown.property } : {}),
      ...(top ? { top } : {}),
    },
  }
}
