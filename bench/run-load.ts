import autocannon from 'autocannon'

export interface LoadOptions {
  title: string
  /** `http://127.0.0.1:PORT`: loopback only. */
  baseUrl: string
  path: string
  connections: number
  durationS: number
  headers: Record<string, string>
  /** A new body for every request (unique messageIds). */
  makeBody: () => string
  /** Calls per request, to turn requests into events. */
  eventsPerRequest: number
}

export interface LoadSummary {
  duration_s: number
  connections: number
  requests: number
  ok_2xx: number
  non_2xx: number
  status_codes: Record<string, number>
  errors: number
  timeouts: number
  requests_per_s: number
  /** 2xx answers per second: for Stepwise, requests whose events are stored. */
  ok_requests_per_s: number
  /** Events in 2xx answers per second (for the bare server: parsed, not stored). */
  events_per_s_acknowledged: number
  latency_ms: { p50: number; p90: number; p99: number; mean: number; max: number }
}

/** One autocannon run against one endpoint, in this process, ending by itself after `durationS`. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const url = new URL(options.path, options.baseUrl)
  if (url.hostname !== '127.0.0.1') throw new Error(`load tests target 127.0.0.1 only, not ${url.hostname}`)
  const result = await autocannon({
    title: options.title,
    url: url.href,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    // A batch waits for its insert; under overload that is seconds, not a dead server.
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        headers: options.headers,
        setupRequest: (request) => ({ ...request, body: options.makeBody() }),
      },
    ],
  })
  const seconds = result.duration > 0 ? result.duration : options.durationS
  const ok = result['2xx']
  const statusCodes: Record<string, number> = {}
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count
  return {
    duration_s: seconds,
    connections: options.connections,
    requests: result.requests.total,
    ok_2xx: ok,
    non_2xx: result.non2xx,
    status_codes: statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    requests_per_s: round(result.requests.total / seconds),
    ok_requests_per_s: round(ok / seconds),
    events_per_s_acknowledged: round((ok * options.eventsPerRequest) / seconds),
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: round(result.latency.mean, 2),
      max: result.latency.max,
    },
  }
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
