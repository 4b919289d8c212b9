import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FunnelResult } from '../src/reports/funnel/shape-funnel.ts'
import type { Overview } from '../src/reports/overview/shape-overview.ts'
import type { RatesReport } from '../src/reports/rates/shape-rates.ts'
import type { Funnel } from '../src/schema/funnel.ts'
import type { Goal } from '../src/schema/goal.ts'
import type { GoalPreview } from '../src/schema/goal-preview.ts'
import type { VisitorList } from '../src/store/meta/visitor-lists-repository.ts'
import { DESKTOP_USER_AGENT, launchBrowser } from './support/browser.ts'
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
 * The dashboard in Debian's Chromium against the real server, signed in as the administrator
 * the environment names, on the demo shop: what a person sees must be what the API says.
 * Screenshots of every page go to test-artifacts/dashboard/ (not in git).
 */

const VIEWER = { email: 'viewer@example.com', password: 'a long viewer password' }

let env: DemoServer
let browser: Browser
let admin: BrowserContext
let page: Page
let savedFunnelPath = ''
/** The demo's days, as report requests take them. */
const days = () => ({ from: env.demo.period.from, to: env.demo.period.to })
const url = (path: string) => env.url(path)
const api = <T>(method: string, path: string, body?: unknown) => env.api<T>(method, path, body)

beforeAll(async () => {
  env = await startDemoServer(300)
  browser = await launchBrowser()
  admin = await browser.newContext(contextOptions())
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await cleanupServers()
})

