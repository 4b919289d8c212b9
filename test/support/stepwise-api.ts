import type { CollectResult } from '../../src/ingest/ingest-service.ts'
import type { ApiEvent } from '../../src/reports/events-list/shape-events-list.ts'
import type { Overview } from '../../src/reports/overview/shape-overview.ts'
import type { ErrorBody } from '../../src/schema/app-error.ts'

/** The 200 answer of a collect path. */
export type CollectAnswer = { success: true } & CollectResult

export interface HttpAnswer<T> {
  status: number
  headers: Headers
  body: T
}

export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`
}

/** POSTs a body (JSON-encoded unless already a string or bytes) to a collect path. */
export async function postCollect<T = CollectAnswer | ErrorBody>(
  baseUrl: string,
  path: string,
  body: unknown,
  options: { writeKey?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.writeKey ? { authorization: basicAuth(options.writeKey) } : {}),
      ...options.headers,
    },
    body: payload,
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as T }
}

/** GET with an optional bearer key; the JSON body as `T`. */
export async function getJson<T>(url: string, bearer?: string): Promise<HttpAnswer<T>> {
  const res = await fetch(url, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {})
  return { status: res.status, headers: res.headers, body: (await res.json()) as T }
}

interface EventsPage {
  events: ApiEvent[]
  nextCursor: string | null
}

/** Every stored event of a site, following `nextCursor` to the end (newest first). */
export async function listAllEvents(
  baseUrl: string,
  siteId: string,
  secretKey: string,
  query: Record<string, string> = {},
): Promise<ApiEvent[]> {
  const events: ApiEvent[] = []
  let cursor: string | null = null
  for (let page = 0; page < 10_000; page++) {
    const params: URLSearchParams = new URLSearchParams({
      limit: '1000',
      ...query,
      ...(cursor ? { cursor } : {}),
    })
    const res: HttpAnswer<EventsPage | ErrorBody> = await getJson<EventsPage | ErrorBody>(
      `${baseUrl}/api/v1/sites/${siteId}/events?${params}`,
      secretKey,
    )
    if (res.status !== 200 || !('events' in res.body)) {
      throw new Error(`events API answered ${res.status}: ${JSON.stringify(res.body)}`)
    }
    events.push(...res.body.events)
    cursor = res.body.nextCursor
    if (!cursor) return events
  }
  throw new Error('events API kept returning a next cursor')
}

/** The overview of yesterday to tomorrow (UTC), which covers every event sent "now". */
export async function overviewAroundToday(baseUrl: string, siteId: string, secretKey: string) {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  const res = await getJson<Overview | ErrorBody>(
    `${baseUrl}/api/v1/sites/${siteId}/stats/overview?from=${day(-1)}&to=${day(1)}`,
    secretKey,
  )
  if (res.status !== 200 || !('total' in res.body)) {
    throw new Error(`overview API answered ${res.status}: ${JSON.stringify(res.body)}`)
  }
  return res.body
}

/** How many times each id occurs. */
export function countIds(events: readonly ApiEvent[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const e of events) counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  return counts
}

export function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false
}

export type { ApiEvent, ErrorBody }
