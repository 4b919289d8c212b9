import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { blankEventRow, EVENT_SOURCES, EVENT_TYPES, type EventRow } from '../store/events/event-row.ts'

/**
 * Reads `goal-cases.json` for the tests: `[name, goal, event, matches?, expected?]`, where `goal`
 * is a goal as a user writes it, `event` a partial `events` row (`properties` as a JSON object,
 * or as text when the case is about the text itself), `matches` defaults to true and `expected`
 * optionally gives the conversion's `value` and `currency`. The session position the ingest
 * stores (`session_pages`, `session_seconds`, `session_prev_seconds`) may be given on the event;
 * it defaults to that of a session's first event.
 */

const text = z.string().optional()
const caseEventSchema = z.strictObject({
  type: z.enum(EVENT_TYPES).default('track'),
  name: z.string().default(''),
  properties: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
  source: z.enum(EVENT_SOURCES).optional(),
  url: text,
  path: text,
  referrer_host: text,
  channel: text,
  utm_source: text,
  utm_medium: text,
  utm_campaign: text,
  utm_term: text,
  utm_content: text,
  device: text,
  browser: text,
  os: text,
  country: text,
  locale: text,
  user_id: text,
  currency: text,
  value: z.number().nullable().optional(),
  session_pages: z.number().int().min(0).optional(),
  session_seconds: z.number().optional(),
  session_prev_seconds: z.number().optional(),
})
export type CaseEvent = z.output<typeof caseEventSchema>

const caseSchema = z.tuple([
  z.string().min(1),
  z.unknown(),
  caseEventSchema,
  z.boolean().optional(),
  z.strictObject({ value: z.number().nullable().optional(), currency: z.string().optional() }).optional(),
])

export interface GoalCase {
  name: string
  goal: unknown
  event: CaseEvent
  matches: boolean
  expected: { value?: number | null; currency?: string } | undefined
}

export function loadGoalCases(): GoalCase[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./goal-cases.json', import.meta.url), 'utf8'))
  return z
    .array(caseSchema)
    .parse(raw)
    .map(([name, goal, event, matches, expected]) => ({
      name,
      goal,
      event,
      matches: matches ?? true,
      expected,
    }))
}

/** The case event as a row to insert: the columns it gives over blank ones, properties as text. */
export function caseEventRow(
  event: CaseEvent,
  base: Pick<EventRow, 'site_id' | 'event_id' | 'ts'>,
): EventRow {
  const { properties, ...columns } = event
  const isView = event.type === 'page' || event.type === 'screen'
  return {
    ...blankEventRow({ ...base, received_at: base.ts, type: 'track', source: 'browser' }),
    visitor_id: 'visitor',
    session_id: base.event_id,
    session_pages: isView ? 1 : 0,
    ...columns,
    properties: typeof properties === 'string' ? properties : JSON.stringify(properties),
  }
}
