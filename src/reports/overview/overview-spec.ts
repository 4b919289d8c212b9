import { z } from 'zod'
import { calendarDaySchema } from '../../schema/calendar-day.ts'

const day = calendarDaySchema

/** A period of whole days in the site's time zone, both ends included. */
export const overviewSpecSchema = z
  .object({ from: day, to: day })
  .refine((s) => s.from <= s.to, { message: 'must not be before from', path: ['to'] })
  .refine((s) => Date.parse(s.to) - Date.parse(s.from) <= 3660 * 86_400_000, {
    message: 'the period may span at most ten years',
    path: ['to'],
  })

export type OverviewSpec = z.infer<typeof overviewSpecSchema>
