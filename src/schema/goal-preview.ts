import { z } from 'zod'
import { calendarDaySchema, daysBetween } from './calendar-day.ts'
import { GOAL_LIMITS, type Match, matchSchema } from './goal.ts'

export const PREVIEW_INTERVALS = ['none', 'day'] as const
export type PreviewInterval = (typeof PREVIEW_INTERVALS)[number]

export const PREVIEW_LIMITS = {
  /** The longest period, in days (as the rates report). */
  maxPeriodDays: 3660,
  /** The longest period with a daily series. */
  maxSeriesDays: 732,
  /**
   * One nesting level more than a goal may have, so that the goals of a kind can be counted
   * together as `{type: any, matches: [their matches]}`.
   */
  maxDepth: GOAL_LIMITS.maxDepth + 1,
} as const

const matchDepth = (m: Match): number =>
  m.type === 'all' || m.type === 'any' ? 1 + Math.max(0, ...m.matches.map(matchDepth)) : 0

/**
 * `POST /sites/:site/goals/preview`: how many events and visitors a goal's match finds in a period
 * (default: the last 30 days up to today in the site's zone), optionally per day.
 */
export const goalPreviewRequestSchema = z
  .strictObject({
    match: matchSchema,
    from: calendarDaySchema.optional(),
    to: calendarDaySchema.optional(),
    interval: z
      .enum(PREVIEW_INTERVALS, { error: `must be one of ${PREVIEW_INTERVALS.join(', ')}` })
      .default('none'),
  })
  .superRefine((r, ctx) => {
    const depth = matchDepth(r.match)
    if (depth > PREVIEW_LIMITS.maxDepth)
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: `nests all/any ${depth} deep; at most ${PREVIEW_LIMITS.maxDepth} levels are allowed`,
      })
    if ((r.from === undefined) !== (r.to === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give both from and to, or neither' })
      return
    }
    if (!r.from || !r.to) return
    if (r.from > r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
    else if (daysBetween(r.from, r.to) >= PREVIEW_LIMITS.maxPeriodDays)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the period may span at most ten years' })
    else if (r.interval === 'day' && daysBetween(r.from, r.to) >= PREVIEW_LIMITS.maxSeriesDays)
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: `a daily series is limited to periods of ${PREVIEW_LIMITS.maxSeriesDays} days`,
      })
  })
export type GoalPreviewRequest = z.input<typeof goalPreviewRequestSchema>
export type GoalPreviewSpec = z.output<typeof goalPreviewRequestSchema>

export interface GoalPreviewCounts {
  /** Matching events (page views, screens and tracked events). */
  events: number
  /** Distinct visitors with at least one matching event. */
  visitors: number
}

/** The answer: the period's counts, and with `interval: day` every day of it (zeros included). */
export interface GoalPreview extends GoalPreviewCounts {
  from: string
  to: string
  timezone: string
  series: Array<GoalPreviewCounts & { start: string }> | null
}
