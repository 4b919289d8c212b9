import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { IngestSettings, Scenario } from './ingest-settings.ts'
import type { ProcessGroup, ServerChild } from './process-group.ts'
import { type ProcessMemory, readProcessMemory } from './read-process-memory.ts'
import { type LoadSummary, runLoad } from './run-load.ts'
import { batchBody, createTemplateCycle, type EventTemplate, singleBody } from './segment-events.ts'
import {
  countStoredEvents,
  type IngestHealth,
  readIngestHealth,
  type StepwiseTarget,
  waitUntilIngestIdle,
} from './stepwise-api.ts'

const START_TIMEOUT_MS = 60_000

export interface PhaseContext {
  settings: IngestSettings
  group: ProcessGroup
  pool: readonly EventTemplate[]
  repoRoot: string
  resultsDir: string
  log: (line: string) => void
}

export type BareRun = LoadSummary & { peak_rss_mb_so_far: number | null }

/** One measured Stepwise run: the load, and what the store and the writer saw meanwhile. */
export interface StepwiseMeasurement {
  load: LoadSummary
  eventsPerRequest: number
  storedBefore: number
  storedAfter: number
  healthBefore: IngestHealth
  healthAfter: IngestHealth
  peakRssMbSoFar: number | null
}

export interface BarePhase {
  runs: Partial<Record<Scenario, BareRun>>
  memory: ProcessMemory | null
}

export interface StepwisePhase {
  runs: Partial<Record<Scenario, StepwiseMeasurement>>
  memory: ProcessMemory | null
  pid: number
  /** Seconds after the child was spawned, per measured run (to cut the CPU profile). */
  windows: Partial<Record<Scenario, { from_s: number; to_s: number }>>
  profileDir: string | null
  output: string
}

interface Endpoint {
  baseUrl: string
  headers: Record<string, string>
  writeKey: string
}

interface ScenarioLoad {
  path: string
  eventsPerRequest: number
  makeBody: () => string
}

/** The bare node:http baseline: started, loaded scenario by scenario, stopped. */
export async function runBarePhase(ctx: PhaseContext): Promise<BarePhase> {
  const { settings, log } = ctx
  log('Starting the bare node:http server…')
  const bare = ctx.group.start({
    name: 'bare',
    args: ['--import', 'tsx', join(ctx.repoRoot, 'bench', 'bare-server.ts')],
    env: childEnv({}),
    cwd: ctx.repoRoot,
  })
  const port = (await bare.waitFor(/listening on 127\.0\.0\.1:(\d+)/, START_TIMEOUT_MS))[1]
  const endpoint = {
    baseUrl: `http://127.0.0.1:${port}`,
    headers: headersFor('wk_bench'),
    writeKey: 'wk_bench',
  }
  const runs: BarePhase['runs'] = {}
  for (const scenario of settings.scenarios) {
    const load = scenarioLoad(scenario, ctx, endpoint.writeKey)
    log(`bare ${scenario}: warm-up ${settings.warmupS} s, run ${settings.durationS} s…`)
    await warmUp(ctx, endpoint, load, scenario)
    const run = await measure(ctx, endpoint, load, scenario)
    runs[scenario] = { ...run, peak_rss_mb_so_far: readProcessMemory(bare.pid)?.peak_rss_mb ?? null }
    log(`  ${run.ok_requests_per_s} ok req/s, p50 ${run.latency_ms.p50} ms, p99 ${run.latency_ms.p99} ms`)
  }
  const memory = readProcessMemory(bare.pid)
  await bare.stop(5_000)
  return { runs, memory }
}

/**
 * `stepwise serve` on a fresh data directory. Each scenario: warm-up, wait until the writer is
 * idle, count stored events, measured run, wait until idle again, count again.
 */
