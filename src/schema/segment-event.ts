import { z } from 'zod'

/** Limits of the Segment Tracking API, enforced on every collect path. */
export const COLLECT_LIMITS = {
  maxEventBytes: 32 * 1024,
  maxRequestBytes: 500 * 1024,
  maxBatchEvents: 2500,
  maxIdLength: 255,
  maxNameLength: 500,
} as const

export const SEGMENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type SegmentType = (typeof SEGMENT_TYPES)[number]

const jsonObject = z.record(z.string(), z.unknown())

/** Ids may arrive as numbers from some SDKs; they are stored as strings. */
const id = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(
    z.string().max(COLLECT_LIMITS.maxIdLength, `must be at most ${COLLECT_LIMITS.maxIdLength} characters`),
  )

const isoDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s.trim()),
    {
      message: 'must be an ISO-8601 date-time such as 2026-01-02T03:04:05.678Z',
    },
  )
  .refine((s) => Number.isFinite(Date.parse(s)), { message: 'is not a valid date' })

/**
 * One Segment call. Unknown top-level fields (`integrations`, `_metadata`, `channel`, …) are
 * accepted and ignored, as Segment does.
 */
export const segmentEventSchema = z.looseObject({
  type: z.enum(SEGMENT_TYPES, { error: `must be one of ${SEGMENT_TYPES.join(', ')}` }),
  messageId: id.optional(),
  anonymousId: id.nullish(),
  userId: id.nullish(),
  event: z.string().max(COLLECT_LIMITS.maxNameLength).optional(),
  name: z.string().max(COLLECT_LIMITS.maxNameLength).nullish(),
  category: z.string().max(COLLECT_LIMITS.maxNameLength).nullish(),
  properties: jsonObject.nullish(),
  traits: jsonObject.nullish(),
  context: jsonObject.nullish(),
  groupId: id.nullish(),
  previousId: id.nullish(),
  timestamp: isoDate.nullish(),
  originalTimestamp: isoDate.nullish(),
  sentAt: isoDate.nullish(),
})

export type SegmentEvent = z.infer<typeof segmentEventSchema>

/** A field-level problem with one event, reported back to the client. */
export interface EventProblem {
  field: string
  reason: string
}

/** Validates one event; on failure names the first offending field (prefixed, e.g. `batch[2].`). */
export function parseSegmentEvent(
  raw: unknown,
  prefix: string,
): { ok: true; event: SegmentEvent } | { ok: false; problem: EventProblem } {
  const result = segmentEventSchema.safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const path = issue ? issue.path.map(String).join('.') : ''
    const reason = describeIssue(issue, issue ? valueAt(raw, issue.path) : undefined)
    return { ok: false, problem: { field: path ? `${prefix}.${path}` : prefix, reason } }
  }
  const event = result.data
  const missing = requiredByType(event)
  if (missing) return { ok: false, problem: { field: `${prefix}.${missing.field}`, reason: missing.reason } }
  return { ok: true, event }
}

function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): string {
  if (!issue) return 'is invalid'
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return 'is required'
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'record' ? 'object' : issue.expected
    return `must be ${expected === 'object' || expected === 'array' ? 'an' : 'a'} ${expected}, got ${typeName(value)}`
  }
  return issue.message
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function requiredByType(e: SegmentEvent): EventProblem | null {
  switch (e.type) {
    case 'track':
      return e.event && e.event.trim() !== ''
        ? null
        : { field: 'event', reason: 'is required for track calls' }
    case 'group':
      return e.groupId ? null : { field: 'groupId', reason: 'is required for group calls' }
    case 'alias':
      if (!e.userId) return { field: 'userId', reason: 'is required for alias calls' }
      return e.previousId ? null : { field: 'previousId', reason: 'is required for alias calls' }
    default:
      return null
  }
}
