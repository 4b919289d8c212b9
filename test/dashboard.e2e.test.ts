import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDashboardBuilt } from '../dashboard/build.ts'
import type { FunnelResult } from '../src/reports/funnel/shape-funnel.ts'
import type { Overview } from '../src/reports/overview/shape-overview.ts'
import type { RatesReport } from '../src/reports/rates/shape-rates.ts'
import type { Goal } from '../src/schema/goal.ts'
import type { GoalPreview } from '../src/schema/goal-preview.ts'
import { DESKTOP_USER_AGENT, launchBrowser } from './support/browser.ts'
import {
  cleanupServers,
  REPO_ROOT,
  runCli,
  type ServerProcess,
  startServer,
} from './support/server-process.ts'

/*
 * The dashboard in Debian's Chromium against the real server, signed in as the administrator
 * the environment names, on the demo shop: what a person sees must be what the API says.
 * Screenshots of every page go to test-artifacts/dashboard/ (not in git).
 */

const ADMIN = { email: 'admin@example.com', password: 'a long admin password' }
const VIEWER = { email: 'viewer@example.com', password: 'a long viewer password' }
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard')

interface Demo {
  site: { id: string; name: string }
  writeKey: string
  secretKey: string
  period: { from: string; to: string }
}

let server: ServerProcess
let demo: Demo
let browser: Browser
let admin: BrowserContext
let page: Page
let savedFunnelPath = ''
/** The demo's days, as report requests take them. */
const days = () => ({ from: demo.period.from, to: demo.period.to })

const percent = (rate: number | null) =>
  rate === null
    ? '–'
    : new Intl.NumberFormat('en-US', {
        style: 'percent',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(rate)
const count = (n: number) => new Intl.NumberFormat('en-US').format(n)

/** A page of the dashboard for the demo site and its whole period. */
const url = (path: string) =>
  `${server.baseUrl}${path}?site=${demo.site.id}&range=custom&from=${demo.period.from}&to=${demo.period.to}&compare=none`

async function api<T>(method: string, path: string, body?: unknown, key = demo.secretKey): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1/sites/${demo.site.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })

async function signIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
  const p = await context.newPage()
  const errors: string[] = []
  p.on('pageerror', (err) => errors.push(err.message))
  p.on('dialog', (d) => void d.accept())
  await p.goto(url('/'))
  try {
    await p.locator('input[name=email]').waitFor({ timeout: 60_000 })
  } catch (err) {
    await shot(p, 'sign-in-failed')
    const body = await p.locator('body').innerText()
    throw new Error(`no sign-in form; the page shows "${body}", errors: ${errors.join('; ')}`, { cause: err })
  }
  await p.locator('input[name=email]').fill(who.email)
  await p.locator('input[name=password]').fill(who.password)
  await p.locator('button[type=submit]').click()
  await p.getByTestId('site-switcher').waitFor()
  return p
}

const text = async (p: Page, testId: string) =>
  (await p.getByTestId(testId).first().textContent())?.trim() ?? ''

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  await ensureDashboardBuilt()
  server = await startServer({
    env: { STEPWISE_ADMIN_EMAIL: ADMIN.email, STEPWISE_ADMIN_PASSWORD: ADMIN.password },
  })
  const run = await runCli([
    'demo',
    '--visitors',
    '300',
    '--seed',
    '11',
    '--data-dir',
    server.dataDir,
    '--json',
  ])
  if (run.code !== 0) throw new Error(`stepwise demo failed:\n${run.stdout}\n${run.stderr}`)
  demo = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Demo
  browser = await launchBrowser()
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await cleanupServers()
})

