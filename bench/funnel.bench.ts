// `npm run -s bench:funnel`: a 4-step ordered funnel over the demo shop copied to 1, 10 and 30
// million events, each time beside a bare ClickHouse `windowFunnel` over the same rows, in one
// run on one embedded engine. JSON on stdout (also written to bench/results/), progress on
// stderr. See bench/README.md.
import { DEMO_GOAL_NAMES } from '../src/demo/index.ts'
import { compileFunnelReport, funnelParams, planFunnel } from '../src/reports/funnel/compile-funnel.ts'
import { funnelDefinitionSchema } from '../src/schema/funnel.ts'
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

const env = (name: string, fallback: string) => process.env[name] || fallback
const settings = {
  scales: env('BENCH_SCALES', '1000000,10000000,30000000').split(',').map(Number),
  baseVisitors: Number(env('BENCH_BASE_VISITORS', '10000')),
  repeats: Number(env('BENCH_REPEATS', '5')),
  seed: Number(env('BENCH_SEED', '1')),
}

const startedAt = new Date()
await withBenchStepwise('funnel', async (stepwise, dataDir) => {
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

  const demo = await loadBenchDemo(stepwise, dataDir, {
    visitors: settings.baseVisitors,
    seed: settings.seed,
  })
  const site = demo.site.id
  const baseEvents = await count()
  const goalsRes = await stepwise.app.request(`/api/v1/sites/${site}/goals`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
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
      await copyPopulations(client, site, copiesDone, copies)
      copiesDone = copies
    }
    const events = await count()
    log(`${events} events; measuring ${settings.repeats} rounds…`)
    await run(bare)
    await run(report)
    const bareMs: number[] = []
    const funnelMs: number[] = []
    for (let r = 0; r < settings.repeats; r++) {
      bareMs.push(await timeMs(() => run(bare)))
      funnelMs.push(await timeMs(() => run(report)))
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
    machine: machine(),
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
  writeResult('funnel', startedAt, result)
})
