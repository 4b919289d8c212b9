import type { Config } from '../config.ts'
import { DEMO_DEFAULTS } from '../demo/demo-shop.ts'
import { type LoadDemoResult, loadDemo } from '../demo/load-demo.ts'
import { openLocalApi } from './local-api.ts'

export interface DemoCommandOptions {
  visitors: number
  seed: number
  days: number
  json: boolean
}

export interface DemoCommandDeps {
  config: Config
  out: (line: string) => void
  err: (line: string) => void
  /** Default: now. */
  end?: Date
}

/** Reads `--visitors`, `--seed`, `--days` (strings from the argument parser) with the defaults. */
export function parseDemoOptions(values: {
  visitors?: string | undefined
  seed?: string | undefined
  days?: string | undefined
  json?: boolean | undefined
}): DemoCommandOptions {
  const whole = (name: string, text: string | undefined, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isInteger(n) || n < min || n > max)
      throw new DemoUsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`)
    return n
  }
  return {
    visitors: whole('visitors', values.visitors, DEMO_DEFAULTS.visitors, 1, 10_000_000),
    seed: whole('seed', values.seed, DEMO_DEFAULTS.seed, 0, 2 ** 32 - 1),
    days: whole('days', values.days, DEMO_DEFAULTS.days, 1, 3650),
    json: values.json === true,
  }
}

export class DemoUsageError extends Error {}

/**
 * `stepwise demo`: a new "Demo shop" site with goals and traffic. Through the running server when
 * one holds the data directory, else through an in-process instance (no socket): the same HTTP
 * requests either way.
 */
export async function demoCommand(deps: DemoCommandDeps, options: DemoCommandOptions): Promise<number> {
  const { config } = deps
  const progress = createProgress(deps.err)
  const loadOptions = {
    visitors: options.visitors,
    seed: options.seed,
    days: options.days,
    ...(deps.end ? { end: deps.end } : {}),
  }
  // In process, the data directory stays held while loading, so a server cannot open the stores.
  const api = await openLocalApi(config)
  let result: LoadDemoResult
  try {
    result = await loadDemo(
      { fetch: api.fetch, adminToken: api.token, dataDir: config.dataDir, progress },
      loadOptions,
    )
  } finally {
    await api.close()
  }
  const baseUrl = api.baseUrl ?? `http://localhost:${config.port}`
  const via = api.via
  progress.done()
  printSummary(deps.out, result, { json: options.json, baseUrl, via, dataDir: config.dataDir })
  return 0
}

/** One line on stderr about once a second, for loads that take long enough to wonder. */
function createProgress(err: (line: string) => void) {
  const started = Date.now()
  let last = started
  let shown = false
  const fn = (p: { visitors: number; totalVisitors: number; events: number }) => {
    const now = Date.now()
    if (now - last < 1000) return
    last = now
    shown = true
    const pct = Math.floor((100 * p.visitors) / p.totalVisitors)
    err(
      `demo: ${pct} % (${fmt(p.visitors)} of ${fmt(p.totalVisitors)} visitors, ${fmt(p.events)} events stored)`,
    )
  }
  return Object.assign(fn, {
    done: () => {
      if (shown) err(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    },
  })
}

const fmt = (n: number) => n.toLocaleString('en-US')
const pct = (r: number | null) => (r === null ? '–' : `${(100 * r).toFixed(1)} %`)
const times = (r: number | null) => (r === null ? '–' : `${r.toFixed(1)}×`)

function printSummary(
  out: (line: string) => void,
  r: LoadDemoResult,
  ctx: { json: boolean; baseUrl: string; via: 'server' | 'in-process'; dataDir: string },
): void {
  const { truth } = r
  const ratesPath = `/api/v1/sites/${r.site.id}/reports/rates?from=${truth.period.from}&to=${truth.period.to}`
  if (ctx.json) {
    out(
      JSON.stringify({
        site: r.site,
        writeKey: r.writeKey,
        secretKey: r.secretKey,
        via: ctx.via,
        goals: r.goals,
        period: truth.period,
        totals: truth.totals,
        truthPath: r.truthPath,
        ratesUrl: `${ctx.baseUrl}${ratesPath}`,
        ms: r.ms,
      }),
    )
    return
  }
  const t = truth.totals
  const e = truth.effects
  const mobile = e.checkoutByDevice.mobile
  const desktop = e.checkoutByDevice.desktop
  const lines = [
    `Created the demo shop: site ${r.site.id} ("${r.site.name}", ${r.site.domain}, time zone ${r.site.timezone}).`,
    `  ${fmt(t.visitors)} visitors, ${fmt(t.sessions)} sessions, ${fmt(t.events)} events over ${truth.period.days} days (${truth.period.from} to ${truth.period.to}), loaded in ${(r.ms / 1000).toFixed(1)} s`,
    `  ${fmt(t.purchasers)} purchasers, revenue EUR ${t.revenue.toFixed(2)}; ${fmt(t.returningVisitors)} returning visitors, ${fmt(t.identifiedVisitors)} identified`,
    `  Goals: ${r.goals.created} created, ${r.goals.updated} updated, ${r.goals.unchanged} unchanged`,
    `  Write key (public):                ${r.writeKey}`,
    `  Secret admin key (shown only now): ${r.secretKey}`,
    `  Ground truth (what was generated): ${r.truthPath}`,
    '',
    'Planted for you to find:',
    `  zip-code searchers buy at ${pct(e.zipSearch.with.rate)}, others at ${pct(e.zipSearch.without.rate)} (${times(e.zipSearch.lift)})`,
    `  visitors who watched 75 % of the video buy at ${pct(e.video75.with.rate)}, others at ${pct(e.video75.without.rate)} (${times(e.video75.lift)})`,
    `  shipping → payment in the checkout: ${pct(desktop?.shippingToPayment ?? null)} on desktop, ${pct(mobile?.shippingToPayment ?? null)} on mobile`,
    '',
    ctx.via === 'server'
      ? `Look at it: ${ctx.baseUrl}/`
      : `Look at it: start the server (stepwise serve --data-dir ${ctx.dataDir}) and open ${ctx.baseUrl}/`,
    `  curl -H 'Authorization: Bearer ${r.secretKey}' '${ctx.baseUrl}${ratesPath}'`,
    'Run "stepwise demo" again for another demo site; each run makes a new one.',
  ]
  for (const line of lines) out(line)
}
