import type { Page, Request } from 'playwright-core'
import { median } from './demo-bench.ts'

/** One API request a page made, timed by the browser (`request.timing()`). */
export interface ApiCall {
  /** What was asked, without ids and days: `GET /sites/:site/reports/rates?compare=previous&interval=day`. */
  call: string
  status: number | null
  /** When the page sent it, after the navigation started. */
  started_ms: number
  /** From sending to the last byte of the answer (includes waiting for a free connection). */
  total_ms: number
  /** From the request leaving to the first byte of the answer: the server's time. */
  server_ms: number | null
  failed?: string
}

const API = '/api/v1'
const ID = /^(site|goal|fnl|key|usr|vl)_[A-Za-z0-9_-]+$/

/** A request's label: the path with ids as `:kind`, the query and the body's choices without days. */
export function describeCall(request: Request, periodFrom: string): string {
  const url = new URL(request.url())
  const path = url.pathname
    .slice(API.length)
    .split('/')
    .map((part) => (ID.test(decodeURIComponent(part)) ? `:${decodeURIComponent(part).split('_')[0]}` : part))
    .join('/')
  const choices: string[] = []
  const choose = (key: string, value: unknown) => {
    if (key === 'to' || value === undefined || typeof value === 'object') return
    if (key === 'from') choices.push(`period=${value === periodFrom ? 'current' : 'other'}`)
    else
      choices.push(
        `${key}=${typeof value === 'string' && ID.test(value) ? `:${value.split('_')[0]}` : value}`,
      )
  }
  for (const [key, value] of url.searchParams) choose(key, value)
  const body = request.postData()
  if (body) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>
      for (const [key, value] of Object.entries(parsed)) choose(key, value)
      const match = parsed.match as { type?: string } | undefined
      if (match?.type) choices.push(`match=${match.type}`)
    } catch {
      // Not JSON: the path says enough.
    }
  }
  choices.sort()
  return `${request.method()} ${path}${choices.length ? `?${choices.join('&')}` : ''}`
}

/**
 * Records the API requests a page sends between `begin` and `end`, with the browser's timing of
 * each. Requests still running at `end` are waited for, so none is lost.
 */
export function recordApiCalls(page: Page, periodFrom: string) {
  const pending = new Set<Request>()
  const statuses = new WeakMap<Request, number>()
  let calls: ApiCall[] = []
  let origin = 0
  let open = false

  const isApi = (r: Request) => new URL(r.url()).pathname.startsWith(`${API}/`)
  const record = (request: Request, failed?: string) => {
    const t = request.timing()
    const total = t.responseEnd >= 0 ? t.responseEnd : null
    calls.push({
      call: describeCall(request, periodFrom),
      status: statuses.get(request) ?? null,
      started_ms: Math.round(t.startTime - origin),
      total_ms: Math.round(total ?? 0),
      server_ms:
        t.requestStart >= 0 && t.responseStart >= 0 ? Math.round(t.responseStart - t.requestStart) : null,
      ...(failed ? { failed } : {}),
    })
  }

  page.on('request', (request) => {
    if (open && isApi(request)) pending.add(request)
  })
  page.on('response', (response) => statuses.set(response.request(), response.status()))
  page.on('requestfinished', (request) => {
    if (pending.delete(request)) record(request)
  })
  page.on('requestfailed', (request) => {
    if (pending.delete(request)) record(request, request.failure()?.errorText ?? 'failed')
  })

  return {
    /** Starts a navigation's record; `startedAt` is the epoch ms it started at. */
    begin(startedAt: number): void {
      calls = []
      pending.clear()
      origin = startedAt
      open = true
    },
    /** Stops recording and returns the navigation's calls once those under way have ended. */
    async end(timeoutMs: number): Promise<ApiCall[]> {
      open = false
      const deadline = Date.now() + timeoutMs
      while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      return calls
    },
  }
}

export interface CallSummary {
  call: string
  /** How many times one load of the page asks it. */
  per_load: number
  /** When the page sent it, after the navigation started: what it waited for first. */
  median_started_ms: number
  median_ms: number
  max_ms: number
  median_server_ms: number | null
}

/** Per call, over the measured loads of a page: the slowest first. */
export function summariseCalls(loads: ApiCall[][]): CallSummary[] {
  const byCall = new Map<string, ApiCall[]>()
  for (const load of loads)
    for (const c of load) {
      if (c.failed) continue
      byCall.set(c.call, [...(byCall.get(c.call) ?? []), c])
    }
  const rows = [...byCall].map(([call, cs]) => {
    const server = cs.map((c) => c.server_ms).filter((ms): ms is number => ms !== null)
    return {
      call,
      per_load: Math.round((10 * cs.length) / Math.max(1, loads.length)) / 10,
      median_started_ms: Math.round(median(cs.map((c) => c.started_ms))),
      median_ms: Math.round(median(cs.map((c) => c.total_ms))),
      max_ms: Math.max(...cs.map((c) => c.total_ms)),
      median_server_ms: server.length ? Math.round(median(server)) : null,
    }
  })
  return rows.sort((a, b) => b.median_ms - a.median_ms)
}
