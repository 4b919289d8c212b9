// `npm run -s bench:dashboard`: how long each dashboard page takes, in Debian's Chromium against
// `stepwise serve`, until its data is shown, on the demo shop with 200,000 visitors (issue 6:
// under 1 s). JSON on stdout (also written to bench/results/), progress on stderr. See
// bench/README.md.
import { readdirSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { z } from 'zod'
import { ensureDashboardBuilt } from '../dashboard/build.ts'
import { launchBrowser } from '../test/support/browser.ts'
import { type ApiCall, recordApiCalls, summariseCalls } from './dashboard-api-calls.ts'
import {
  DASHBOARD_PAGES,
  type PageContext,
  type PageSpec,
  pageUrl,
  waitUntilShown,
} from './dashboard-pages.ts'
import { log, machine, median, writeResult } from './demo-bench.ts'
import { createProcessGroup, type ProcessGroup, type ServerChild } from './process-group.ts'
import { waitUntilIngestIdle } from './stepwise-api.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const TARGET_MS = 1000
const ADMIN = { email: 'bench@example.com', password: 'a long bench password' }
const GOAL_NAME = 'Purchase'
const FUNNEL_NAME = 'Checkout'
const VIEWPORT = { width: 1280, height: 900 }

const whole = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback)
const settings = z
  .object({
    BENCH_VISITORS: whole(200_000, 1),
    BENCH_REPEATS: whole(5, 1),
    BENCH_SEED: whole(1, 0),
    BENCH_PAGE_TIMEOUT_MS: whole(60_000, 1000),
    BENCH_LOAD_TIMEOUT_MIN: whole(60, 1),
    BENCH_DATA_DIR: z.string().min(1).optional(),
    BENCH_STEPWISE_ROOT: z.string().min(1).optional(),
  })
  .parse(process.env)
/** The checkout whose `bin/stepwise.js` runs the server and the demo (another one, to measure a change). */
const STEPWISE_ROOT = settings.BENCH_STEPWISE_ROOT ?? REPO_ROOT
const BIN = join(STEPWISE_ROOT, 'bin', 'stepwise.js')

/** The demo site measured: loaded now through the CLI, or found in a kept data directory. */
interface BenchDemo {
  site: { id: string; name: string; timezone: string }
  period: { from: string; to: string; days: number }
  totals: { visitors: number; sessions: number; events: number }
  loaded: 'now' | 'found'
  load_ms: number | null
}

const demoLineSchema = z.object({
  site: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
  period: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  totals: z.object({ visitors: z.number(), sessions: z.number(), events: z.number() }),
  ms: z.number(),
})

const truthSchema = z.object({
  generator: z.object({ seed: z.number(), visitors: z.number() }),
  site: z.object({ name: z.string(), timezone: z.string() }),
  period: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  totals: z.object({ visitors: z.number(), sessions: z.number(), events: z.number() }),
})

/** One timed navigation's result for one page (a navigation may show two: the funnel, its people). */
interface Shown {
  ms: number | null
  error?: string
  calls: ApiCall[]
}

async function main(): Promise<void> {
  const group = createProcessGroup()
  installCleanup(group)
  const startedAt = new Date()
  const atStart = machine()

  log('Building the dashboard if its sources changed…')
  await ensureDashboardBuilt()
  const dataDir = settings.BENCH_DATA_DIR ?? join(group.tempDir('stepwise-bench-dashboard-'), 'data')
  log(`Starting stepwise serve on ${dataDir}…`)
  const server = group.start({
    name: 'stepwise',
    args: [BIN, 'serve', '--port', '0', '--data-dir', dataDir],
    env: childEnv({
      STEPWISE_HOST: '127.0.0.1',
      STEPWISE_ADMIN_EMAIL: ADMIN.email,
      STEPWISE_ADMIN_PASSWORD: ADMIN.password,
    }),
    cwd: STEPWISE_ROOT,
  })
  const port = (await server.waitFor(/Stepwise listening on http:\/\/[^:\s]+:(\d+) /, 60_000))[1]
  const baseUrl = `http://127.0.0.1:${port}`

  const demo = findDemo(dataDir) ?? (await loadDemoThroughCli(group, dataDir))
  await waitUntilIngestIdle({ baseUrl, siteId: demo.site.id, writeKey: '', secretKey: '' })
  log(
    `Demo site ${demo.site.id}: ${demo.totals.visitors} visitors, ${demo.totals.events} events, ${demo.period.from} to ${demo.period.to}`,
  )

  const browser = await launchBrowser()
  const browserVersion = browser.version()
  try {
    const report = await measurePages(browser, baseUrl, demo)
    await browser.close()
    await server.stop(60_000)
    group.removeDirs()
    writeResult('dashboard', startedAt, {
      machine: {
        ...atStart,
        cpu_model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadavg_at_end: loadavg(),
      },
      settings: {
        visitors: settings.BENCH_VISITORS,
        repeats: settings.BENCH_REPEATS,
        seed: settings.BENCH_SEED,
        stepwise_root: settings.BENCH_STEPWISE_ROOT ?? 'this checkout',
        target_ms: TARGET_MS,
        browser: `Chromium ${browserVersion} (headless), ${VIEWPORT.width}×${VIEWPORT.height}`,
        measured: 'navigation (page.goto, or the link click) until every figure, table and chart is shown',
      },
      data: {
        site: demo.site.id,
        period: demo.period,
        compared_with: previousOf(demo.period.from, demo.period.to),
        ...demo.totals,
        loaded: demo.loaded,
        load_ms: demo.load_ms,
      },
      ...report,
    })
  } finally {
    if (browser.isConnected()) await browser.close()
  }
}

