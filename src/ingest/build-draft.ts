import { randomUUID } from 'node:crypto'
import type { SegmentEvent } from '../schema/segment-event.ts'
import { blankEventRow, type EventRow } from '../store/events/event-row.ts'
import type { Draft, RequestMeta } from './draft.ts'

const MAX_URL = 2000

/** The row's plain fields, copied or derived from the validated call before any step runs. */
export function buildDraft(input: SegmentEvent, meta: RequestMeta, ts: number): Draft {
  const context = input.context ?? {}
  const props = input.properties ?? {}
  const page = record(context.page)
  const isPage = input.type === 'page' || input.type === 'screen'

  const url = str(isPage ? (props.url ?? page.url) : (page.url ?? props.url)).slice(0, MAX_URL)
  const referrer = str(isPage ? (props.referrer ?? page.referrer) : (page.referrer ?? props.referrer)).slice(
    0,
    MAX_URL,
  )
  const path = (str(isPage ? (props.path ?? page.path) : (page.path ?? props.path)) || pathOf(url)).slice(
    0,
    MAX_URL,
  )

  const row: EventRow = blankEventRow({
    site_id: meta.siteId,
    event_id: input.messageId || randomUUID(),
    ts,
    received_at: meta.receivedAt,
    type: input.type,
    source: meta.source,
  })
  row.name = eventName(input)
  row.url = url
  row.path = path
  row.referrer = referrer
  row.country = countryOf(context)
  row.locale = str(context.locale).slice(0, 35)
  row.library = str(record(context.library).name).slice(0, 100)
  row.group_id = input.groupId ?? ''
  if (input.type === 'track' || isPage) {
    row.value = moneyOf(props.revenue ?? props.value ?? props.total)
    row.currency = currencyOf(props.currency)
  }
  const contextUa = str(context.userAgent)
  return {
    input,
    meta,
    context,
    row,
    links: [],
    ip: meta.source === 'browser' ? meta.requestIp : str(context.ip),
    userAgent: contextUa || (meta.source === 'browser' ? meta.requestUserAgent : ''),
    emailSha256: '',
    phoneSha256: '',
  }
}

function eventName(input: SegmentEvent): string {
  if (input.type === 'track') return (input.event ?? '').trim()
  if (input.type === 'page' || input.type === 'screen') {
    return (input.name ?? str(input.properties?.name)).trim()
  }
  return ''
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : ''
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function pathOf(url: string): string {
  if (!url) return ''
  try {
    return new URL(url).pathname
  } catch {
    return ''
  }
}

function countryOf(context: Record<string, unknown>): string {
  const c = str(record(context.location).country).trim()
  return /^[A-Za-z]{2}$/.test(c) ? c.toUpperCase() : c.slice(0, 64)
}

/** Revenue as sent (`9.99` or `"9.99"`); anything not a finite number is no value. */
export function moneyOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
  return Number.isFinite(n) ? n : null
}

function currencyOf(v: unknown): string {
  const c = str(v).trim().toUpperCase()
  return /^[A-Z]{3}$/.test(c) ? c : ''
}
