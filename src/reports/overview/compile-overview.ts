import type { CompiledQuery } from '../query.ts'
import type { OverviewSpec } from './overview-spec.ts'

/**
 * Visitors, sessions, pageviews and events per day of the site's time zone, plus the totals of
 * the whole period. The UTC range widened by a day on each side lets the primary key prune; the
 * exact day test then runs in the site's zone.
 *
 * One pass over the events keeps each day's distinct visitors and sessions as states; the
 * period's totals merge the days' states (unique counts are not additive over days), so no event
 * is hashed twice. Distinct counts run on the 64-bit `visitor_key` / `session_key` columns, as the
 * rates report's do: several times faster than on the id strings, and the same counts (a
 * session id is a UUID drawn for one visitor, so distinct (visitor, session) keys are distinct
 * sessions).
 */
export function compileOverview(siteId: string, timezone: string, spec: OverviewSpec): CompiledQuery {
  return {
    query: `SELECT
  day,
  grouping(day) AS is_total,
  uniqExactMerge(day_visitors) AS visitors,
  uniqExactMerge(day_sessions) AS sessions,
  sum(day_pageviews) AS pageviews,
  sum(day_events) AS events
FROM (
  SELECT
    toDate(ts, {tz:String}) AS day,
    uniqExactState(visitor_key) AS day_visitors,
    uniqExactStateIf(session_key, session_id != '') AS day_sessions,
    countIf(type IN ('page', 'screen')) AS day_pageviews,
    countIf(type IN ('track', 'page', 'screen')) AS day_events
  FROM events
  WHERE site_id = {site:String}
    AND toDate(ts) BETWEEN {from:Date} - 1 AND {to:Date} + 1
    AND toDate(ts, {tz:String}) BETWEEN {from:Date} AND {to:Date}
  GROUP BY day
)
GROUP BY GROUPING SETS ((day), ())`,
    params: { site: siteId, tz: timezone, from: spec.from, to: spec.to },
  }
}
