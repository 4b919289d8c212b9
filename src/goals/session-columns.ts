/**
 * The running per-session columns that engagement goals read (`needsSession` of a CompiledGoal):
 *
 * - `_session_pages` (UInt64): page and screen views in the session up to and including this row;
 * - `_session_seconds` (Float64): seconds from the session's first event to this row;
 * - `_session_prev_seconds` (Float64): the same at the session's previous event, -1 on its first.
 *
 * They are window functions over `SESSION_WINDOW`, so they are computed after WHERE: a goal's
 * condition cannot test them in the query that defines them, only in an outer query:
 *
 *   SELECT … FROM (SELECT *, ${SESSION_COLUMNS} FROM events WHERE … ${SESSION_WINDOW}) WHERE …
 *
 * which `withSessionColumns` writes. The inner WHERE must keep every event of each session it
 * keeps: a time range cut at a session's start makes its later rows count from the cut. Widen the
 * inner range (by the session timeout, or to whole sessions) and filter the report range outside.
 */

/** The window's name, for a caller that writes its own WINDOW clause with more windows. */
export const SESSION_WINDOW_NAME = 'stepwise_session'

/**
 * `WINDOW` clause; goes after WHERE / GROUP BY / HAVING and before ORDER BY. Partitioned by the
 * 64-bit `session_key` (a hash of visitor and session id): hashing one integer instead of two
 * strings made a report with a pages-per-session goal about 1.7 times faster.
 */
export const SESSION_WINDOW = `WINDOW ${SESSION_WINDOW_NAME} AS (PARTITION BY site_id, session_key ORDER BY ts, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`

// Milliseconds as integers so the differences are exact; the frame ends at the current row, so
// count() is the row's position and lagInFrame the previous row's value.
const ms = 'toUnixTimestamp64Milli(ts)'
const first = `min(${ms}) OVER ${SESSION_WINDOW_NAME}`

/** Select-list fragment defining the three columns over `SESSION_WINDOW`. */
export const SESSION_COLUMNS = [
  `countIf(type IN ('page', 'screen')) OVER ${SESSION_WINDOW_NAME} AS _session_pages`,
  `(${ms} - ${first}) / 1000 AS _session_seconds`,
  `if(count() OVER ${SESSION_WINDOW_NAME} = 1, -1, (lagInFrame(${ms}) OVER ${SESSION_WINDOW_NAME} - ${first}) / 1000) AS _session_prev_seconds`,
].join(', ')

/**
 * A subquery of `events` rows matching `where`, each with the session columns; `where` is SQL
 * with `{name:Type}` parameters and must keep whole sessions (see above).
 */
export function withSessionColumns(where: string): string {
  return `(SELECT *, session_key, ${SESSION_COLUMNS} FROM events WHERE ${where} ${SESSION_WINDOW})`
}
