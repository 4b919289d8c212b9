/**
 * A goal compiled for ClickHouse. Expressions read one row of `events` (engagement goals read the
 * session position the ingest stored on it: `session_pages`, `session_seconds`,
 * `session_prev_seconds`). User values never appear in the text: they travel in `params`,
 * whose names all start with the prefix given to `compileGoal`, so several goals share a query.
 */
export interface CompiledGoal {
  /** UInt8 expression: 1 when the row is a conversion of the goal. */
  condition: string
  /** Nullable(Float64) expression: the conversion's value; NULL when the goal has none or it is missing. */
  value: string
  /** String expression: the value's currency, '' when unknown. */
  currency: string
  params: Record<string, unknown>
}
