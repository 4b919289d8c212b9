import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RatesReport } from '../src/reports/rates/shape-rates.ts'
import type { Funnel } from '../src/schema/funnel.ts'
import type { Goal } from '../src/schema/goal.ts'
import type { GoalPreview } from '../src/schema/goal-preview.ts'
import type { CreatedSite } from '../src/sites/site-admin.ts'
import { launchBrowser } from './support/browser.ts'
import {
  ADMIN,
  contextOptions,
  count,
  type DemoServer,
  percent,
  shot,
  signIn,
  startDemoServer,
  text,
} from './support/dashboard-e2e.ts'
import { cleanupServers } from './support/server-process.ts'

/*
 * Every page of the dashboard in its other states: while its data loads, when the site has no
 * data yet (a rate without visitors is "–"), when the API fails (the error and a way to try
 * again), and with numbers in the browser's locale. Screenshots: test-artifacts/dashboard/.
 */

let env: DemoServer
let browser: Browser
let context: BrowserContext
let page: Page
let empty: CreatedSite
let emptyFunnel: Funnel
let demoFunnel: Funnel
let demoGoal: Goal

/** The pages of the demo site, by the name of their screenshot. */
const pages = (): Record<string, string> => ({
  overview: '/',
  goals: '/goals',
  goal: `/goals/${demoGoal.id}`,
  funnels: '/funnels',
  funnel: `/funnels/${demoFunnel.id}`,
  'visitor-lists': '/visitor-lists',
  realtime: '/realtime',
  settings: '/settings',
})

const STORE_DOWN = { code: 'store_unavailable', message: 'The event store is not answering (e2e)' }

/** An API call on the empty site, with its admin key. */
async function onEmpty<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.server.baseUrl}/api/v1/sites/${empty.site.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${empty.secretKey}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

beforeAll(async () => {
  env = await startDemoServer(60)
  browser = await launchBrowser()
  context = await browser.newContext(contextOptions())
  page = await signIn(context, ADMIN, env.url('/'))
  // A second site, with a goal and a funnel but no traffic at all.
  empty = await page.evaluate(async () => {
    const { csrfToken } = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string }
    const res = await fetch('/api/v1/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ domain: 'empty.example.com', name: 'Empty shop', timezone: 'UTC' }),
    })
    return (await res.json()) as CreatedSite
  })
  await onEmpty('POST', '/goals', {
    name: 'Signed up',
    kind: 'macro',
    match: { type: 'event', event: 'Signed Up' },
  })
  emptyFunnel = (
    await onEmpty<{ funnel: Funnel }>('POST', '/funnels', {
      name: 'Sign-up',
      definition: {
        steps: [{ match: { type: 'page', path: { pattern: '/signup' } } }, { goal: 'Signed up' }],
      },
    })
  ).funnel
  const { funnels } = await env.api<{ funnels: Funnel[] }>('GET', '/funnels')
  demoFunnel = funnels[0] as Funnel
  const { goals } = await env.api<{ goals: Goal[] }>('GET', '/goals')
  demoGoal = goals[0] as Goal
}, 150_000)

afterAll(async () => {
  await browser?.close()
  await cleanupServers()
})

