import { z } from 'zod'
import { calendarDaySchema, daysBetween } from './calendar-day.ts'
import {
  ATTRIBUTIONS,
  FUNNEL_DIMENSIONS,
  FUNNEL_INTERVALS,
  FUNNEL_MODES,
  PEOPLE_STATUSES,
} from './choices.ts'
import { GOAL_LIMITS, type Match, matchSchema } from './goal.ts'

/** The funnel query (src/reports/funnel/) names these types by this module. */
export type { Attribution, FunnelMode } from './choices.ts'

export const FUNNEL_LIMITS = {
  minSteps: 2,
  maxSteps: 20,
  maxExclusions: 10,
  /** Alternatives of one OR step. */
  maxAlternatives: 10,
  /** The longest conversion window, in days. */
  maxWindowDays: 365,
  /** The longest period a report may cover, in days. */
  maxPeriodDays: 732,
} as const

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const

/** A duration written as a whole number and a unit: `90s`, `30m`, `12h`, `7d`, `2w`; in milliseconds. */
export const durationSchema = z
  .string({ error: 'must be a duration such as 30m, 12h or 7d' })
  .transform((s, ctx) => {
    const m = /^(\d{1,6})([smhdw])$/.exec(s.trim())
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a duration such as 30m, 12h or 7d (units s, m, h, d, w)',
      })
      return z.NEVER
    }
    const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]
    if (ms <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be longer than 0' })
      return z.NEVER
    }
    if (ms > FUNNEL_LIMITS.maxWindowDays * UNIT_MS.d) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${FUNNEL_LIMITS.maxWindowDays} days` })
      return z.NEVER
    }
    return ms
  })

/** Writes milliseconds back as the largest whole unit up to days (`604800000` → `7d`). */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const)
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`
  return `${Math.round(ms / 1000)}s`
}

const goalRef = z
  .string({ error: 'must be a goal id or name' })
  .min(1, 'must not be empty')
  .max(GOAL_LIMITS.maxNameLength, `must be at most ${GOAL_LIMITS.maxNameLength} characters`)

/** What one step (or one alternative of an OR step, or an exclusion) matches: a goal, or a match. */
const matcherFields = { goal: goalRef.optional(), match: matchSchema.optional() }
const alternative = z
  .strictObject(matcherFields)
  .refine((a) => (a.goal === undefined) !== (a.match === undefined), {
    message: 'give either goal or match',
  })
export type FunnelMatcher = { goal: string; match?: undefined } | { goal?: undefined; match: Match }

const stepSchema = z
  .strictObject({
    label: z.string().max(200, 'must be at most 200 characters').optional(),
    ...matcherFields,
    /** OR step: any of these. */
    any: z
      .array(alternative)
      .min(2, 'an OR step needs at least 2 alternatives')
      .max(
        FUNNEL_LIMITS.maxAlternatives,
        `an OR step has at most ${FUNNEL_LIMITS.maxAlternatives} alternatives`,
      )
      .optional(),
    optional: z.boolean({ error: 'must be true or false' }).default(false),
    /** Per-step window: this step within this long after the previous step reached. */
    within: durationSchema.optional(),
  })
  .refine((s) => [s.goal, s.match, s.any].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of goal, match or any',
  })

