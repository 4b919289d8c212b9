import { z } from 'zod'

/** A calendar date as YYYY-MM-DD (a whole day, read in the site's time zone by reports). */
export const calendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => {
    // An impossible month parses to NaN, whose toISOString would throw.
    const t = Date.parse(`${s}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s)
  }, 'is not a calendar date')

const DAY_MS = 86_400_000

/** The day `n` days after (or before, n < 0) a `YYYY-MM-DD` day. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** A report's days, both included, and the period of equal length just before (or null). */
export interface ReportPeriod {
  from: string
  to: string
  previous: { from: string; to: string } | null
}

/** The period asked for, or the last 30 days up to `today`; with the one before when compared. */
export function reportPeriod(
  from: string | undefined,
  to: string | undefined,
  compare: boolean,
  today: string,
): ReportPeriod {
  const last = to ?? today
  const first = from ?? addDays(last, -29)
  const length = daysBetween(first, last) + 1
  return {
    from: first,
    to: last,
    previous: compare ? { from: addDays(first, -length), to: addDays(first, -1) } : null,
  }
}
