import { ApiError } from '../api/http.ts'

export interface FieldErrors<F extends string> {
  /** What the server said about each of the form's fields (`must be at least 10 characters`). */
  byField: Partial<Record<F, string>>
  /** The rest: an error naming no field of the form, a refused sign-in, a lost connection. */
  other: Error | null
}

/**
 * Splits a failed request into the problems of the form's own fields, shown beside them, and
 * whatever else went wrong, shown above the form. A 400 names its fields in `details`.
 */
export function fieldErrors<F extends string>(error: unknown, fields: readonly F[]): FieldErrors<F> {
  const err = error instanceof Error ? error : new Error(String(error))
  if (!(err instanceof ApiError) || err.status !== 400) return { byField: {}, other: err }
  const byField: Partial<Record<F, string>> = {}
  let unplaced = false
  for (const d of err.details) {
    const field = fields.find((f) => f === d.field)
    if (field && byField[field] === undefined) byField[field] = d.reason
    else if (!field) unplaced = true
  }
  return { byField, other: unplaced || Object.keys(byField).length === 0 ? err : null }
}
