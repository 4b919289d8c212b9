import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { ensureDashboardBuilt } from '../../dashboard/build.ts'
import { REPO_ROOT, runCli, type ServerProcess, startServer } from './server-process.ts'

/*
 * What the dashboard's browser tests share: a server with the demo shop, signed-in pages, the
 * figures the API answers, and screenshots in test-artifacts/dashboard/ (not in git).
 */

export const ADMIN = { email: 'admin@example.com', password: 'a long admin password' }
/** A desktop browser in `locale`; charts drawn at once (no animation) so that screenshots are whole. */
export const contextOptions = (locale = 'en-US') => ({
  viewport: { width: 1280, height: 900 },
  locale,
  reducedMotion: 'reduce' as const,
})
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard')

export interface Demo {
  site: { id: string; name: string }
  writeKey: string
  /** The demo site's admin key. */
  secretKey: string
  period: { from: string; to: string }
}

export interface DemoServer {
  server: ServerProcess
  demo: Demo
  /** A page of the dashboard for the demo site and its whole period, without a comparison. */
  url(path: string, site?: string): string
  /** The API of the demo site with its admin key; throws on an answer other than 2xx. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>
}

/** The dashboard built, a server whose administrator is ADMIN, and the demo shop loaded into it. */
export async function startDemoServer(visitors: number): Promise<DemoServer> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await ensureDashboardBuilt()
  const server = await startServer({
    env: { STEPWISE_ADMIN_EMAIL: ADMIN.email, STEPWISE_ADMIN_PASSWORD: ADMIN.password },
  })
  const run = await runCli([
    'demo',
    '--visitors',
    String(visitors),
    '--seed',
    '11',
    '--data-dir',
    server.dataDir,
    '--json',
  ])
  if (run.code !== 0) throw new Error(`stepwise demo failed:\n${run.stdout}\n${run.stderr}`)
  const demo = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Demo
  return {
    server,
    demo,
    url: (path, site = demo.site.id) =>
      `${server.baseUrl}${path}?site=${site}&range=custom&from=${demo.period.from}&to=${demo.period.to}&compare=none`,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${server.baseUrl}/api/v1/sites/${demo.site.id}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${demo.secretKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
      return (await res.json()) as T
    },
  }
}

/** A full-page screenshot, from the top (else the sticky header lands mid-page). */
export async function shot(p: Page, name: string): Promise<void> {
  await p.mouse.wheel(0, -1_000_000)
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/**
 * Opens `start` in a new page of `context` and signs in there with the form; confirmations are
 * accepted. Throws with what the page shows when there is no sign-in form.
 */
export async function signIn(
  context: BrowserContext,
  who: { email: string; password: string },
  start: string,
): Promise<Page> {
  const p = await context.newPage()
  const errors: string[] = []
  p.on('pageerror', (err) => errors.push(err.message))
  p.on('dialog', (d) => void d.accept())
  await p.goto(start)
  try {
    await p.locator('input[name=email]').waitFor({ timeout: 60_000 })
  } catch (err) {
    await shot(p, 'sign-in-failed')
    const body = await p.locator('body').textContent()
    throw new Error(`no sign-in form; the page shows "${body}", errors: ${errors.join('; ')}`, { cause: err })
  }
  await p.locator('input[name=email]').fill(who.email)
  await p.locator('input[name=password]').fill(who.password)
  await p.locator('button[type=submit]').click()
  await p.getByTestId('site-switcher').waitFor()
  return p
}

/** The text of the first element with this test id, trimmed. */
export const text = async (p: Page, testId: string) =>
  (await p.getByTestId(testId).first().textContent())?.trim() ?? ''

/** A rate as the dashboard shows it in `locale` ("–" without a denominator). */
export const percent = (rate: number | null, locale = 'en-US') =>
  rate === null
    ? '–'
    : new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(rate)

export const count = (n: number, locale = 'en-US') => new Intl.NumberFormat(locale).format(n)