describe('the dashboard in its other states', { timeout: 120_000 }, () => {
  it('says so while a page loads', async () => {
    for (const [name, path] of Object.entries(pages())) {
      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const hold = async (route: Route) => {
        await held
        await route.continue().catch(() => undefined)
      }
      await page.route('**/api/v1/sites/**', hold)
      await page.goto(env.url(path))
      // The page's own, not the one shown while its code loads.
      await page.locator('main .page .state-loading').first().waitFor()
      if (name === 'overview') await shot(page, 'loading-overview')
      release()
      await page.unroute('**/api/v1/sites/**', hold)
      await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 30_000 })
    }
  })

  it('shows a site without traffic with empty states, and "–" for rates without visitors', async () => {
    const at = (path: string) => env.url(path, empty.site.id)
    await page.goto(at('/'))
    const figure = (testId: string) => page.getByTestId(testId).locator('.stat-value').textContent()
    await expect.poll(() => figure('stat-visitors')).toBe('0')
    await expect.poll(() => figure('stat-macro')).toBe('–')
    expect(await figure('stat-micro')).toBe('–')
    await page.getByText('No visits in this period').first().waitFor()
    expect(
      await page
        .getByTestId('top-goals')
        .getByRole('row', { name: /Signed up/ })
        .textContent(),
    ).toContain('–')
    await shot(page, 'empty-overview')

    await page.goto(at('/goals'))
    const goal = page.locator('[data-testid=goal-row][data-goal-name="Signed up"]')
    await goal.waitFor()
    expect(await goal.getByTestId('goal-rate').textContent()).toBe('–')
    await shot(page, 'empty-goals')

    await page.goto(at(`/funnels/${emptyFunnel.id}`))
    await page.getByTestId('funnel-no-bottleneck').waitFor({ timeout: 30_000 })
    expect(await text(page, 'funnel-conversion-rate')).toContain('–')
    await expect.poll(() => text(page, 'people-total')).toBe('0 people')
    await page.getByText('Nobody in this period.').waitFor()
    await shot(page, 'empty-funnel')

    await page.goto(at('/visitor-lists'))
    await page.getByText('No visitor lists yet').waitFor()
    await shot(page, 'empty-visitor-lists')

    await page.goto(at('/realtime'))
    await page.getByText('No events yet').waitFor()
    await shot(page, 'empty-realtime')
  })

  it('shows what went wrong on every page when the API fails, and tries again', async () => {
    const fail = (route: Route) =>
      route.fulfill({ status: 503, json: { error: { ...STORE_DOWN, details: [] } } })
    await page.route('**/api/v1/sites/**', fail)
    for (const [name, path] of Object.entries({ ...pages(), 'new-goal': '/goals/new' })) {
      await page.goto(env.url(path))
      const alert = page.getByRole('alert').filter({ hasText: STORE_DOWN.message }).first()
      await alert.waitFor({ timeout: 30_000 }).catch(async (err: unknown) => {
        await shot(page, `error-${name}-missing`)
        throw new Error(`no error shown on ${path}`, { cause: err })
      })
      await shot(page, `error-${name}`)
    }
    // The API is back: "Try again" loads the page.
    await page.goto(env.url('/goals'))
    const retry = page.getByRole('alert').getByRole('button', { name: 'Try again' }).first()
    await retry.waitFor()
    await page.unroute('**/api/v1/sites/**', fail)
    await retry.click()
    await page.getByTestId('goal-row').first().waitFor()
  })

  it("writes numbers in the browser's locale", async () => {
    const german = await browser.newContext(contextOptions('de-DE'))
    const p = await signIn(german, ADMIN, env.url('/'))
    const { goals } = await env.api<{ goals: Goal[] }>('GET', '/goals')
    const macro = goals.filter((g) => g.kind === 'macro').map((g) => g.match)
    const converted = await env.api<GoalPreview>('POST', '/goals/preview', {
      match: { type: 'any', matches: macro },
      from: env.demo.period.from,
      to: env.demo.period.to,
    })
    const rates = await env.api<RatesReport>(
      'GET',
      `/reports/rates?from=${env.demo.period.from}&to=${env.demo.period.to}&interval=none`,
    )
    const rate = converted.visitors / rates.visitors
    expect(percent(rate, 'de-DE')).toMatch(/^\d+,\d\d\s%$/)
    await expect.poll(() => text(p, 'stat-macro')).toContain(percent(rate, 'de-DE'))
    expect(await text(p, 'stat-visitors')).toContain(count(rates.visitors, 'de-DE'))

    await p.goto(env.url('/goals'))
    const first = rates.goals.find((g) => g.conversionRate !== null)
    const row = p.locator(`[data-testid=goal-row][data-goal-name="${first?.name}"]`)
    expect(await row.getByTestId('goal-rate').textContent()).toBe(
      percent(first?.conversionRate ?? null, 'de-DE'),
    )
    await shot(p, 'goals-de')
    await german.close()
  })
})
