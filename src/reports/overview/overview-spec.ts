import { z } from 'zod'

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'is not a calendar date',
    },
  )

/** A period of whole days in the site's time zone, both ends included. */
export const overviewSpecSchema = z
  .object({ from: day, to: day })
  .refine((s) => s.from <= s.to, { message: 'must not be before from', path: ['to'] })
  .refine((s) => Date.parse(s.to) - Date.parse(s.from) <= 3660 * 86_400_000, {
    message: 'the period may span at most ten years',
    path: ['to'],
  })

export type OverviewSpec = z.infer<typeof overviewSpecSchema>
