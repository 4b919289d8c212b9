import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDashboardBuilt } from '../dashboard/build.ts'
import { type FixtureSite, launchBrowser, serveFixtures } from './support/browser.ts'
import { cleanupServers, type ServerProcess, sleep, startServer } from './support/server-process.ts'

/*
 * Accounts in Chromium: the printed set-up link opens the dashboard's set-up page, which signs the
 * administrator in with an HttpOnly cookie and opens the dashboard; the link then works no more.
 * A page of another origin on the same host (so the SameSite=Lax cookie does go along) cannot
 * change anything with that cookie.
 */

let server: ServerProcess
let browser: Browser
let context: BrowserContext
let attacker: FixtureSite
let token: string

const forgedGoal = { name: 'Forged', kind: 'micro', match: { type: 'event', event: 'x' } }

beforeAll(async () => {
  await ensureDashboardBuilt()
  server = await startServer()
  for (let i = 0; i < 200 && !token; i++) {
    token = /\/setup\?token=([0-9A-Za-z]+)/.exec(server.output())?.[1] ?? ''
    if (!token) await sleep(25)
  }
  // The printed link says localhost: the session cookie is localhost's, so the forgeries aim there.
  const goals = `http://localhost:${server.port}/api/v1/sites/${server.siteId}/goals`
  attacker = await serveFixtures({
    // A script on another origin posting as a "simple" request: no preflight, cookies included.
    '/fetch': `<!doctype html><script>
      fetch(${JSON.stringify(goals)}, {
        method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(forgedGoal))},
      })
    </script>`,
    // The classic form that posts JSON as text/plain and submits itself.
    '/form': `<!doctype html><form method="POST" action="${goals}" enctype="text/plain">
      <input name='${JSON.stringify(forgedGoal).slice(0, -1)},"x":"' value='"}'></form>
      <script>document.forms[0].submit()</script>`,
  })
  browser = await launchBrowser()
  context = await browser.newContext()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await attacker?.close()
  await cleanupServers()
})

describe('accounts in Chromium', { timeout: 60_000 }, () => {
  it('creates the administrator on the dashboard from the printed link, and keeps the cookie from scripts', async () => {
    expect(token).toMatch(/^[0-9A-Za-z]{43}$/)
    const link = new RegExp(`^ {2}(http://localhost:${server.port}/setup\\?token=${token})$`, 'm').exec(
      server.output(),
    )?.[1]
    expect(link).toBeDefined()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    // The link exactly as printed (localhost, not the test's 127.0.0.1).
    await page.goto(link ?? '')
    await page.getByTestId('setup-form').waitFor()
    await page.fill('input[name=email]', 'ada@example.com')
    await page.fill('input[name=name]', 'Ada')
    // The server's rules, shown beside the field.
    await page.fill('input[name=password]', 'short')
    await page.getByRole('button', { name: 'Create administrator' }).click()
    await page.getByText('Password must be at least 10 characters.').waitFor()
    await page.fill('input[name=password]', 'a long password')
    await page.getByRole('button', { name: 'Create administrator' }).click()
    // Signed in, on the dashboard, and the token gone from the address bar.
    await page.getByTestId('site-switcher').waitFor()
    expect(await page.getByTestId('account-link').textContent()).toBe('Ada')
    expect(new URL(page.url()).pathname).toBe('/')
    expect(page.url()).not.toContain(token)
    expect(errors).toEqual([])

    const [cookie] = await context.cookies(link)
    expect(cookie).toMatchObject({ name: 'stepwise_session', httpOnly: true, sameSite: 'Lax', path: '/' })
    const scriptSees = await page.evaluate(
      () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
    )
    expect(scriptSees).toBe('')
    const me = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/me')
      return { status: res.status, body: (await res.json()) as { user: { email: string } } }
    })
    expect(me).toMatchObject({ status: 200, body: { user: { email: 'ada@example.com' } } })

    // The link works once: in another browser it opens the page, which says so.
    const other = await browser.newContext()
    const again = await other.newPage()
    await again.goto(link ?? '')
    await again.fill('input[name=email]', 'eve@example.com')
    await again.fill('input[name=password]', 'another long password')
    await again.getByRole('button', { name: 'Create administrator' }).click()
    await again.getByText('The set-up token is not known, already used or expired').waitFor()
    await again.getByRole('link', { name: 'Sign in instead' }).waitFor()
    await other.close()
  })

  it('refuses what a page of another origin posts with that cookie', async () => {
    for (const path of ['/fetch', '/form']) {
      const page = await context.newPage()
      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/goals') && r.request().method() === 'POST',
      )
      // Another origin of the same site as the cookie's (localhost, another port).
      await page.goto(`${attacker.origin.replace('127.0.0.1', 'localhost')}${path}`)
      const res = await answer
      // 403 csrf_rejected, not 401: the cookie went along, and the check refused it.
      expect(res.status(), path).toBe(403)
      if (path === '/form') expect(await res.json()).toMatchObject({ error: { code: 'csrf_rejected' } })
      await page.close()
    }
    const goals = await fetch(`${server.baseUrl}/api/v1/sites/${server.siteId}/goals`, {
      headers: { authorization: `Bearer ${server.secretKey}` },
    })
    expect(((await goals.json()) as { goals: unknown[] }).goals).toEqual([])
  })
})
