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
