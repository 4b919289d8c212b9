import { compileMatchCondition, propertyText } from '../../goals/compile-goal.ts'
import { AppError } from '../../schema/app-error.ts'
import { addDays } from '../../schema/calendar-day.ts'
import type { FunnelBreakdown, FunnelDefinition, FunnelMatcher } from '../../schema/funnel.ts'
import type { Goal, Match } from '../../schema/goal.ts'
import { zonedToUtc } from '../../schema/zoned-time.ts'
import { eventDimensionSql } from '../dimension-sql.ts'
import type { CompiledQuery } from '../query.ts'
import { type FunnelPlan, funnelPersonsSql } from './funnel-sql.ts'

/** A goal reference (id or name) of a funnel, looked up among the site's goals. */
function goalMatch(ref: string, goals: readonly Goal[], field: string): Match {
  const goal = goals.find((g) => g.id === ref) ?? goals.find((g) => g.name === ref)
  if (!goal)
    throw new AppError('invalid_parameter', `${field} names "${ref}", which is not a goal of this site`, [
      { field, reason: `"${ref}" is not a goal of this site` },
    ])
  return goal.match
}

function matcher(m: FunnelMatcher, goals: readonly Goal[], field: string): Match {
  return m.goal !== undefined ? goalMatch(m.goal, goals, `${field}.goal`) : m.match
}

/** The event-level expression of a breakdown dimension ('' where the event has no value). */
export function dimensionSql(b: FunnelBreakdown): { expr: string; params: Record<string, unknown> } {
  if (b.dimension === 'property')
    return { expr: propertyText('{bd_key:String}'), params: { bd_key: b.property } }
  return { expr: b.dimension === 'path' ? 'path' : eventDimensionSql(b.dimension), params: {} }
}

/**
 * A definition with its goals resolved and every match compiled: step k's parameters are named
 * `s<k>_…` (an OR step's alternatives `s<k>a<j>_…`), exclusion e's `x<e>_…`.
 */
export function planFunnel(definition: FunnelDefinition, goals: readonly Goal[]): FunnelPlan {
  const params: Record<string, unknown> = {}
  const compile = (match: Match, prefix: string) => {
    const c = compileMatchCondition(match, prefix)
    Object.assign(params, c.params)
    return c.condition
  }
  const steps = definition.steps.map((step, i) => {
    const field = `definition.steps.${i}`
    let condition: string
    if (step.any) {
      const parts = step.any.map((alt, j) =>
        compile(matcher(alt as FunnelMatcher, goals, `${field}.any.${j}`), `s${i}a${j}_`),
      )
      condition = `(${parts.join(' OR ')})`
    } else {
      condition = compile(matcher(step as FunnelMatcher, goals, field), `s${i}_`)
    }
    return { condition, optional: step.optional, withinMs: step.within ?? null }
  })
  const exclusions = definition.exclusions.map((x, e) => ({
    condition: compile(matcher(x as FunnelMatcher, goals, `definition.exclusions.${e}`), `x${e}_`),
    from: x.from ?? 1,
    to: x.to ?? steps.length,
  }))
  let breakdown: FunnelPlan['breakdown'] = null
  if (definition.breakdown) {
    const d = dimensionSql(definition.breakdown)
    Object.assign(params, d.params)
    breakdown = {
      expr: d.expr,
      attribution: definition.breakdown.attribution,
      step: definition.breakdown.step ?? null,
    }
  }
  return { mode: definition.mode, windowMs: definition.window, steps, exclusions, breakdown, params }
}

/** The period of a report, resolved to instants of the site's zone. */
export interface FunnelWindow {
  from: string
  to: string
  previous: { from: string; to: string } | null
  interval: 'day' | 'week'
}

/** Histogram edges for time to convert, in ms: a fixed ladder up to the window, the window last. */
export function histogramEdges(windowMs: number): number[] {
  const M = 60_000
  const H = 60 * M
  const D = 24 * H
  const ladder = [
    M,
    5 * M,
    15 * M,
    30 * M,
    H,
    3 * H,
    6 * H,
    12 * H,
    D,
    2 * D,
    3 * D,
    5 * D,
    7 * D,
    14 * D,
    30 * D,
    60 * D,
    90 * D,
    180 * D,
  ]
  return [...ladder.filter((e) => e < windowMs), windowMs]
}