/**
 * Signs in, then one warm-up round and `BENCH_REPEATS` measured rounds over the pages, each page
 * timed from its navigation until shown, with the API calls it made.
 */
async function measurePages(browser: Browser, baseUrl: string, demo: BenchDemo) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' })
  const page = await context.newPage()
  const periodParams = { site: demo.site.id, from: demo.period.from, to: demo.period.to }
  await signIn(page, `${baseUrl}/?site=${demo.site.id}`)
  const funnels = (await (
    await context.request.get(`${baseUrl}/api/v1/sites/${demo.site.id}/funnels`)
  ).json()) as { funnels: Array<{ id: string; name: string }> }
  const funnelId = funnels.funnels.find((f) => f.name === FUNNEL_NAME)?.id
  if (!funnelId) throw new Error(`the demo site has no saved funnel "${FUNNEL_NAME}"`)
  const ctx: PageContext = { baseUrl, period: periodParams, funnelId, goalName: GOAL_NAME }
  const recorder = recordApiCalls(page, demo.period.from)

  const runs = new Map<string, Shown[]>(DASHBOARD_PAGES.map((p) => [p.name, []]))
  const warmUp = new Map<string, number | null>()
  const loadPerRound: number[] = []
  for (let round = 0; round <= settings.BENCH_REPEATS; round++) {
    loadPerRound.push(Math.round((loadavg()[0] ?? 0) * 100) / 100)
    for (const spec of DASHBOARD_PAGES) {
      if (spec.after) continue
      const milestones = [spec, ...DASHBOARD_PAGES.filter((p) => p.after === spec.name)]
      const shown = await timeNavigation(page, recorder, ctx, spec, milestones)
      milestones.forEach((m, i) => {
        const s = shown[i] as Shown
        if (round === 0) warmUp.set(m.name, s.ms)
        else runs.get(m.name)?.push(s)
      })
    }
    const line = DASHBOARD_PAGES.map(
      (p) => `${p.name} ${round === 0 ? warmUp.get(p.name) : runs.get(p.name)?.at(-1)?.ms}`,
    )
    log(`${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(', ')} ms`)
  }
  await context.close()

  const pages: Record<string, unknown> = {}
  for (const [name, shown] of runs) {
    const ok = shown.map((s) => s.ms).filter((ms): ms is number => ms !== null)
    const errors = shown.flatMap((s) => (s.error ? [s.error] : []))
    const calls = summariseCalls(shown.map((s) => s.calls))
    const medianMs = ok.length ? Math.round(median(ok)) : null
    pages[name] = {
      median_ms: medianMs,
      runs_ms: shown.map((s) => s.ms),
      warm_up_ms: warmUp.get(name) ?? null,
      target_met: medianMs !== null && errors.length === 0 && medianMs < TARGET_MS,
      slowest_api_call: calls[0] ?? null,
      api_calls: calls,
      ...(errors.length ? { errors } : {}),
    }
  }
  const met = Object.values(pages).every((p) => (p as { target_met: boolean }).target_met)
  return { all_targets_met: met, pages, loadavg_1m_per_round: loadPerRound }
}

