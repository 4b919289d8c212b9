import { z } from 'zod'
import {
  CONDITION_FIELDS,
  CONDITION_OPS,
  COUNTING_RULES,
  ENGAGEMENT_METRICS,
  GOAL_KINDS,
  PATH_MATCH_KINDS,
} from './choices.ts'

/**
 * The goal model: what a marketer names as a micro or macro conversion. Goals are stored in the
 * metadata store, compiled to ClickHouse expressions by `src/goals/`, and travel as JSON or YAML.
 */

export const GOAL_LIMITS = {
  maxNameLength: 200,
  maxKeyLength: 200,
  maxStringLength: 1000,
  maxListLength: 1000,
  maxConditions: 50,
  /** Nesting of `all` / `any` matches. */
  maxDepth: 4,
} as const

/**
 * Why a pattern cannot run on ClickHouse's RE2 engine, or null when it can. RE2 has no
 * look-around and no back-references; everything else is checked by compiling it here.
 */
export function regexProblem(pattern: string): string | null {
  if (/\(\?<?[=!]/.test(pattern)) return 'uses look-around, which the regex engine does not support'
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern))
    return 'uses a back-reference, which the regex engine does not support'
  try {
    new RegExp(pattern)
  } catch (err) {
    return `is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`
  }
  return null
}

