// What the report benchmarks share: an embedded Stepwise with the demo shop loaded through the
// ingest pipeline, copied into more populations; timing; the JSON result file.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClickHouseClient } from '@clickhouse/client'
import { loadConfig } from '../src/config.ts'
import { type LoadDemoResult, loadDemo } from '../src/demo/load-demo.ts'
import { openStepwise } from '../src/server/open-stepwise.ts'

const RESULTS_DIR = join(fileURLToPath(new URL('../', import.meta.url)), 'bench', 'results')
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef'

export const log = (line: string) => process.stderr.write(`${line}\n`)

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const s = performance.now()
  await fn()
  return performance.now() - s
}

export const machine = () => ({
  cpus: cpus().length,
  memory_gib: Math.round(totalmem() / 2 ** 30),
  loadavg_at_start: loadavg(),
})

/**
 * Runs `body` with an embedded Stepwise in a temporary directory, deleted afterwards unless
 * BENCH_KEEP_DATA=1.
 */
export async function withBenchStepwise<T>(
  name: string,
  body: (stepwise: Awaited<ReturnType<typeof openStepwise>>, dataDir: string) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `stepwise-bench-${name}-`))
  const stepwise = await openStepwise({
    config: loadConfig({ STEPWISE_DATA_DIR: dataDir }),
    adminToken: ADMIN_TOKEN,
  })
  try {
    return await body(stepwise, dataDir)
  } finally {
    await stepwise.close()
    if (process.env.BENCH_KEEP_DATA === '1') log(`data kept in ${dataDir}`)
    else rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Loads the demo shop through the app's HTTP routes (in memory). */
export function loadBenchDemo(
  stepwise: Awaited<ReturnType<typeof openStepwise>>,
  dataDir: string,
  options: { visitors: number; seed: number },
): Promise<LoadDemoResult> {
  log(`loading the demo shop with ${options.visitors} visitors through the ingest pipeline…`)
  return loadDemo(
    { fetch: async (path, init) => stepwise.app.request(path, init), adminToken: ADMIN_TOKEN, dataDir },
    { ...options, end: new Date('2026-11-01T12:00:00Z') },
  )
}

/**
 * Copies the site's original events and identity links as populations `from` … `to − 1`: new
 * visitor, user and event ids (suffixed `~k`), same times and shapes. Then merges the parts.
 */
export async function copyPopulations(
  client: ClickHouseClient,
  site: string,
  from: number,
  to: number,
): Promise<void> {
  for (let k = from; k < to; k += 10) {
    const query_params = { site, k, copies: to }
    const populations = 'ARRAY JOIN range({k:UInt32}, least({k:UInt32} + 10, {copies:UInt32})) AS k'
    await client.command({
      query: `INSERT INTO events
        SELECT * REPLACE (
          concat(visitor_id, '~', toString(k)) AS visitor_id,
          concat(event_id, '~', toString(k)) AS event_id,
          if(user_id = '', '', concat(user_id, '~', toString(k))) AS user_id)
        FROM (SELECT * FROM events WHERE site_id = {site:String} AND position(event_id, '~') = 0)
        ${populations}`,
      query_params,
      clickhouse_settings: { max_insert_threads: '2' },
    })
    await client.command({
      query: `INSERT INTO identity_links
        SELECT * REPLACE (
          concat(left_id, '~', toString(k)) AS left_id,
          concat(right_id, '~', toString(k)) AS right_id,
          concat(event_id, '~', toString(k)) AS event_id)
        FROM (SELECT * FROM identity_links WHERE site_id = {site:String} AND position(event_id, '~') = 0)
        ${populations}`,
      query_params,
    })
  }
  await client.command({ query: 'OPTIMIZE TABLE events FINAL' })
}

/** Prints the result as JSON on stdout and writes it to bench/results/<name>-<time>.json. */
export function writeResult(name: string, startedAt: Date, result: unknown): void {
  const json = JSON.stringify(result, null, 2)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(
    join(RESULTS_DIR, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`),
    `${json}\n`,
  )
  process.stdout.write(`${json}\n`)
}