/** The parameters every funnel query of a period needs besides the plan's. */
export function funnelParams(
  siteId: string,
  timezone: string,
  plan: FunnelPlan,
  w: FunnelWindow,
): Record<string, unknown> {
  const dayStart = (day: string) => zonedToUtc(timezone, day, 0)
  const curLo = dayStart(w.from)
  const curHi = dayStart(addDays(w.to, 1))
  const prevLo = w.previous ? dayStart(w.previous.from) : curLo
  const prevHi = w.previous ? dayStart(addDays(w.previous.to, 1)) : curLo
  return {
    ...plan.params,
    site: siteId,
    tz: timezone,
    cur_lo: curLo,
    cur_hi: curHi,
    prev_lo: prevLo,
    prev_hi: prevHi,
    scan_lo: Math.min(curLo, prevLo),
    // Later steps may come after the period, inside the window.
    scan_hi: curHi + plan.windowMs,
    win: plan.windowMs,
    periods: w.previous ? [0, 1] : [0],
    interval_week: w.interval === 'week' ? 1 : 0,
  }
}

/**
 * The funnel report in one query: per period the totals, per breakdown value and per entry day
 * (or week) the same counts, from the per-person evaluation. `set` tells the rows apart:
 * 'total', 'breakdown', 'trend'.
 */
export function compileFunnelReport(
  siteId: string,
  timezone: string,
  plan: FunnelPlan,
  w: FunnelWindow,
  breakdownLimit: number,
): CompiledQuery {
  const edges = histogramEdges(plan.windowMs)
  // One aggregation over the persons, rolled up (merging the aggregated states, not the rows)
  // into the sets the report reads. Without a breakdown bd is '' throughout, so ROLLUP's
  // (period, bd, bucket) is the trend and (period, bd) the breakdown set; with one, CUBE has
  // every combination and HAVING keeps the three.
  const rollup = plan.breakdown
    ? 'WITH CUBE\n  HAVING grouping(period) = 0 AND grouping(bd, bucket) != 0'
    : 'WITH ROLLUP\n  HAVING grouping(period) = 0'
  // Everyone in a row has reached step 1, and most no further: per-step sums and medians are
  // aggregated only over those who went on, step 1's count is count() and its median
  // 0 (its delta is 0 for everyone). Time to convert is kept per group (converted people only)
  // for its quantiles and histogram, computed per group rather than per row.
  const n = plan.steps.length
  const wentOn = 'arraySum(reached) > 1'
  const ttcs = 'groupArrayIf(ttc, converted)'
  const query = `SELECT
    period,
    multiIf(grouping(bd, bucket) = 3, 'total', grouping(bd, bucket) = 1, 'breakdown', 'trend') AS set,
    bd,
    bucket,
    count() AS persons,
    arrayPushFront(arrayPopFront(arrayResize(sumForEachIf(reached, ${wentOn}), ${n})), count()) AS step_persons,
    arrayPushFront(arrayPopFront(arrayResize(quantileExactInclusiveIfForEachIf(0.5)(deltas, reached, ${wentOn}), ${n}, nan)), 0) AS step_median_seconds,
    step_persons[${n}] AS conversions,
    arrayReduce('quantilesExactInclusive(0.5, 0.9)', ${ttcs}) AS ttc_quantiles,
    arrayMap((e, lo) -> toUInt64(arrayCount(t -> t * 1000 <= e AND t * 1000 > lo, ${ttcs})), {edges:Array(Int64)}, arrayPushFront(arrayPopBack({edges:Array(Int64)}), -1)) AS ttc_histogram
  FROM (${funnelPersonsSql(plan)})
  GROUP BY period, bd, bucket ${rollup}${
    // Only a breakdown needs its values ranked and cut; the trend's days all fit.
    plan.breakdown
      ? `
  ORDER BY set, period, persons DESC, bd, bucket
  LIMIT {bd_limit:UInt32} BY set, period`
      : ''
  }`
  return {
    query,
    // One LIMIT BY serves both sets: room for every day of the longest period (732) in the
    // trend; breakdown rows beyond breakdownLimit are cut when shaped.
    params: { ...funnelParams(siteId, timezone, plan, w), edges, bd_limit: Math.max(breakdownLimit, 800) },
  }
}