const required = (type: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${type}`
const text = (max: number) =>
  z.string({ error: required('a string') }).max(max, `must be at most ${max} characters`)
const nonEmpty = (max: number) => text(max).min(1, 'must not be empty')
const regexText = nonEmpty(GOAL_LIMITS.maxStringLength).superRefine((s, ctx) => {
  const problem = regexProblem(s)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const finite = z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number')
const scalar = z.union([text(GOAL_LIMITS.maxStringLength), finite, z.boolean()], {
  error: 'must be a string, a number or a boolean',
})

/** What a condition tests: one property of the event, or one of its stored columns. */
const target = {
  property: nonEmpty(GOAL_LIMITS.maxKeyLength).optional(),
  field: z.enum(CONDITION_FIELDS, { error: `must be one of ${CONDITION_FIELDS.join(', ')}` }).optional(),
}

const conditionVariants = [
  z.strictObject({ ...target, op: z.enum(['eq', 'neq']), value: scalar }),
  z.strictObject({
    ...target,
    op: z.enum(['contains', 'not_contains', 'starts_with']),
    value: text(GOAL_LIMITS.maxStringLength),
  }),
  z.strictObject({ ...target, op: z.literal('regex'), value: regexText }),
  z.strictObject({ ...target, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: finite }),
  z.strictObject({
    ...target,
    op: z.enum(['in', 'not_in']),
    value: z
      .array(
        z.union([text(GOAL_LIMITS.maxStringLength), finite], { error: 'must be a string or a number' }),
        {
          error: 'must be a list',
        },
      )
      .min(1, 'must list at least one value')
      .max(GOAL_LIMITS.maxListLength, `must list at most ${GOAL_LIMITS.maxListLength} values`),
  }),
  z.strictObject({
    ...target,
    op: z.literal('exists'),
    value: z.boolean({ error: 'must be true or false' }).default(true),
  }),
] as const

export const conditionSchema = z
  .discriminatedUnion('op', conditionVariants, {
    error: (issue) =>
      issue.code === 'invalid_union' ? `must be one of ${CONDITION_OPS.join(', ')}` : undefined,
  })
  .superRefine((c, ctx) => {
    if ((c.property === undefined) === (c.field === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'give exactly one of property or field' })
    }
  })
export type Condition = z.infer<typeof conditionSchema>

export const pathPatternSchema = z
  .strictObject(
    {
      match: z
        .enum(PATH_MATCH_KINDS, { error: `must be one of ${PATH_MATCH_KINDS.join(', ')}` })
        .default('exact'),
      pattern: nonEmpty(GOAL_LIMITS.maxStringLength),
    },
    {
      error: (issue) =>
        issue.code !== 'invalid_type'
          ? undefined
          : issue.input === undefined
            ? 'is required'
            : 'must be {match?, pattern}',
    },
  )
  .superRefine((p, ctx) => {
    if (p.match !== 'regex') return
    const problem = regexProblem(p.pattern)
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem })
  })
export type PathPattern = z.infer<typeof pathPatternSchema>

const eventMatch = z.strictObject({
  type: z.literal('event'),
  /** The event name, compared exactly. */
  event: nonEmpty(GOAL_LIMITS.maxStringLength),
  where: z.enum(['all', 'any']).default('all'),
  conditions: z
    .array(conditionSchema)
    .max(GOAL_LIMITS.maxConditions, `must hold at most ${GOAL_LIMITS.maxConditions} conditions`)
    .default([]),
})

const pageMatch = z.strictObject({ type: z.literal('page'), path: pathPatternSchema })

/**
 * Engagement. Every metric matches one event, so it has a time and can count:
 * pages_per_session — the page view that makes the session's N-th (threshold N);
 * session_duration — the first event at least S seconds after the session's first (S);
 * time_on_page — a `$page_leave` with engaged seconds ≥ S, optionally on a path;
 * scroll_depth — a `$page_leave` with scroll depth ≥ P percent, optionally on a path;
 * video_progress — a `$video_progress` at ≥ P percent, optionally of one video (src or title).
 */
const engagementMatch = z
  .strictObject({
    type: z.literal('engagement'),
    metric: z.enum(ENGAGEMENT_METRICS, { error: `must be one of ${ENGAGEMENT_METRICS.join(', ')}` }),
    threshold: finite.refine((n) => n >= 0, 'must not be negative'),
    path: pathPatternSchema.optional(),
    video: nonEmpty(GOAL_LIMITS.maxStringLength).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.path && m.metric !== 'time_on_page' && m.metric !== 'scroll_depth')
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'applies only to time_on_page and scroll_depth',
      })
    if (m.video !== undefined && m.metric !== 'video_progress')
      ctx.addIssue({ code: 'custom', path: ['video'], message: 'applies only to video_progress' })
    if ((m.metric === 'scroll_depth' || m.metric === 'video_progress') && m.threshold > 100)
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'is a percentage and must be at most 100',
      })
    if (m.metric === 'pages_per_session' && (!Number.isInteger(m.threshold) || m.threshold < 1))
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'must be a whole number of pages, at least 1',
      })
  })

export type EventMatch = z.infer<typeof eventMatch>
export type PageMatch = z.infer<typeof pageMatch>
export type EngagementMatch = z.infer<typeof engagementMatch>
export type Match =
  | EventMatch
  | PageMatch
  | EngagementMatch
  | { type: 'all'; matches: Match[] }
  | { type: 'any'; matches: Match[] }

export const matchSchema: z.ZodType<Match> = z.lazy(() =>
  z.discriminatedUnion(
    'type',
    [
      eventMatch,
      pageMatch,
      engagementMatch,
      z.strictObject({ type: z.literal('all'), matches: matchList }),
      z.strictObject({ type: z.literal('any'), matches: matchList }),
    ],
    {
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : issue.code === 'invalid_union'
            ? 'must be one of event, page, engagement, all, any'
            : undefined,
    },
  ),
)
const matchList = z
  .array(matchSchema)
  .min(1, 'must hold at least one match')
  .max(GOAL_LIMITS.maxConditions, `must hold at most ${GOAL_LIMITS.maxConditions} matches`)

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')

/** A fixed value per conversion, or one read from a property (numbers or numeric strings). */
export const goalValueSchema = z.union(
  [
    z.strictObject({ fixed: finite, currency }),
    z.strictObject({ property: nonEmpty(GOAL_LIMITS.maxKeyLength), currency: currency.optional() }),
  ],
  { error: 'must be {fixed, currency} or {property, currency?}' },
)
export type GoalValue = z.infer<typeof goalValueSchema>

/** A goal as written by a user (API body, CLI, YAML file). */
export const goalInputSchema = z
  .strictObject({
    name: nonEmpty(GOAL_LIMITS.maxNameLength).refine(
      (s) => s.trim() === s,
      'must not start or end with spaces',
    ),
    kind: z.enum(GOAL_KINDS, { error: 'must be micro or macro' }),
    description: text(2000).default(''),
    match: matchSchema,
    value: goalValueSchema.optional(),
    counting: z
      .enum(COUNTING_RULES, { error: `must be one of ${COUNTING_RULES.join(', ')}` })
      .default('once_per_visitor'),
  })
  .superRefine((g, ctx) => {
    const depth = matchDepth(g.match)
    if (depth > GOAL_LIMITS.maxDepth)
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: `nests all/any ${depth} deep; at most ${GOAL_LIMITS.maxDepth} levels are allowed`,
      })
  })
export type GoalInput = z.input<typeof goalInputSchema>
export type GoalDefinition = z.output<typeof goalInputSchema>

/** A stored goal. */
export interface Goal extends GoalDefinition {
  id: string
  siteId: string
  createdAt: string
  updatedAt: string
}

function matchDepth(m: Match): number {
  return m.type === 'all' || m.type === 'any' ? 1 + Math.max(0, ...m.matches.map(matchDepth)) : 0
}