/** One navigation, timed until each milestone page is shown; API calls that ended before it are its. */
async function timeNavigation(
  page: Page,
  recorder: ReturnType<typeof recordApiCalls>,
  ctx: PageContext,
  spec: PageSpec,
  milestones: PageSpec[],
): Promise<Shown[]> {
  const link = spec.open.kind === 'click' ? page.locator(spec.open.selector(ctx)) : null
  await link?.waitFor({ timeout: settings.BENCH_PAGE_TIMEOUT_MS }).catch(() => undefined)
  const startedAt = Date.now()
  const t0 = performance.now()
  recorder.begin(startedAt)
  const times: Array<number | null> = []
  let error: string | undefined
  try {
    if (spec.open.kind === 'goto') await page.goto(pageUrl(ctx, spec.open.path(ctx)), { waitUntil: 'commit' })
    else await link?.click({ timeout: settings.BENCH_PAGE_TIMEOUT_MS })
    for (const m of milestones) {
      await waitUntilShown(page, m.ready, settings.BENCH_PAGE_TIMEOUT_MS)
      times.push(Math.round(performance.now() - t0))
    }
  } catch (err) {
    error = err instanceof Error ? err.message.split('\n')[0] : String(err)
    log(`${spec.name}: ${error}`)
  }
  const calls = await recorder.end(settings.BENCH_PAGE_TIMEOUT_MS)
  return milestones.map((_, i) => {
    const ms = times[i] ?? null
    const shownAt = ms ?? Number.POSITIVE_INFINITY
    return {
      ms,
      ...(ms === null && error ? { error } : {}),
      calls: calls.filter((c) => c.started_ms + c.total_ms <= shownAt),
    }
  })
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.locator('input[name=email]').fill(ADMIN.email)
  await page.locator('input[name=password]').fill(ADMIN.password)
  await page.locator('button[type=submit]').click()
  await page.getByTestId('site-switcher').waitFor({ timeout: settings.BENCH_PAGE_TIMEOUT_MS })
}

/** `stepwise demo --visitors N --json` against the running server (the CLI finds it by the lock file). */
async function loadDemoThroughCli(group: ProcessGroup, dataDir: string): Promise<BenchDemo> {
  log(`Loading the demo shop with ${settings.BENCH_VISITORS} visitors through stepwise demo…`)
  const cli: ServerChild = group.start({
    name: 'demo',
    args: [
      BIN,
      'demo',
      '--visitors',
      String(settings.BENCH_VISITORS),
      '--seed',
      String(settings.BENCH_SEED),
      '--data-dir',
      dataDir,
      '--json',
    ],
    env: childEnv({}),
    cwd: STEPWISE_ROOT,
  })
  const line = (await cli.waitFor(/^\{"site".*\}$/m, settings.BENCH_LOAD_TIMEOUT_MIN * 60_000))[0]
  await cli.stop(60_000)
  const printed = demoLineSchema.parse(JSON.parse(line))
  return { ...printed, loaded: 'now', load_ms: printed.ms }
}

/**
 * With `BENCH_DATA_DIR`, a demo site loaded by an earlier run with the same visitors and seed is
 * measured again instead of loading another (its ground truth file names it).
 */
function findDemo(dataDir: string): BenchDemo | null {
  if (!settings.BENCH_DATA_DIR) return null
  let files: string[] = []
  try {
    files = readdirSync(join(dataDir, 'demo')).filter((f) => f.endsWith('.truth.json'))
  } catch {
    return null
  }
  for (const file of files) {
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dataDir, 'demo', file), 'utf8')))
    if (truth.generator.visitors !== settings.BENCH_VISITORS || truth.generator.seed !== settings.BENCH_SEED)
      continue
    log(`Measuring the demo site of ${file} found in ${dataDir}`)
    return {
      site: {
        id: file.slice(0, -'.truth.json'.length),
        name: truth.site.name,
        timezone: truth.site.timezone,
      },
      period: truth.period,
      totals: truth.totals,
      loaded: 'found',
      load_ms: null,
    }
  }
  return null
}

/** The period of equal length just before, as the dashboard compares with. */
function previousOf(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000
  const start = Date.parse(`${from}T00:00:00Z`)
  const length = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / day) + 1
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return { from: date(start - length * day), to: date(start - day) }
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

/** Children and temporary directories go on every way out: normal end, error, Ctrl-C. */
function installCleanup(group: ProcessGroup): void {
  // A kept data directory (BENCH_DATA_DIR) is not among the group's temporary directories.
  process.once('exit', () => group.killAllSync())
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the server and removing temporary data`)
      group.killAllSync()
      process.exit(130)
    })
  }
}

main().catch((err: unknown) => {
  log(`Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  process.exit(1)
})