const exclusionSchema = z
  .strictObject({
    ...matcherFields,
    /** Steps (1-based) between which the exclusion voids an attempt; default the whole funnel. */
    from: z
      .number({ error: 'must be a step number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .optional(),
    to: z
      .number({ error: 'must be a step number' })
      .int('must be a whole number')
      .min(2, 'must be at least 2')
      .optional(),
  })
  .refine((e) => (e.goal === undefined) !== (e.match === undefined), { message: 'give either goal or match' })

const breakdownSchema = z
  .strictObject({
    dimension: z.enum([...FUNNEL_DIMENSIONS, 'property'], {
      error: `must be one of ${[...FUNNEL_DIMENSIONS, 'property'].join(', ')}`,
    }),
    property: z.string().min(1, 'must not be empty').max(GOAL_LIMITS.maxKeyLength).optional(),
    attribution: z
      .enum(ATTRIBUTIONS, { error: `must be one of ${ATTRIBUTIONS.join(', ')}` })
      .default('first_touch'),
    /** With `attribution: step`, the step (1-based) whose value counts. */
    step: z.number({ error: 'must be a step number' }).int('must be a whole number').min(1).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.dimension === 'property' && !b.property)
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'is required for a property breakdown' })
    if (b.dimension !== 'property' && b.property !== undefined)
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'goes only with dimension property' })
    if (b.attribution === 'step' && b.step === undefined)
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'is required with attribution step' })
    if (b.attribution !== 'step' && b.step !== undefined)
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'goes only with attribution step' })
  })

/** A funnel's definition: what is saved, without a period. */
export const funnelDefinitionSchema = z
  .strictObject({
    steps: z
      .array(stepSchema, { error: 'must be a list of steps' })
      .min(FUNNEL_LIMITS.minSteps, `a funnel needs at least ${FUNNEL_LIMITS.minSteps} steps`)
      .max(FUNNEL_LIMITS.maxSteps, `a funnel has at most ${FUNNEL_LIMITS.maxSteps} steps`),
    mode: z.enum(FUNNEL_MODES, { error: `must be one of ${FUNNEL_MODES.join(', ')}` }).default('ordered'),
    /** Conversion window: every later step within this long after the attempt's step-1 event. */
    window: durationSchema.prefault('7d'),
    exclusions: z
      .array(exclusionSchema)
      .max(FUNNEL_LIMITS.maxExclusions, `at most ${FUNNEL_LIMITS.maxExclusions} exclusions`)
      .default([]),
    breakdown: breakdownSchema.optional(),
  })
  .superRefine((f, ctx) => {
    const n = f.steps.length
    const required = (i: number) => !f.steps[i - 1]?.optional
    f.steps.forEach((s, i) => {
      if (s.optional && (i === 0 || i === n - 1))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'optional'],
          message: 'the first and the last step cannot be optional',
        })
      if (s.within !== undefined && i === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', 0, 'within'],
          message: 'the first step has no previous step',
        })
      if (s.within !== undefined && s.within > f.window)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'within'],
          message: 'must not be longer than the window',
        })
      if (f.mode === 'any_order' && (s.optional || s.within !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, s.optional ? 'optional' : 'within'],
          message: 'any_order funnels have no optional steps and no per-step windows',
        })
    })
    f.exclusions.forEach((e, i) => {
      const from = e.from ?? 1
      const to = e.to ?? n
      if (from > n)
        ctx.addIssue({
          code: 'custom',
          path: ['exclusions', i, 'from'],
          message: `must be a step of the funnel (1 to ${n})`,
        })
      else if (to > n)
        ctx.addIssue({
          code: 'custom',
          path: ['exclusions', i, 'to'],
          message: `must be a step of the funnel (2 to ${n})`,
        })
      else if (from >= to)
        ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'to'], message: 'must be after from' })
      else if (!required(from) || !required(to))
        ctx.addIssue({
          code: 'custom',
          path: ['exclusions', i, required(from) ? 'to' : 'from'],
          message: 'must be a step that is not optional',
        })
      else if (f.mode === 'any_order' && (from !== 1 || to !== n))
        ctx.addIssue({
          code: 'custom',
          path: ['exclusions', i, 'from'],
          message: 'in an any_order funnel an exclusion covers the whole funnel (leave out from and to)',
        })
    })
    if (f.breakdown?.step !== undefined && f.breakdown.step > n)
      ctx.addIssue({
        code: 'custom',
        path: ['breakdown', 'step'],
        message: `must be a step of the funnel (1 to ${n})`,
      })
  })
export type FunnelDefinitionInput = z.input<typeof funnelDefinitionSchema>
export type FunnelDefinition = z.output<typeof funnelDefinitionSchema>
export type FunnelStep = FunnelDefinition['steps'][number]
export type FunnelExclusion = FunnelDefinition['exclusions'][number]
export type FunnelBreakdown = NonNullable<FunnelDefinition['breakdown']>

