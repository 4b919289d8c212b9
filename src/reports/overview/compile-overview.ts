import type { CompiledQuery } from '../query.ts'
import type { OverviewSpec } from './overview-spec.ts'

/**
 * Visitors, sessions, pageviews and events per day of the site's time zone, plus the totals of
 * the whole period (unique counts are not additive over days, so totals are their own grouping).
 * The UTC range widened by a day on each side lets the primary key prune; the exact day test
 * then runs in the site's zone.
 */
export function compileOverview(siteId: string, timezone: string, spec: OverviewSpec): CompiledQuery {
  return {
    query: `SELECT
  toDate(ts, {tz:String}) AS day,
  grouping(day) AS is_total,
  uniqExact(visitor_id) AS visitors,
  uniqExactIf(session_id, session_id != '') AS sessions,
  countIf(type IN ('page', 'screen')) AS pageviews,
  countIf(type IN ('track', 'page', 'screen')) AS events
FROM events
WHERE site_id = {site:String}
  AND toDate(ts) BETWEEN {from:Date} - 1 AND {to:Date} + 1
  AND toDate(ts, {tz:String}) BETWEEN {from:Date} AND {to:Date}
GROUP BY GROUPING SETS ((day), ())`,
    params: { site: siteId, tz: timezone, from: spec.from, to: spec.to },
  }
}
