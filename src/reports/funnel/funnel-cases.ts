import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { goalInputSchema } from '../../schema/goal.ts'
import { blankEventRow, type EventRow, type IdentityLinkRow } from '../../store/events/event-row.ts'

/**
 * Reads `funnel-cases.json` for the tests. Each case is a small event history, a funnel and what
 * the engine must answer:
 * - `funnel`: a funnel definition, where a step written as a string is shorthand: `"/path"` a page
 *   view of that exact path, anything else a track event of that name;
 * - `events`: `[visitor, minutes after 2026-03-02 10:00 UTC, name or "/path", columns?]`, where
 *   `columns` may give `user_id`, `properties` (an object) and other `events` columns;
 * - `links`: `[visitor, user]` identity links;
 * - `period`: `[from, to]` (default 2026-03-02 … 2026-03-08, zone UTC), `compare` for the
 *   previous period;
 * - `goals`: goals the funnel may name;
 * - `expect`: `steps` (persons per step), optionally `previous`, `conversions`,
 *   `ttc` ([median, p90] seconds), `medians` (median seconds from the previous step, per step,
 *   null for step 1 or none), `breakdown` ({value: persons per step}), `trend` ({day: persons}).
 */

export const CASE_T0 = Date.parse('2026-03-02T10:00:00Z')

const eventSchema = z.union([
  z.tuple([z.string(), z.number(), z.string()]),
  z.tuple([z.string(), z.number(), z.string(), z.record(z.string(), z.unknown())]),
])

const caseSchema = z.strictObject({
  name: z.string().min(1),
  funnel: z.record(z.string(), z.unknown()),
  events: z.array(eventSchema),
  links: z.array(z.tuple([z.string(), z.string()])).default([]),
  period: z.tuple([z.string(), z.string()]).default(['2026-03-02', '2026-03-08']),
  compare: z.boolean().default(false),
  interval: z.enum(['day', 'week']).default('day'),
  goals: z.array(goalInputSchema).default([]),
  expect: z.strictObject({
    steps: z.array(z.number().int()),
    previous: z.array(z.number().int()).optional(),
    conversions: z.number().int().optional(),
    ttc: z.tuple([z.number(), z.number()]).optional(),
    medians: z.array(z.number().nullable()).optional(),
    breakdown: z.record(z.string(), z.array(z.number().int())).optional(),
    trend: z.record(z.string(), z.number().int()).optional(),
  }),
})
export type FunnelCase = z.output<typeof caseSchema>

export function loadFunnelCases(): FunnelCase[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./funnel-cases.json', import.meta.url), 'utf8'))
  return z.array(caseSchema).parse(raw)
}

const stepShorthand = (s: unknown): unknown => {
  if (typeof s !== 'string') return s
  return s.startsWith('/')
    ? { match: { type: 'page', path: { match: 'exact', pattern: s } } }
    : { match: { type: 'event', event: s } }
}

/** The case's funnel with step shorthands expanded (exclusions may use them too). */
export function caseDefinition(c: FunnelCase): unknown {
  const f = c.funnel as { steps?: unknown[]; exclusions?: Array<Record<string, unknown>> }
  return {
    ...f,
    steps: f.steps?.map((s) => {
      if (typeof s === 'string') return stepShorthand(s)
      const step = s as Record<string, unknown>
      if (typeof step.step === 'string') {
        const { step: short, ...rest } = step
        return { ...(stepShorthand(short) as object), ...rest }
      }
      if (Array.isArray(step.any)) return { ...step, any: step.any.map(stepShorthand) }
      return step
    }),
    exclusions: f.exclusions?.map((x) => {
      if (typeof x.step !== 'string') return x
      const { step: short, ...rest } = x
      return { ...(stepShorthand(short) as object), ...rest }
    }),
  }
}

/** The case's events as rows of `site`; each visitor's own session. */
export function caseRows(c: FunnelCase, site: string): EventRow[] {
  return c.events.map(([visitor, minutes, what, columns], i) => {
    const ts = CASE_T0 + Math.round(minutes * 60_000)
    const page = what.startsWith('/')
    const { properties, ...rest } = (columns ?? {}) as { properties?: unknown } & Partial<EventRow>
    return {
      ...blankEventRow({
        site_id: site,
        event_id: `e${i}`,
        ts,
        received_at: ts,
        type: page ? 'page' : 'track',
        source: 'browser',
      }),
      visitor_id: visitor,
      session_id: `${visitor}-s`,
      name: page ? '' : what,
      path: page ? what : '',
      properties: JSON.stringify(properties ?? {}),
      ...rest,
    }
  })
}

export function caseLinks(c: FunnelCase, site: string): IdentityLinkRow[] {
  return c.links.map(([visitor, user], i) => ({
    site_id: site,
    left_kind: 'visitor',
    left_id: visitor,
    right_kind: 'user',
    right_id: user,
    source: 'browser',
    first_seen: CASE_T0,
    event_id: `l${i}`,
  }))
}