export async function runStepwisePhase(ctx: PhaseContext): Promise<StepwisePhase> {
  const { settings, log } = ctx
  log('Starting Stepwise on a fresh data directory…')
  const dataDir = join(ctx.group.tempDir('stepwise-bench-'), 'data')
  const profileDir = settings.profile ? join(ctx.resultsDir, 'profiles') : null
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const root = settings.stepwiseRoot ?? ctx.repoRoot
  const spawnedAt = performance.now()
  const sinceSpawn = () => Math.round((performance.now() - spawnedAt) / 100) / 10
  const stepwise = ctx.group.start({
    name: 'stepwise',
    args: [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      ...settings.stepwiseNodeArgs,
      join(root, 'bin', 'stepwise.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    env: childEnv({ STEPWISE_HOST: '127.0.0.1', ...settings.stepwiseEnv }),
    cwd: root,
  })
  const target = await stepwiseTarget(stepwise)
  const endpoint = {
    baseUrl: target.baseUrl,
    headers: headersFor(target.writeKey),
    writeKey: target.writeKey,
  }
  const runs: StepwisePhase['runs'] = {}
  const windows: StepwisePhase['windows'] = {}
  for (const scenario of settings.scenarios) {
    const load = scenarioLoad(scenario, ctx, target.writeKey)
    log(`stepwise ${scenario}: warm-up ${settings.warmupS} s, run ${settings.durationS} s…`)
    await warmUp(ctx, endpoint, load, scenario)
    await waitUntilIngestIdle(target)
    const storedBefore = await countStoredEvents(target)
    const healthBefore = await readIngestHealth(target)
    const fromS = sinceSpawn()
    const run = await measure(ctx, endpoint, load, scenario)
    windows[scenario] = { from_s: fromS, to_s: sinceSpawn() }
    const healthAfter = await waitUntilIngestIdle(target)
    const storedAfter = await countStoredEvents(target)
    const rowsPerFlush =
      (healthAfter.writer.rowsWritten - healthBefore.writer.rowsWritten) /
      Math.max(1, healthAfter.writer.flushes - healthBefore.writer.flushes)
    runs[scenario] = {
      load: run,
      eventsPerRequest: load.eventsPerRequest,
      storedBefore,
      storedAfter,
      healthBefore,
      healthAfter,
      peakRssMbSoFar: readProcessMemory(stepwise.pid)?.peak_rss_mb ?? null,
    }
    log(
      `  ${run.ok_requests_per_s} ok req/s, ${storedAfter - storedBefore} events stored, ` +
        `p50 ${run.latency_ms.p50} ms, p99 ${run.latency_ms.p99} ms, ${Math.round(rowsPerFlush)} rows/flush`,
    )
  }
  const memory = readProcessMemory(stepwise.pid)
  log('Stopping Stepwise…')
  await stepwise.stop(60_000)
  return { runs, memory, pid: stepwise.pid, windows, profileDir, output: stepwise.output() }
}

function scenarioLoad(scenario: Scenario, ctx: PhaseContext, writeKey: string): ScenarioLoad {
  if (scenario === 'single') {
    const tracks = createTemplateCycle(ctx.pool.filter((t) => t.type === 'track'))
    return { path: '/v1/track', eventsPerRequest: 1, makeBody: () => singleBody(tracks) }
  }
  const all = createTemplateCycle(ctx.pool)
  const size = ctx.settings.batchSize
  return { path: '/v1/batch', eventsPerRequest: size, makeBody: () => batchBody(all, size, writeKey) }
}

/** What analytics-node sends with every request. */
function headersFor(writeKey: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'analytics-node-next/latest',
    Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
  }
}

/** Environment of a child: ours without Stepwise, bench or Node settings, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('STEPWISE_') || k.startsWith('BENCH_') || k === 'NODE_OPTIONS') continue
    env[k] = v
  }
  return { ...env, ...extra }
}

async function warmUp(ctx: PhaseContext, endpoint: Endpoint, load: ScenarioLoad, scenario: Scenario) {
  if (ctx.settings.warmupS === 0) return
  const run = await runLoad({
    ...load,
    title: `warm-up ${scenario}`,
    baseUrl: endpoint.baseUrl,
    headers: endpoint.headers,
    connections: ctx.settings.connections[scenario],
    durationS: ctx.settings.warmupS,
  })
  ctx.log(`  warm-up: ${run.ok_requests_per_s} ok req/s, ${run.non_2xx} non-2xx, ${run.errors} errors`)
}

function measure(ctx: PhaseContext, endpoint: Endpoint, load: ScenarioLoad, scenario: Scenario) {
  return runLoad({
    ...load,
    title: scenario,
    baseUrl: endpoint.baseUrl,
    headers: endpoint.headers,
    connections: ctx.settings.connections[scenario],
    durationS: ctx.settings.durationS,
  })
}

async function stepwiseTarget(child: ServerChild): Promise<StepwiseTarget> {
  await child.waitFor(/Secret admin key \(shown only now, keep it safe\): (sk_adm_\S+)/, START_TIMEOUT_MS)
  const out = child.output()
  const port = /Stepwise listening on http:\/\/[^:\s]+:(\d+) /.exec(out)?.[1]
  const siteId = /\(id (site_[A-Za-z0-9_-]+), domain/.exec(out)?.[1]
  const writeKey = /Write key \(public, for browsers and SDKs\): (wk_\S+)/.exec(out)?.[1]
  const secretKey = /Secret admin key \(shown only now, keep it safe\): (sk_adm_\S+)/.exec(out)?.[1]
  if (!port || !siteId || !writeKey || !secretKey) throw new Error(`Unexpected Stepwise banner:\n${out}`)
  return { baseUrl: `http://127.0.0.1:${port}`, siteId, writeKey, secretKey }
}
