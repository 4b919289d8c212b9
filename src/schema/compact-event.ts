import { z } from 'zod'
import { CAMPAIGN_PARAMS } from './campaign-params.ts'
import { COLLECT_LIMITS } from './segment-event.ts'

/**
 * The browser tracker's own wire format (`POST /v1/e`): one small event with short keys, sent by
 * `sendBeacon` as text/plain so no CORS preflight is needed. The server turns it into a Segment
 * call for the same ingest pipeline as `/v1/track` and `/v1/page`.
 */
const id = z
  .string()
  .max(COLLECT_LIMITS.maxIdLength, `must be at most ${COLLECT_LIMITS.maxIdLength} characters`)
const url = z.string().max(8192, 'must be at most 8192 characters')
const object = z.record(z.string(), z.unknown(), { error: 'must be an object' })
const epochMs = z
  .number({ error: 'must be a time in epoch milliseconds' })
  .int('must be a whole number of milliseconds')
  .positive('must be a time in epoch milliseconds')

export const compactEventSchema = z
  .strictObject({
    /** The site's write key. */
    k: z.string({ error: 'is required (the write key)' }).min(1, 'is required (the write key)'),
    t: z.enum(['page', 'track', 'identify'], { error: 'must be page, track or identify' }),
    /** Event name (track). */
    n: z
      .string()
      .max(COLLECT_LIMITS.maxNameLength, `must be at most ${COLLECT_LIMITS.maxNameLength} characters`)
      .optional(),
    /** The page URL (location.href). */
    u: url.optional(),
    /** document.referrer */
    r: url.optional(),
    /** document.title */
    ti: z.string().max(1000, 'must be at most 1000 characters').optional(),
    /** Properties of a track or page call. */
    p: object.optional(),
    /** Anonymous id: only in consent mode (a first-party id); absent, the server derives one. */
    a: id.optional(),
    /** User id and traits of an identify call. */
    i: id.optional(),
    tr: object.optional(),
    /** Message id, for de-duplication of retries. */
    m: id.optional(),
    /** When the event happened and when it was sent, by the browser's clock (skew is corrected). */
    ts: epochMs.optional(),
    st: epochMs.optional(),
    /**
     * The landing URL's campaign parameters, kept for the visit by single-page apps: an object, or
     * the landing query string (`?utm_source=…`, what the browser tracker sends) from which only
     * the campaign parameters are read.
     */
    c: z
      .union(
        [
          z.string().max(8192, 'must be at most 8192 characters'),
          z.partialRecord(z.enum(CAMPAIGN_PARAMS), z.string().max(1000)),
        ],
        { error: 'must be a query string or an object of campaign parameters (utm_source, gclid, …)' },
      )
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.t === 'track' && !e.n)
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'is required for track (the event name)' })
    if (e.t === 'identify' && !e.i && !e.tr)
      ctx.addIssue({
        code: 'custom',
        path: ['i'],
        message: 'is required for identify (the user id), or traits in tr',
      })
  })
export type CompactEvent = z.infer<typeof compactEventSchema>

/** The Segment call a compact event stands for. */
export function compactToSegment(e: CompactEvent): Record<string, unknown> {
  const page: Record<string, unknown> = {}
  if (e.u !== undefined) page.url = e.u
  if (e.r) page.referrer = e.r
  if (e.ti) page.title = e.ti
  const campaign = typeof e.c === 'string' ? campaignFromQuery(e.c) : {}
  if (typeof e.c === 'object')
    for (const [key, value] of Object.entries(e.c)) if (value) campaign[key] = value
  const call: Record<string, unknown> = {
    type: e.t,
    context: {
      page,
      library: { name: 'stepwise.js' },
      ...(Object.keys(campaign).length ? { campaign } : {}),
    },
  }
  if (e.m) call.messageId = e.m
  if (e.a) call.anonymousId = e.a
  if (e.ts !== undefined) call.timestamp = new Date(e.ts).toISOString()
  if (e.st !== undefined) call.sentAt = new Date(e.st).toISOString()
  if (e.t === 'track') {
    call.event = e.n
    call.properties = e.p ?? {}
  } else if (e.t === 'page') {
    call.properties = { ...page, ...e.p }
  } else {
    if (e.i) call.userId = e.i
    call.traits = e.tr ?? {}
  }
  return call
}

/** The campaign parameters of a query string; other parameters are dropped. */
export function campaignFromQuery(query: string): Record<string, string> {
  const params = new URLSearchParams(query)
  const campaign: Record<string, string> = {}
  for (const key of CAMPAIGN_PARAMS) {
    const value = params.get(key)
    if (value) campaign[key] = value
  }
  return campaign
}
