/** One row of the `events` table, as inserted (timestamps in epoch milliseconds, UTC). */
export interface EventRow {
  site_id: string
  event_id: string
  ts: number
  received_at: number
  type: EventType
  name: string
  visitor_id: string
  user_id: string
  session_id: string
  /** Page and screen views of the session up to and including this event. */
  session_pages: number
  /** Seconds from the session's first event to this one. */
  session_seconds: number
  /** The same at the session's previous event; -1 on its first. */
  session_prev_seconds: number
  source: EventSource
  url: string
  path: string
  referrer: string
  referrer_host: string
  channel: string
  utm_source: string
  utm_medium: string
  utm_campaign: string
  utm_term: string
  utm_content: string
  utm_id: string
  gclid: string
  gbraid: string
  wbraid: string
  fbclid: string
  msclkid: string
  ttclid: string
  li_fat_id: string
  device: string
  browser: string
  browser_version: string
  os: string
  os_version: string
  country: string
  locale: string
  library: string
  group_id: string
  value: number | null
  currency: string
  /** JSON object text: track/page properties, or identify/group traits (PII hashed). */
  properties: string
}

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export const EVENT_SOURCES = ['browser', 'server', 'offline'] as const
export type EventSource = (typeof EVENT_SOURCES)[number]

export const IDENTITY_KINDS = ['visitor', 'user', 'previous_id', 'email_sha256', 'phone_sha256'] as const
export type IdentityKind = (typeof IDENTITY_KINDS)[number]

/** One row of `identity_links`: two identifiers seen to belong to one person. */
export interface IdentityLinkRow {
  site_id: string
  left_kind: IdentityKind
  left_id: string
  right_kind: IdentityKind
  right_id: string
  source: EventSource
  first_seen: number
  event_id: string
}

/**
 * A row with its identity fields set and every other column blank, for steps to fill in.
 * Written out field by field: spreading into a literal this wide takes V8's slow path (~70 µs
 * a row measured here, against ~1 µs), which alone capped ingestion near 10,000 events/s.
 */
export function blankEventRow(
  base: Pick<EventRow, 'site_id' | 'event_id' | 'ts' | 'received_at' | 'type' | 'source'>,
): EventRow {
  return {
    site_id: base.site_id,
    event_id: base.event_id,
    ts: base.ts,
    received_at: base.received_at,
    type: base.type,
    name: '',
    visitor_id: '',
    user_id: '',
    session_id: '',
    session_pages: 0,
    session_seconds: 0,
    session_prev_seconds: -1,
    source: base.source,
    url: '',
    path: '',
    referrer: '',
    referrer_host: '',
    channel: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    utm_id: '',
    gclid: '',
    gbraid: '',
    wbraid: '',
    fbclid: '',
    msclkid: '',
    ttclid: '',
    li_fat_id: '',
    device: '',
    browser: '',
    browser_version: '',
    os: '',
    os_version: '',
    country: '',
    locale: '',
    library: '',
    group_id: '',
    value: null,
    currency: '',
    properties: '{}',
  }
}
