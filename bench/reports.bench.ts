// `npm run -s bench:reports`: the rates report for 10 goals over ~10 million events, beside a bare
// ClickHouse count() of the same rows, in one run on one embedded engine. JSON on stdout (also
// written to bench/results/), progress on stderr. See bench/README.md.
import { DEMO_GOAL_NAMES, videoGoalName } from '../src/demo/index.ts'
import { compileRatesTotals } from '../src/reports/rates/compile-rates.ts'
import { resolveRatesSpec } from '../src/reports/rates/rates-spec.ts'
import type { Goal } from '../src/schema/goal.ts'
import {
  ADMIN_TOKEN,
  copyPopulations,
  loadBenchDemo,
  log,
  machine,
  median,
  timeMs,
  withBenchStepwise,
  writeResult,
} from './demo-bench.ts'

const env = (name: string, fallback: number) => {
  const v = process.env[name]
  return v === undefined || v === '' ? fallback : Number(v)
}
const settings = {
  targetEvents: env('BENCH_EVENTS', 10_000_000),
  baseVisitors: env('BENCH_BASE_VISITORS', 10_000),
  repeats: env('BENCH_REPEATS', 5),
  seed: env('BENCH_SEED', 1),
}
const BENCH_GOALS = [
  DEMO_GOAL_NAMES.newsletter,
  videoGoalName(75),
  DEMO_GOAL_NAMES.brochure,
  DEMO_GOAL_NAMES.zipSearch,
  DEMO_GOAL_NAMES.addToCart,
  DEMO_GOAL_NAMES.checkoutShipping,
  DEMO_GOAL_NAMES.checkoutPayment,
  DEMO_GOAL_NAMES.engagedVisit,
  DEMO_GOAL_NAMES.purchase,
  DEMO_GOAL_NAMES.lead,
]
const startedAt = new Date()
await withBenchStepwise('reports', async (stepwise, dataDir) => {
  const client = stepwise.events
  const count = async (sql: string, params: Record<string, unknown>) =>
    Number(
      (
        (await (
          await client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
        ).json()) as Array<{ n: string }>
      )[0]?.n,
    )

  const demo = await loadBenchDemo(stepwise, dataDir, {
    visitors: settings.baseVisitors,
    seed: settings.seed,
  })
  const site = demo.site
  const baseEvents = await count('SELECT count() AS n FROM events WHERE site_id = {site:String}', {
    site: site.id,
  })
  const copies = Math.max(1, Math.round(settings.targetEvents / baseEvents))
  log(
    `${baseEvents} events stored in ${Math.round(demo.ms)} ms; copying them ${copies - 1} times as other visitors…`,
  )
  const copyStarted = performance.now()
  await copyPopulations(client, site.id, 1, copies)
  const copyMs = performance.now() - copyStarted

  const goalsRes = await stepwise.app.request(`/api/v1/sites/${site.id}/goals`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  const allGoals = ((await goalsRes.json()) as { goals: Goal[] }).goals
  const goals = BENCH_GOALS.map((name) => {
    const g = allGoals.find((x) => x.name === name)
    if (!g) throw new Error(`the demo has no goal "${name}"`)
    return g
  })
  const period = demo.truth.period
  const spec = resolveRatesSpec(
    { from: period.from, to: period.to, interval: 'none', limit: 10, compare: 'none' },
    site.timezone,
    new Date(),
  )
  const rates = compileRatesTotals(site.id, site.timezone, goals, spec)
  // The same query with no goals: only the exact distinct visitors and sessions every rate needs.
  const floor = compileRatesTotals(site.id, site.timezone, [], spec)
  const bareParams = { site: site.id, tz: site.timezone, lo: spec.from, hi: spec.to }
  const bare = `SELECT count() AS n FROM events
    WHERE site_id = {site:String}
      AND toDate(ts) BETWEEN {lo:Date} - 1 AND {hi:Date} + 1
      AND toDate(ts, {tz:String}) BETWEEN {lo:Date} AND {hi:Date}
      AND type IN ('track', 'page', 'screen')`
  const totalEvents = await count('SELECT count() AS n FROM events WHERE site_id = {site:String}', {
    site: site.id,
  })
  const periodEvents = await count(bare, bareParams)
  log(
    `${totalEvents} events, ${periodEvents} in ${spec.from} … ${spec.to}; measuring ${settings.repeats} rounds…`,
  )

  const runBare = () => count(bare, bareParams)
  const runRates = async () =>
    (await client.query({ query: rates.query, query_params: rates.params, format: 'JSONEachRow' })).json()
  const runFloor = async () =>
    (await client.query({ query: floor.query, query_params: floor.params, format: 'JSONEachRow' })).json()
  const runReport = async () =>
    (
      await stepwise.app.request(
        `/api/v1/sites/${site.id}/reports/rates?from=${spec.from}&to=${spec.to}&goals=${goals.map((g) => g.id).join(',')}`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      )
    ).json()
  // One warm-up each, then alternating rounds so both see the same machine state.
  await runBare()
  await runRates()
  const bareMs: number[] = []
  const ratesMs: number[] = []
  const reportMs: number[] = []
  const floorMs: number[] = []
  for (let r = 0; r < settings.repeats; r++) {
    bareMs.push(await timeMs(runBare))
    floorMs.push(await timeMs(runFloor))
    ratesMs.push(await timeMs(runRates))
    reportMs.push(await timeMs(runReport))
    log(
      `round ${r + 1}: count ${bareMs.at(-1)?.toFixed(0)} ms, visitors and sessions only ${floorMs.at(-1)?.toFixed(0)} ms, rates ${ratesMs.at(-1)?.toFixed(0)} ms, full report ${reportMs.at(-1)?.toFixed(0)} ms`,
    )
  }
  const ratio = median(ratesMs) / median(bareMs)
  const report = {
    benchmark: 'reports',
    started_at: startedAt.toISOString(),
    machine: machine(),
    settings,
    data: {
      demo_visitors: settings.baseVisitors,
      demo_events: baseEvents,
      demo_load_ms: Math.round(demo.ms),
      copies,
      copy_ms: Math.round(copyMs),
      events_total: totalEvents,
      events_in_period: periodEvents,
      period: { from: spec.from, to: spec.to, timezone: site.timezone },
    },
    goals: goals.map((g) => ({ name: g.name, kind: g.kind, counting: g.counting, match: g.match.type })),
    bare_count_ms: { median: median(bareMs), runs: bareMs },
    visitors_sessions_only_ms: {
      median: median(floorMs),
      runs: floorMs,
      note: 'the rates query with no goals: exact distinct visitors and sessions of the same rows',
    },
    rates_totals_ms: { median: median(ratesMs), runs: ratesMs },
    rates_full_report_ms: {
      median: median(reportMs),
      runs: reportMs,
      note: 'HTTP route in memory: totals + previous period + daily series',
    },
    ratio_rates_to_count: Number(ratio.toFixed(2)),
    ratio_visitors_sessions_only_to_count: Number((median(floorMs) / median(bareMs)).toFixed(2)),
    target_ratio: 3,
    target_met: ratio <= 3,
  }
  writeResult('reports', startedAt, report)
})
