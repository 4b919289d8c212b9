import { type Cursor, encodeCursor } from './events-list-spec.ts'

export type EventListRow = Record<string, unknown> & { ts_ms: number | string; event_id: string }

export interface ApiEvent {
  id: string
  type: string
  name: string
  timestamp: string
  receivedAt: string
  visitorId: string
  userId: string | null
  sessionId: string
  source: string
  url: string
  path: string
  referrer: string
  referrerHost: string
  channel: string
  utm: { source: string; medium: string; campaign: string; term: string; content: string; id: string }
  clickIds: Record<string, string>
  device: string
  browser: string
  browserVersion: string
  os: string
  osVersion: string
  country: string
  locale: string
  library: string
  groupId: string | null
  value: number | null
  currency: string | null
  properties: Record<string, unknown>
}

const CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'ttclid', 'li_fat_id'] as const

export function shapeEventsList(
  rows: EventListRow[],
  limit: number,
): { events: ApiEvent[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const cursor: Cursor | null =
    rows.length > limit && last ? { ts: Number(last.ts_ms), eventId: last.event_id } : null
  return { events: page.map(toApiEvent), nextCursor: cursor ? encodeCursor(cursor) : null }
}

function toApiEvent(r: EventListRow): ApiEvent {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '')
  const clickIds: Record<string, string> = {}
  for (const k of CLICK_IDS) if (s(k)) clickIds[k] = s(k)
  let properties: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(s('properties') || '{}')
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      properties = parsed as Record<string, unknown>
  } catch {
    properties = {}
  }
  return {
    id: r.event_id,
    type: s('type'),
    name: s('name'),
    timestamp: new Date(Number(r.ts_ms)).toISOString(),
    receivedAt: new Date(s('received_at')).toISOString(),
    visitorId: s('visitor_id'),
    userId: s('user_id') || null,
    sessionId: s('session_id'),
    source: s('source'),
    url: s('url'),
    path: s('path'),
    referrer: s('referrer'),
    referrerHost: s('referrer_host'),
    channel: s('channel'),
    utm: {
      source: s('utm_source'),
      medium: s('utm_medium'),
      campaign: s('utm_campaign'),
      term: s('utm_term'),
      content: s('utm_content'),
      id: s('utm_id'),
    },
    clickIds,
    device: s('device'),
    browser: s('browser'),
    browserVersion: s('browser_version'),
    os: s('os'),
    osVersion: s('os_version'),
    country: s('country'),
    locale: s('locale'),
    library: s('library'),
    groupId: s('group_id') || null,
    value: typeof r.value === 'number' ? r.value : null,
    currency: s('currency') || null,
    properties,
  }
}
