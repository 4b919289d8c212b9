import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { COLLECT_LIMITS } from '../schema/segment-event.ts'
import { DEMO_FUNNELS, DEMO_GOALS } from './demo-goals.ts'
import { type DemoOptions, resolveDemoRun, streamDemoVisitors } from './demo-shop.ts'
import { createTruthAccumulator, type DemoTruth } from './ground-truth.ts'
import { DEMO_SITE, ORIGIN } from './shop-catalog.ts'

/**
 * Sends one request to Stepwise: `fetch` against a running server, or the Hono app's
 * `app.request` in process. Both take a path and a RequestInit, so there is one code path.
 */
export type DemoFetch = (path: string, init: RequestInit) => Promise<Response>

export interface LoadDemoDeps {
  fetch: DemoFetch
  /** The instance administrator's token: creates the site and imports its goals. */
  adminToken: string
  /** The truth file goes to `<dataDir>/demo/<siteId>.truth.json`. */
  dataDir: string
  /** Called after each batch is stored. */
  progress?: (p: { visitors: number; totalVisitors: number; events: number }) => void
}

export interface LoadDemoOptions extends DemoOptions {
  /** Batch requests in flight at once (default 3: generating, parsing and inserting overlap). */
  concurrency?: number
}

export interface LoadDemoResult {
  site: { id: string; name: string; domain: string; timezone: string }
  writeKey: string
  secretKey: string
  goals: { imported: boolean; created: number; updated: number; unchanged: number }
  /** Names of the saved funnels created. */
  funnels: string[]
  truth: DemoTruth
  truthPath: string
  requests: number
  ms: number
}

/** Stays under Segment's 500 KB per batch request, as analytics-node does (480 KB). */
const MAX_BATCH_BYTES = 480 * 1024
const MAX_BATCH_EVENTS = COLLECT_LIMITS.maxBatchEvents

/**
 * Loads the demo the way a customer's site would: a new site (every run makes its own, so a
 * second run never doubles the events of the first), its goals and funnels, then every call through
 * `POST /v1/batch` and the real ingest pipeline. A visitor's calls always travel in one request,
 * so nothing between requests can split their sessions. Writes the ground truth last.
 */
export async function loadDemo(deps: LoadDemoDeps, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const started = performance.now()
  const run = resolveDemoRun(options)
  const admin = { authorization: `Bearer ${deps.adminToken}`, 'content-type': 'application/json' }

  const created = await call<{ site: LoadDemoResult['site']; writeKey: string; secretKey: string }>(
    deps,
    '/api/v1/sites',
    { method: 'POST', headers: admin, body: JSON.stringify({ ...DEMO_SITE, timezone: run.period.timezone }) },
  )
  const siteId = created.site.id
  const goals = await importGoals(deps, siteId, admin)
  for (const funnel of DEMO_FUNNELS)
    await call(deps, `/api/v1/sites/${encodeURIComponent(siteId)}/funnels`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(funnel),
    })

  const writeAuth = `Basic ${Buffer.from(`${created.writeKey}:`).toString('base64')}`
  const truth = createTruthAccumulator(run, DEMO_GOALS)
  const inFlight = new Set<Promise<void>>()
  const concurrency = Math.max(1, options.concurrency ?? 3)
  let failure: unknown = null
  let requests = 0
  let sentVisitors = 0
  let storedEvents = 0
  let parts: string[] = []
  let bytes = 0
  let batchVisitors = 0

  const send = async (body: string, count: number, visitors: number): Promise<void> => {
    const result = await call<{ accepted: number; duplicates: number; rejected: unknown[]; dropped: object }>(
      deps,
      '/v1/batch',
      // The Origin header marks the calls as a browser's, which is what the demo plays.
      {
        method: 'POST',
        headers: { authorization: writeAuth, 'content-type': 'application/json', origin: ORIGIN },
        body,
      },
    )
    if (result.accepted !== count) {
      throw new Error(
        `the demo batch stored ${result.accepted} of ${count} calls: ${JSON.stringify({ rejected: result.rejected.slice(0, 3), dropped: result.dropped, duplicates: result.duplicates })}`,
      )
    }
    requests++
    storedEvents += count
    sentVisitors += visitors
    deps.progress?.({ visitors: sentVisitors, totalVisitors: run.visitors, events: storedEvents })
  }

  const flush = async () => {
    if (parts.length === 0) return
    const body = `{"batch":[${parts.join(',')}]}`
    const pending = send(body, parts.length, batchVisitors).catch((err: unknown) => {
      failure ??= err
    })
    parts = []
    bytes = 0
    batchVisitors = 0
    inFlight.add(pending)
    void pending.finally(() => inFlight.delete(pending))
    while (inFlight.size >= concurrency) await Promise.race(inFlight)
    if (failure) throw failure
  }

  for (const visitor of streamDemoVisitors(run)) {
    truth.add(visitor)
    const lines: string[] = []
    let visitorBytes = 0
    for (const s of visitor.sessions)
      for (const m of s.messages) {
        const line = JSON.stringify(m)
        lines.push(line)
        visitorBytes += Buffer.byteLength(line) + 1
      }
    if (parts.length + lines.length > MAX_BATCH_EVENTS || bytes + visitorBytes > MAX_BATCH_BYTES)
      await flush()
    for (const line of lines) parts.push(line)
    bytes += visitorBytes
    batchVisitors++
  }
  await flush()
  await Promise.all(inFlight)
  if (failure) throw failure

  const result = truth.result()
  const truthPath = writeTruth(deps.dataDir, siteId, result)
  return {
    site: created.site,
    writeKey: created.writeKey,
    secretKey: created.secretKey,
    goals,
    funnels: DEMO_FUNNELS.map((f) => f.name),
    truth: result,
    truthPath,
    requests: requests + 2 + DEMO_FUNNELS.length,
    ms: Math.round(performance.now() - started),
  }
}

async function importGoals(
  deps: LoadDemoDeps,
  siteId: string,
  headers: Record<string, string>,
): Promise<LoadDemoResult['goals']> {
  const { created, updated, unchanged } = await call<{ created: number; updated: number; unchanged: number }>(
    deps,
    `/api/v1/sites/${encodeURIComponent(siteId)}/goals/import`,
    { method: 'POST', headers, body: JSON.stringify({ goals: DEMO_GOALS }) },
  )
  return { imported: true, created, updated, unchanged }
}

async function call<T>(deps: LoadDemoDeps, path: string, init: RequestInit): Promise<T> {
  const res = await deps.fetch(path, init)
  const text = await res.text()
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as T
}

/** Written to a temporary name first, so a reader never sees half a file. */
export function writeTruth(dataDir: string, siteId: string, truth: DemoTruth): string {
  const dir = join(dataDir, 'demo')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${siteId}.truth.json`)
  writeFileSync(`${path}.tmp`, `${JSON.stringify(truth, null, 2)}\n`)
  renameSync(`${path}.tmp`, path)
  return path
}