describe('the dashboard in Chromium', { timeout: 90_000 }, () => {
  it('signs in and shows the overview with the figures of the API', async () => {
    page = await signIn(admin, ADMIN, url('/'))
    await page.getByTestId('site-switcher').selectOption(env.demo.site.id)
    await page.goto(url('/'))

    const overview = await api<Overview>(
      'GET',
      `/stats/overview?from=${env.demo.period.from}&to=${env.demo.period.to}`,
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
      `/reports/rates?from=${env.demo.period.from}&to=${env.demo.period.to}&interval=none`,
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
      `/reports/rates?from=${env.demo.period.from}&to=${env.demo.period.to}&interval=none&goals=${encodeURIComponent('Cart viewed (e2e)')}`,
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

  it('saves the people who dropped as a visitor list, with its size, members, CSV and deletion', async () => {
    // On the saved Checkout funnel, the people list starts with those who dropped at the bottleneck.
    await page.goto(url(savedFunnelPath))
    const people = page.getByTestId('funnel-people')
    await expect.poll(() => text(page, 'people-total')).toMatch(/^\d[\d,]* people$/)
    const dropped = Number((await text(page, 'people-total')).replace(/\D/g, ''))
    await people.getByLabel('Visitor list name').fill('Dropped at payment (e2e)')
    await people.getByRole('button', { name: 'Save as visitor list' }).click()
    await page.getByTestId('list-saved').waitFor()
    // And those who completed step 1: more than one page of members.
    await people.getByLabel('Who').selectOption('completed')
    await people.getByLabel('Step').selectOption('1')
    await expect.poll(() => text(page, 'people-total')).not.toBe(`${count(dropped)} people`)
    await people.getByLabel('Visitor list name').fill('Added to cart (e2e)')
    await people.getByRole('button', { name: 'Save as visitor list' }).click()
    await page.getByTestId('list-saved').getByRole('link', { name: 'Open the list' }).click()
    await page.waitForURL(/\/visitor-lists\/vl_/)

    const { visitorLists } = await api<{ visitorLists: VisitorList[] }>('GET', '/visitor-lists')
    const byName = new Map(visitorLists.map((l) => [l.name, l]))
    const droppedList = byName.get('Dropped at payment (e2e)')
    const completedList = byName.get('Added to cart (e2e)')
    expect(droppedList?.size).toBe(dropped)
    expect(completedList?.size).toBeGreaterThan(20)
    for (const list of [droppedList, completedList]) {
      const row = page.locator(`[data-testid=visitor-list-row][data-list-name="${list?.name}"]`)
      expect(await row.getByTestId('list-size').textContent()).toBe(count(list?.size ?? -1))
    }
    expect(await page.getByText(`Dropped after step`).first().textContent()).toContain('“Checkout (e2e)”')

    // The members of the open list, page by page, in the list's order.
    const members = page.getByTestId('list-members')
    await expect.poll(() => members.getByTestId('member').count()).toBe(20)
    await members.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => members.getByTestId('member').count()).toBe(completedList?.size)
    expect(await members.getByRole('button', { name: 'Load more' }).count()).toBe(0)
    const firstPage = await api<{ members: Array<{ visitorId: string }> }>(
      'GET',
      `/visitor-lists/${completedList?.id}/members?limit=3`,
    )
    expect(await members.locator('[data-testid=member] code').first().textContent()).toBe(
      firstPage.members[0]?.visitorId,
    )
    await shot(page, 'visitor-lists')

    // The CSV: a header and one line per person.
    const droppedRow = page.locator(
      '[data-testid=visitor-list-row][data-list-name="Dropped at payment (e2e)"]',
    )
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      droppedRow.getByTestId('list-csv').click(),
    ])
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n')
    expect(csv[0]).toMatch(/person.*visitor_id.*user_id/)
    expect(csv).toHaveLength(dropped + 1)

    await droppedRow.getByRole('button', { name: 'Delete' }).click()
    await droppedRow.waitFor({ state: 'detached' })
    const after = await api<{ visitorLists: VisitorList[] }>('GET', '/visitor-lists')
    expect(after.visitorLists.map((l) => l.name)).toEqual(['Added to cart (e2e)'])
  })

  it("builds a funnel with an OR step whose step counts are the API's, and saves it as built", async () => {
    await page.goto(url('/funnels/new'))
    await page.getByLabel('Step 1 goal').selectOption('Add to cart')
    await page.getByRole('button', { name: 'Step 1: add an alternative (or…)' }).click()
    await page.getByLabel('Step 1 choice 2 goal').selectOption('Zip-code search')
    await page.getByLabel('Step 2 goal').selectOption('Purchase')
    await page.getByRole('button', { name: 'Step 2: add an alternative (or…)' }).click()
    await page.getByLabel('Step 2 choice 2 kind').selectOption('event')
    await page.getByLabel('Step 2 choice 2 event').fill('Checkout Started')
    // An alternative added and removed again leaves the step as it was.
    await page.getByRole('button', { name: 'Step 2: add an alternative (or…)' }).click()
    await page.getByRole('button', { name: 'Remove choice 3 of step 2' }).click()
    expect(await page.getByTestId('step-alternative').count()).toBe(2)

    const definition = {
      steps: [
        { any: [{ goal: 'Add to cart' }, { goal: 'Zip-code search' }] },
        {
          any: [
            { goal: 'Purchase' },
            { match: { type: 'event', event: 'Checkout Started', where: 'all', conditions: [] } },
          ],
        },
      ],
      mode: 'ordered',
      window: '7d',
    }
    const result = await api<FunnelResult>('POST', '/reports/funnel', {
      definition,
      ...days(),
      compare: 'none',
    })
    const persons = (step: number) =>
      page.locator(`[data-testid=funnel-steps] tr[data-step="${step}"] td`).first().textContent()
    for (const s of result.steps) await expect.poll(() => persons(s.step)).toBe(count(s.persons))
    expect(result.steps[0]?.persons).toBeGreaterThan(result.steps[1]?.persons ?? 0)
    await shot(page, 'funnel-or-step')

    await page.getByLabel('Funnel name').fill('Either (e2e)')
    await page.getByRole('button', { name: 'Save funnel' }).click()
    await page.waitForURL(/\/funnels\/fnl_/)
    const id = new URL(page.url()).pathname.split('/').pop() ?? ''
    const saved = await api<{ funnel: Funnel }>('GET', `/funnels/${id}`)
    expect(saved.funnel.definition.steps).toEqual(definition.steps.map((s) => ({ ...s, optional: false })))
    // Opened again, the builder shows the OR steps as saved.
    await page.reload()
    await page.getByTestId('funnel-bottleneck').or(page.getByTestId('funnel-no-bottleneck')).waitFor()
    expect(await page.getByTestId('step-alternative').count()).toBe(2)
    expect(await page.getByLabel('Step 2 choice 2 event').inputValue()).toBe('Checkout Started')
  })

  it('creates a key, shows its secret once, and revokes it', async () => {
    await page.goto(url('/settings'))
    const keys = page.getByTestId('settings-keys')
    await keys.getByLabel('Key kind').selectOption('read')
    await keys.getByLabel('Key label').fill('e2e key')
    await keys.getByRole('button', { name: 'Create key' }).click()
    const secret = (await keys.getByTestId('new-key-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^sk_/)
    const read = await fetch(`${env.server.baseUrl}/api/v1/sites/${env.demo.site.id}/events?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(((await read.json()) as { events: unknown[] }).events).toHaveLength(1)

    const row = keys.locator('[data-testid=key-row][data-key-label="e2e key"]')
    await shot(page, 'settings')
    await row.getByRole('button', { name: 'Revoke' }).click()
    await row.getByTestId('key-revoked').waitFor()
    const refused = await fetch(`${env.server.baseUrl}/api/v1/sites/${env.demo.site.id}/events?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(refused.status).toBe(401)
    expect(await page.getByTestId('tracker-snippet').textContent()).toContain(
      `data-key="${env.demo.writeKey}"`,
    )
  })

  it('shows events as they arrive', async () => {
    await page.goto(url('/realtime'))
    await page.getByTestId('realtime-events').waitFor()
    const res = await fetch(`${env.server.baseUrl}/v1/track`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${env.demo.writeKey}:`).toString('base64')}`,
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

    const context = await browser.newContext(contextOptions())
    const viewer = await signIn(context, VIEWER, url('/'))
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
      `${env.server.baseUrl}${savedFunnelPath}?site=${env.demo.site.id}&range=custom&from=${env.demo.period.from}&to=${env.demo.period.to}`,
    )
    await viewer.getByTestId('funnel-bottleneck').waitFor({ timeout: 30_000 })
    expect(await viewer.getByTestId('read-only-notice').count()).toBe(1)
    expect(await viewer.getByRole('button', { name: /Save|Delete/ }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Save as visitor list' }).count()).toBe(0)

    await viewer.goto(url('/visitor-lists'))
    await viewer.locator('[data-testid=visitor-list-row][data-list-name="Added to cart (e2e)"]').waitFor()
    expect(await viewer.getByTestId('list-csv').count()).toBe(1)
    expect(await viewer.getByRole('button', { name: 'Delete' }).count()).toBe(0)

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
    }, env.demo.site.id)
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
