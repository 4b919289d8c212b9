// `npm run bench:ingest`: events stored per second through HTTP, single calls and batches,
// each beside a bare node:http server that only parses the JSON. One JSON document on stdout
// (also written to bench/results/), progress on stderr. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBarePhase, runStepwisePhase } from './ingest-phases.ts'
import { buildIngestReport } from './ingest-report.ts'
import { readIngestSettings } from './ingest-settings.ts'
import { createProcessGroup, type ProcessGroup } from './process-group.ts'
import { createEventPool } from './segment-events.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')
const VISITORS = 5000

const log = (line: string) => process.stderr.write(`${line}\n`)

async function main(): Promise<void> {
  const settings = readIngestSettings(process.env)
  const group = createProcessGroup()
  installCleanup(group)
  const startedAt = new Date()
  const pool = createEventPool({ size: 4096, visitors: VISITORS, seed: 20_261_123 })
  const header = {
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      total_mem_gb: Math.round(totalmem() / 2 ** 30),
      // Other work on the machine skews the numbers; this shows how busy it was.
      loadavg_at_start: loadAverage(),
    },
    settings: {
      duration_s: settings.durationS,
      warmup_s: settings.warmupS,
      connections: settings.connections,
      batch_size: settings.batchSize,
      scenarios: settings.scenarios.join(','),
      load_generator: 'autocannon 8.0.0, programmatic, in the bench process, pipelining 1',
      stepwise_env: {
        STEPWISE_FLUSH_INTERVAL_MS: settings.stepwiseEnv.STEPWISE_FLUSH_INTERVAL_MS ?? '5 (default)',
        STEPWISE_FLUSH_MAX_ROWS: settings.stepwiseEnv.STEPWISE_FLUSH_MAX_ROWS ?? '20000 (default)',
      },
      stepwise_node_args: settings.stepwiseNodeArgs.join(' '),
      stepwise_root: settings.stepwiseRoot ?? 'this checkout',
      event_pool: { templates: pool.length, visitors: VISITORS, user_agents: 20 },
      order: 'bare server first (all scenarios), then Stepwise; never both under load at once',
    },
  }

  const ctx = { settings, group, pool, repoRoot: REPO_ROOT, resultsDir: RESULTS_DIR, log }
  const bare = await runBarePhase(ctx)
  const stepwise = await runStepwisePhase(ctx)
  group.removeDirs()

  const report = buildIngestReport({
    header,
    bare,
    stepwise,
    profile: settings.profile,
    startedAt,
    finishedAt: new Date(),
  })
  for (const scenario of settings.scenarios) {
    const run = stepwise.runs[scenario]
    const missing = run ? run.load.ok_2xx * run.eventsPerRequest - (run.storedAfter - run.storedBefore) : 0
    if (missing > 0) log(`WARNING: ${scenario}: ${missing} acknowledged events are not in the store`)
  }

  const json = JSON.stringify(report, null, 2)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = join(RESULTS_DIR, `ingest-${stamp(startedAt)}.json`)
  writeFileSync(file, `${json}\n`)
  writeFileSync(join(RESULTS_DIR, `stepwise-${stamp(startedAt)}.log`), stepwise.output)
  process.stdout.write(`${json}\n`)
  log(`Written to ${file}`)
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-')
}

/** An object, not an array: the report stays in the layout `biome format` gives it. */
function loadAverage(): Record<'1m' | '5m' | '15m', number> {
  const [m1 = 0, m5 = 0, m15 = 0] = loadavg().map((l) => Math.round(l * 100) / 100)
  return { '1m': m1, '5m': m5, '15m': m15 }
}

/** Children and temporary directories go on every way out: normal end, error, Ctrl-C. */
function installCleanup(group: ProcessGroup): void {
  process.once('exit', () => group.killAllSync())
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the servers and removing temporary data`)
      group.killAllSync()
      process.exit(130)
    })
  }
}

main().catch((err: unknown) => {
  log(`Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  // The 'exit' handler ends the children; autocannon may still hold the event loop.
  process.exit(1)
})
