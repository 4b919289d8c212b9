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
  const { condition, params } = compileMatchCondition(match, 'm_')
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