/** The name of a saved funnel or visitor list. */
const nameSchema = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((s) => s.trim() === s, 'must not start or end with spaces')

/** A saved funnel as written by a user. */
export const funnelInputSchema = z.strictObject({
  name: nameSchema,
  description: z.string().max(2000, 'must be at most 2000 characters').default(''),
  definition: funnelDefinitionSchema,
})
export type FunnelInput = z.input<typeof funnelInputSchema>

/** A stored funnel. */
export interface Funnel {
  id: string
  siteId: string
  name: string
  description: string
  definition: FunnelDefinition
  createdAt: string
  updatedAt: string
}

/** Where a funnel and its period come from, in every request that evaluates one. */
const funnelSourceShape = {
  funnel: z.string().min(1, 'must not be empty').max(200).optional(),
  definition: z.unknown().optional(),
  from: calendarDaySchema.optional(),
  to: calendarDaySchema.optional(),
  /** Only the people of this saved visitor list (id or name). */
  visitorList: z.string().min(1, 'must not be empty').max(200).optional(),
}

function checkSource(
  r: {
    funnel?: string | undefined
    definition?: unknown
    from?: string | undefined
    to?: string | undefined
  },
  ctx: z.RefinementCtx,
): void {
  if ((r.funnel === undefined) === (r.definition === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['funnel'],
      message: 'give either funnel (a saved funnel id or name) or definition',
    })
  if ((r.from === undefined) !== (r.to === undefined))
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'give both from and to, or neither' })
  else if (r.from && r.to && r.from > r.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
  else if (r.from && r.to && daysBetween(r.from, r.to) >= FUNNEL_LIMITS.maxPeriodDays)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the period may span at most ${FUNNEL_LIMITS.maxPeriodDays} days`,
    })
}

/** `POST /reports/funnel`: a saved funnel (by id or name) or an inline definition, and a period. */
export const funnelReportRequestSchema = z
  .strictObject({
    ...funnelSourceShape,
    interval: z.enum(FUNNEL_INTERVALS, { error: 'must be day or week' }).default('day'),
    compare: z.enum(['previous', 'none'], { error: 'must be previous or none' }).default('previous'),
    breakdownLimit: z.number().int().min(1).max(400).default(25),
  })
  .superRefine(checkSource)
export type FunnelReportRequest = z.output<typeof funnelReportRequestSchema>

/**
 * Who completed step k, or dropped after it (reached it and not the next required step), in the
 * current period: the filter of the people list and of a visitor list saved from a funnel.
 */
const peopleFilterShape = {
  step: z
    .number({ error: 'must be a step number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1'),
  status: z.enum(PEOPLE_STATUSES, { error: 'must be completed or dropped' }).default('dropped'),
}

/** `POST /reports/funnel/people`: one page of the people who completed or dropped after a step. */
export const funnelPeopleRequestSchema = z
  .strictObject({
    ...funnelSourceShape,
    ...peopleFilterShape,
    limit: z.number().int('must be a whole number').min(1).max(1000).default(50),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor returned by a previous page')
      .optional(),
    /** How many of each person's last events to show. */
    events: z.number().int('must be a whole number').min(0).max(50).default(5),
  })
  .superRefine(checkSource)
export type FunnelPeopleRequest = z.output<typeof funnelPeopleRequestSchema>

/** The people a visitor list is saved from: a funnel, a period, a step and a status. */
export const funnelPeopleSourceSchema = z
  .strictObject({ ...funnelSourceShape, ...peopleFilterShape })
  .superRefine(checkSource)
export type FunnelPeopleSource = z.output<typeof funnelPeopleSourceSchema>

/** `POST /visitor-lists`: a named list of the people a funnel selects. */
export const visitorListInputSchema = z.strictObject({
  name: nameSchema,
  funnel: funnelPeopleSourceSchema,
})
