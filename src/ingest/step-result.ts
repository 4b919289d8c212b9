/**
 * Every ingest step returns `ok(value)` or `drop(reason)`. Reasons form a closed set so that
 * `/api/v1/health` can count them and a typo cannot invent a new one.
 */
export const DROP_REASONS = ['bot', 'duplicate'] as const

export type DropReason = (typeof DROP_REASONS)[number]

export type StepResult<T> = { ok: true; value: T } | { ok: false; reason: DropReason; detail?: string }

export function ok<T>(value: T): StepResult<T> {
  return { ok: true, value }
}

export function drop<T>(reason: DropReason, detail?: string): StepResult<T> {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail }
}