describe('the dashboard in Chromium', { timeout: 90_000 }, () => {
  it('signs in and shows the overview with the figures of the API', async () => {
    page = await signIn(admin, ADMIN)
    await page.getByTestId('site-switcher').selectOption(demo.site.id)
    await page.goto(url('/'))

    const overview = await api<Overview>(
      'GET',
      `/stats/overview?from=${demo.period.from}&to=${demo.period.to}`,
    )
    await expect.poll(() => text(page, 'stat-visitors')).toContain(count(overview.total.visitors))

    // The macro rate: visitors who did any macro goal over all visitors, as the API counts them.
    const { goals } = await api<{ goals: Goal[] }>('GET', '/goals')
    const macro = goals.filter((g) => g.kind === 'macro').map((g) => g.match)
    const converted = await api<GoalPreview>('POST', '/goals/preview', {
      match: { type: 'any', matches: macro },
      ...days(),
    })
    const rates = await api<RatesReport>(
      'GET',
      `/reports/rates?from=${demo.period.from}&to=${demo.period.to}&interval=none`,
    )
    await expect.poll(() => text(page, 'stat-macro')).toContain(percent(converted.visitors / rates.visitors))
    await page.getByTestId('top-channel').waitFor()
    await shot(page, 'overview')
  })

  it("creates a micro goal with a live preview, and lists it with the API's rate", async () => {
    await page.goto(url('/goals'))
    await page.getByTestId('new-goal').click()
    await page.locator('input[name=name]').fill('Cart viewed (e2e)')
    await page.getByLabel('Event name').fill('Cart Viewed')
    const preview = await api<GoalPreview>('POST', '/goals/preview', {
      match: { type: 'event', event: 'Cart Viewed' },
      ...days(),
    })
    expect(preview.visitors).toBeGreaterThan(0)
    await expect.poll(() => text(page, 'preview-visitors')).toBe(count(preview.visitors))
    await expect.poll(() => text(page, 'preview-events')).toBe(count(preview.events))
    await shot(page, 'goal-editor')

    await page.getByRole('button', { name: 'Create goal' }).click()
    const row = page.locator('[data-testid=goal-row][data-goal-name="Cart viewed (e2e)"]')
    await row.waitFor()
    const report = await api<RatesReport>(
      'GET',
      `/reports/rates?from=${demo.period.from}&to=${demo.period.to}&interval=none&goals=${encodeURIComponent('Cart viewed (e2e)')}`,
    )
    const goal = report.goals[0]
    expect(goal).toMatchObject({ kind: 'micro', convertedVisitors: preview.visitors })
    const cell = row.getByTestId('goal-rate')
    expect((await cell.textContent())?.trim()).toBe(percent(goal?.conversionRate ?? null))
    expect(Number(await cell.getAttribute('data-value'))).toBe(goal?.conversionRate)
    expect(await page.getByTestId('goals-micro').getByText('Cart viewed (e2e)').count()).toBe(1)
    await shot(page, 'goals')
  })

  it('builds a funnel from goals and marks the bottleneck the API names', async () => {
    await page.goto(url('/funnels'))
    await page.getByTestId('new-funnel').click()
    const steps = ['Add to cart', 'Checkout: shipping', 'Checkout: payment', 'Purchase']
    for (const [i, goal] of steps.entries()) {
      if (i >= 2) await page.getByRole('button', { name: '+ Add a step' }).click()
      await page.getByLabel(`Step ${i + 1} goal`).selectOption(goal)
    }
    const bottleneck = page.getByTestId('funnel-bottleneck')
    await bottleneck.waitFor({ timeout: 30_000 })

    const result = await api<FunnelResult>('POST', '/reports/funnel', {
      definition: { steps: steps.map((goal) => ({ goal })), mode: 'ordered', window: '7d' },
      ...days(),
      compare: 'none',
    })
    expect(result.bottleneck).not.toBeNull()
    expect(await bottleneck.getAttribute('data-after-step')).toBe(String(result.bottleneck?.afterStep))
    expect(await bottleneck.getAttribute('aria-label')).toBe(
      `Bottleneck: after step ${result.bottleneck?.afterStep}, ${result.bottleneck?.afterLabel}`,
    )
    const marked = page.locator('[data-testid=funnel-steps] tr[data-bottleneck]')
    expect(await marked.count()).toBe(1)
    expect(await marked.getAttribute('data-step')).toBe(String(result.bottleneck?.toStep))
    await expect.poll(() => text(page, 'funnel-conversion-rate')).toContain(percent(result.conversionRate))
    // Those who dropped there, the list below the report starts with.
    await expect
      .poll(() => text(page, 'people-total'))
      .toBe(`${count(result.bottleneck?.dropOff ?? -1)} people`)
    await shot(page, 'funnels')

    await page.getByLabel('Funnel name').fill('Checkout (e2e)')
    await page.getByRole('button', { name: 'Save funnel' }).click()
    await page.waitForURL(/\/funnels\/fnl_/)
    savedFunnelPath = new URL(page.url()).pathname
    await page.getByRole('navigation', { name: 'Saved funnels' }).getByText('Checkout (e2e)').waitFor()
  })

  it('creates a key, shows its secret once, and revokes it', async () => {
    await page.goto(url('/settings'))
    const keys = page.getByTestId('settings-keys')
    await keys.getByLabel('Key kind').selectOption('read')
    await keys.getByLabel('Key label').fill('e2e key')
    await keys.getByRole('button', { name: 'Create key' }).click()
    const secret = (await keys.getByTestId('new-key-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^sk_/)
    expect(
      (await api<{ events: unknown[] }>('GET', '/events?limit=1', undefined, secret)).events,
    ).toHaveLength(1)

    const row = keys.locator('[data-testid=key-row][data-key-label="e2e key"]')
    await shot(page, 'settings')
    await row.getByRole('button', { name: 'Revoke' }).click()
    await row.getByTestId('key-revoked').waitFor()
    const refused = await fetch(`${server.baseUrl}/api/v1/sites/${demo.site.id}/events?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(refused.status).toBe(401)
    expect(await page.getByTestId('tracker-snippet').textContent()).toContain(`data-key="${demo.writeKey}"`)
  })

  it('shows events as they arrive', async () => {
    await page.goto(url('/realtime'))
    await page.getByTestId('realtime-events').waitFor()
    const res = await fetch(`${server.baseUrl}/v1/track`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${demo.writeKey}:`).toString('base64')}`,
      },
      body: JSON.stringify({
        anonymousId: 'realtime-visitor',
        event: 'E2E Realtime Ping',
        context: { userAgent: DESKTOP_USER_AGENT },
      }),
    })
    expect(res.status).toBe(200)
    await page
      .getByTestId('realtime-event')
      .filter({ hasText: 'E2E Realtime Ping' })
      .waitFor({ timeout: 15_000 })
    await expect
      .poll(() => text(page, 'realtime-visitors'))
      .toMatch(/^[1-9]\d* visitors in the last 30 minutes$/)
    await shot(page, 'realtime')
  })

  it('lets a viewer read everything and change nothing', async () => {
    await page.goto(url('/settings'))
    const users = page.getByTestId('settings-users')
    await users.getByLabel('E-mail').fill(VIEWER.email)
    await users.getByLabel('Initial password').fill(VIEWER.password)
    await users.getByLabel('Role', { exact: true }).selectOption('viewer')
    await users.getByRole('button', { name: 'Add user' }).click()
    await users.locator(`[data-testid=member-row][data-email="${VIEWER.email}"]`).waitFor()

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const viewer = await signIn(context, VIEWER)
    expect(await text(viewer, 'role-badge')).toBe('viewer')

    await viewer.goto(url('/goals'))
    await viewer.locator('[data-testid=goal-row][data-goal-name="Cart viewed (e2e)"]').waitFor()
    expect(await viewer.getByTestId('new-goal').count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Delete' }).count()).toBe(0)
    await viewer.getByRole('link', { name: 'Cart viewed (e2e)' }).click()
    await viewer.getByTestId('read-only-notice').waitFor()
    expect(await viewer.locator('input[name=name]').isDisabled()).toBe(true)
    expect(await viewer.getByRole('button', { name: /Save|Create|Delete/ }).count()).toBe(0)
    await shot(viewer, 'viewer-goal')

    await viewer.goto(
      `${server.baseUrl}${savedFunnelPath}?site=${demo.site.id}&range=custom&from=${demo.period.from}&to=${demo.period.to}`,
    )
    await viewer.getByTestId('funnel-bottleneck').waitFor({ timeout: 30_000 })
    expect(await viewer.getByTestId('read-only-notice').count()).toBe(1)
    expect(await viewer.getByRole('button', { name: /Save|Delete/ }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Save as visitor list' }).count()).toBe(0)

    await viewer.goto(url('/settings'))
    await viewer.getByTestId('settings-snippet').waitFor()
    expect(await viewer.getByTestId('settings-keys').count()).toBe(0)
    expect(await viewer.getByTestId('settings-users').count()).toBe(0)
    await shot(viewer, 'viewer-settings')

    // The server refuses what the page no longer offers.
    const refused = await viewer.evaluate(async (site) => {
      const { csrfToken } = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string }
      const res = await fetch(`/api/v1/sites/${site}/goals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'Sneaky', kind: 'micro', match: { type: 'event', event: 'x' } }),
      })
      return { status: res.status, body: (await res.json()) as { error: { code: string } } }
    }, demo.site.id)
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    await context.close()
  })

  it('signs out', async () => {
    await page.goto(url('/'))
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.locator('input[name=email]').waitFor()
    await shot(page, 'signed-out')
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
    expect(me).toBe(401)
  })
})
