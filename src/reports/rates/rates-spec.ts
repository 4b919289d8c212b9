import { z } from 'zod'
import { calendarDaySchema, daysBetween, reportPeriod } from '../../schema/calendar-day.ts'
import { localDay } from '../../schema/zoned-time.ts'

export const RATE_INTERVALS = ['none', 'hour', 'day', 'week', 'month'] as const
export type RateInterval = (typeof RATE_INTERVALS)[number]

/**
 * Dimensions a rates report can be broken down by. All but `page` give each visitor one row
 * (their first value in the period, see `compile-rates.ts`), so rows sum to the total; `page`
 * counts a visitor under every page they viewed.
 */
export const RATE_DIMENSIONS = [
  'channel',
  'source',
  'medium',
  'campaign',
  'landing_page',
  'page',
  'device',
  'browser',
  'os',
  'country',
] as const
export type RateDimension = (typeof RATE_DIMENSIONS)[number]

export type Breakdown = { dimension: RateDimension } | { dimension: 'property'; property: string }

const day = calendarDaySchema

const MAX_DAYS = 3660

/**
 * Query of `GET /reports/rates`. `from`/`to` are whole days in the site's time zone, both
 * included; without them the last 30 days up to today. `goals` is a comma list of goal ids or
 * names (all goals when absent).
 */
export const ratesQuerySchema = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    goals: z
      .string()
      .max(10_000, 'must be at most 10000 characters')
      .transform((s) =>
        s
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      )
      .optional(),
    interval: z.enum(RATE_INTERVALS, { error: `must be one of ${RATE_INTERVALS.join(', ')}` }).default('day'),
    breakdown: z
      .string()
      .transform((s, ctx): Breakdown => {
        if (s.startsWith('property:') && s.length > 'property:'.length && s.length <= 209)
          return { dimension: 'property', property: s.slice('property:'.length) }
        if ((RATE_DIMENSIONS as readonly string[]).includes(s)) return { dimension: s as RateDimension }
        ctx.addIssue({
          code: 'custom',
          message: `must be one of ${RATE_DIMENSIONS.join(', ')} or property:<key>`,
        })
        return z.NEVER
      })
      .optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(10),
    compare: z.enum(['previous', 'none'], { error: 'must be previous or none' }).default('previous'),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'give both from and to, or neither',
    path: ['from'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_DAYS, {
    message: 'the period may span at most ten years',
    path: ['to'],
  })
  .refine((q) => q.interval !== 'hour' || !q.from || !q.to || daysBetween(q.from, q.to) < 93, {
    message: 'hour buckets are limited to periods of 92 days',
    path: ['interval'],
  })

export type RatesQuery = z.infer<typeof ratesQuerySchema>

/** A resolved report request: the period fixed, goals chosen. */
export interface RatesSpec {
  from: string
  to: string
  /** The period of equal length just before, or null when not compared. */
  previous: { from: string; to: string } | null
  interval: RateInterval
  breakdown: Breakdown | null
  limit: number
}

/** Fixes the period (default: the last 30 days up to today in the site's zone) and the comparison. */
export function resolveRatesSpec(query: RatesQuery, timezone: string, now: Date): RatesSpec {
  return {
    ...reportPeriod(query.from, query.to, query.compare === 'previous', localDay(timezone, now.getTime())),
    interval: query.interval,
    breakdown: query.breakdown ?? null,
    limit: query.limit,
  }
}
