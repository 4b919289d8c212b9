// `npm run -s bench:funnel`: a 4-step ordered funnel over the demo shop copied to 1, 10 and 30
// million events, each time beside a bare ClickHouse `windowFunnel` over the same rows, in one
// run on one embedded engine. JSON on stdout (also written to bench/results/), progress on
// stderr. See bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.ts'
import { DEMO_GOAL_NAMES } from '../src/demo/index.ts'
import { loadDemo } from '../src/demo/load-demo.ts'
import { compileFunnelReport, funnelParams, planFunnel } from '../src/reports/funnel/compile-funnel.ts'
import { funnelDefinitionSchema } from '../src/schema/funnel.ts'
import type { Goal } from '../src/schema/goal.ts'
import { openStepwise } from '../src/server/open-stepwise.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')
const env = (name: string, fallback: string) => process.env[name] || fallback
const settings = {
  scales: env('BENCH_SCALES', '1000000,10000000,30000000').split(',').map(Number),
  baseVisitors: Number(env('BENCH_BASE_VISITORS', '10000')),
  repeats: Number(env('BENCH_REPEATS', '5')),
  seed: Number(env('BENCH_SEED', '1')),
}
const log = (line: string) => process.stderr.write(`${line}\n`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const time = async (fn: () => Promise<unknown>) => {
  const s = performance.now()
  await fn()
  return performance.now() - s
}

const startedAt = new Date()
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-bench-funnel-'))
const adminToken = 'bench-admin-token-0123456789abcdef'
const stepwise = await openStepwise({ config: loadConfig({ STEPWISE_DATA_DIR: dataDir }), adminToken })
try {
  const client = stepwise.events
  const count = async () =>
    Number(
      (
        (await (
          await client.query({
            query: 'SELECT count() AS n FROM events WHERE site_id = {site:String}',
            query_params: { site },
            format: 'JSONEachRow',
          })
        ).json()) as Array<{ n: string }>
      )[0]?.n,
    )

  log(`loading the demo shop with ${settings.baseVisitors} visitors through the ingest pipeline…`)
  const demo = await loadDemo(
    { fetch: async (path, init) => stepwise.app.request(path, init), adminToken, dataDir },
    { visitors: settings.baseVisitors, seed: settings.seed, end: new Date('2026-11-01T12:00:00Z') },
  )
  const site = demo.site.id
  const baseEvents = await count()
  const goalsRes = await stepwise.app.request(`/api/v1/sites/${site}/goals`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  const goals = ((await goalsRes.json()) as { goals: Goal[] }).goals

  // Product page → cart → shipping step → purchase: step 1 is frequent, so the rows the funnel
  // reads are many (every product view), not only the checkout's few.
  const definition = funnelDefinitionSchema.parse({
    steps: [
      { match: { type: 'event', event: 'Product Viewed' } },
      { goal: DEMO_GOAL_NAMES.addToCart },
      { goal: DEMO_GOAL_NAMES.checkoutShipping },
      { goal: DEMO_GOAL_NAMES.purchase },
    ],
    window: '7d',
  })
  const plan = planFunnel(definition, goals)
  const period = {
    from: demo.truth.period.from,
    to: demo.truth.period.to,
    previous: null,
    interval: 'day' as const,
  }
  const report = compileFunnelReport(site, demo.site.timezone, plan, period, 25)
  const params = funnelParams(site, demo.site.timezone, plan, period)
  // The bare baseline: ClickHouse's own windowFunnel per visitor over the same rows (same site,
  // same time range, rows matching a step), counted per level.
  const conditions = plan.steps.map((s) => s.condition)
  const bare = {
    query: `SELECT level, count() AS n FROM (
      SELECT visitor_key, windowFunnel(${definition.window / 1000})(toDateTime(ts), ${conditions.join(', ')}) AS level
      FROM events
      WHERE site_id = {site:String}
        AND ts >= fromUnixTimestamp64Milli({scan_lo:Int64}) AND ts < fromUnixTimestamp64Milli({scan_hi:Int64})
        AND (${conditions.join(' OR ')})
      GROUP BY visitor_key)
    GROUP BY level ORDER BY level`,
    params,
  }
  const run = async (q: { query: string; params: Record<string, unknown> }) =>
    (await client.query({ query: q.query, query_params: q.params, format: 'JSONEachRow' })).json()

  const scales: unknown[] = []
  let copiesDone = 1
  for (const target of settings.scales) {
    const copies = Math.max(1, Math.round(target / baseEvents))
    if (copies > copiesDone) {
      log(`copying the demo to ${copies} populations (${copies * baseEvents} events)…`)
      for (let k = copiesDone; k < copies; k += 10) {
        await client.command({
          query: `INSERT INTO events
            SELECT * REPLACE (
              concat(visitor_id, '~', toString(k)) AS visitor_id,
              concat(event_id, '~', toString(k)) AS event_id,
              if(user_id = '', '', concat(user_id, '~', toString(k))) AS user_id)
            FROM (SELECT * FROM events WHERE site_id = {site:String} AND position(event_id, '~') = 0)
            ARRAY JOIN range({k:UInt32}, least({k:UInt32} + 10, {copies:UInt32})) AS k`,
          query_params: { site, k, copies },
          clickhouse_settings: { max_insert_threads: '2' },
        })
        await client.command({
          query: `INSERT INTO identity_links
            SELECT * REPLACE (
              concat(left_id, '~', toString(k)) AS left_id,
              concat(right_id, '~', toString(k)) AS right_id,
              concat(event_id, '~', toString(k)) AS event_id)
            FROM (SELECT * FROM identity_links WHERE site_id = {site:String} AND position(event_id, '~') = 0)
            ARRAY JOIN range({k:UInt32}, least({k:UInt32} + 10, {copies:UInt32})) AS k`,
          query_params: { site, k, copies },
        })
      }
      await client.command({ query: 'OPTIMIZE TABLE events FINAL' })
      copiesDone = copies
    }
    const events = await count()
    log(`${events} events; measuring ${settings.repeats} rounds…`)
    await run(bare)
    await run(report)
    const bareMs: number[] = []
    const funnelMs: number[] = []
    for (let r = 0; r < settings.repeats; r++) {
      bareMs.push(await time(() => run(bare)))
      funnelMs.push(await time(() => run(report)))
      log(
        `  round ${r + 1}: windowFunnel ${bareMs.at(-1)?.toFixed(0)} ms, funnel report ${funnelMs.at(-1)?.toFixed(0)} ms`,
      )
    }
    const ratio = median(funnelMs) / median(bareMs)
    scales.push({
      events,
      populations: copies,
      bare_window_funnel_ms: { median: median(bareMs), runs: bareMs },
      funnel_report_ms: { median: median(funnelMs), runs: funnelMs },
      ratio: Number(ratio.toFixed(2)),
      target_met: ratio <= 1.5,
    })
  }

  const result = {
    benchmark: 'funnel',
    started_at: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      loadavg_at_start: loadavg(),
    },
    settings,
    funnel: {
      steps: [
        'Product Viewed',
        DEMO_GOAL_NAMES.addToCart,
        DEMO_GOAL_NAMES.checkoutShipping,
        DEMO_GOAL_NAMES.purchase,
      ],
      mode: definition.mode,
      window: '7d',
      period: { from: period.from, to: period.to, timezone: demo.site.timezone },
      note: 'the report query: per-person evaluation with identity links, totals, breakdown and trend sets, time-to-convert quantiles and histogram',
    },
    baseline:
      'windowFunnel per visitor_key over the same rows (site, time range, rows matching a step), counted per level',
    demo_events: baseEvents,
    scales,
    target_ratio: 1.5,
  }
  const json = JSON.stringify(result, null, 2)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(
    join(RESULTS_DIR, `funnel-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`),
    `${json}\n`,
  )
  process.stdout.write(`${json}\n`)
} finally {
  await stepwise.close()
  if (process.env.BENCH_KEEP_DATA === '1') log(`data kept in ${dataDir}`)
  else rmSync(dataDir, { recursive: true, force: true })
}
