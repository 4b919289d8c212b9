import type { CompiledQuery } from '../reports/query.ts'
import type { Match } from '../schema/goal.ts'
import type { PreviewInterval } from '../schema/goal-preview.ts'
import { compileMatchCondition } from './compile-goal.ts'

/**
 * Matching events and distinct visitors of one match over a period of whole days in the site's
 * zone; with `day`, per day as well (distinct visitors do not add up over days, so the period's
 * totals are their own grouping set). The events are those a rates report counts (page views,
 * screens, tracked events), and visitors are counted on the same key, so the visitors of a goal's
 * match equal its converted visitors in the rates report.
 */
export function compileGoalPreview(
  siteId: string,
  timezone: string,
  match: Match,
  period: { from: string; to: string },
  interval: PreviewInterval,
): CompiledQuery {
  const { condition, params } = compileTopLevel(match)
  const daily = interval === 'day'
  const select = [
    ...(daily ? ['toString(toDate(ts, {tz:String})) AS bucket', 'grouping(bucket) AS is_total'] : []),
    'count() AS n_events',
    'uniqExact(visitor_key) AS n_visitors',
  ]
  return {
    query: `SELECT ${select.join(', ')}
FROM events
WHERE site_id = {site:String}
  AND toDate(ts) BETWEEN {from:Date} - 1 AND {to:Date} + 1
  AND toDate(ts, {tz:String}) BETWEEN {from:Date} AND {to:Date}
  AND type IN ('track', 'page', 'screen')
  AND (${condition})${daily ? '\nGROUP BY GROUPING SETS ((bucket), ())' : ''}`,
    params: { ...params, site: siteId, tz: timezone, from: period.from, to: period.to },
  }
}

/**
 * The match's condition. A top-level `any` of several matches (the dashboard counts a kind of
 * goals together this way) tests every match on every event and keeps the event when one holds:
 * as `OR`, the engine would evaluate each match lazily on the events the ones before it left,
 * copying the events' columns (the properties text included) once per match, which took about
 * twice as long on the demo shop's micro goals. Each match still reads properties only for the
 * events its name test lets through. Same events either way; each match has its own parameter
 * prefix (`m0_`, `m1_`, …).
 */
function compileTopLevel(match: Match): { condition: string; params: Record<string, unknown> } {
  if (match.type !== 'any' || match.matches.length < 2) return compileMatchCondition(match, 'm_')
  const params: Record<string, unknown> = {}
  const conditions = match.matches.map((child, i) => {
    const compiled = compileMatchCondition(child, `m${i}_`)
    Object.assign(params, compiled.params)
    return compiled.condition
  })
  return { condition: `arrayExists(hit -> hit, [${conditions.join(', ')}])`, params }
}
