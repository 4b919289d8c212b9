import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureSite, launchBrowser, serveFixtures } from './support/browser.ts'
import { cleanupServers, type ServerProcess, sleep, startServer } from './support/server-process.ts'

/*
 * Accounts in Chromium: the printed set-up link signs the administrator in with an HttpOnly
 * cookie, and a page of another origin on the same host (so the SameSite=Lax cookie does go along)
 * cannot change anything with it.
 */

let server: ServerProcess
let browser: Browser
let context: BrowserContext
let attacker: FixtureSite
let token: string

const forgedGoal = { name: 'Forged', kind: 'micro', match: { type: 'event', event: 'x' } }

beforeAll(async () => {
  server = await startServer()
  for (let i = 0; i < 200 && !token; i++) {
    token = /\/setup\?token=([0-9A-Za-z]+)/.exec(server.output())?.[1] ?? ''
    if (!token) await sleep(25)
  }
  const goals = `${server.baseUrl}/api/v1/sites/${server.siteId}/goals`
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
  it('creates the administrator from the set-up link and keeps the session cookie from scripts', async () => {
    expect(token).toMatch(/^[0-9A-Za-z]{43}$/)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${server.baseUrl}/setup?token=${token}`)
    await page.fill('input[name=email]', 'ada@example.com')
    await page.fill('input[name=name]', 'Ada')
    await page.fill('input[name=password]', 'a long password')
    await page.click('button')
    // A locator, not a page function: the page's Content-Security-Policy forbids evaluating strings.
    await page.locator('#result', { hasText: 'Done: you are signed in as ada@example.com.' }).waitFor()
    expect(errors).toEqual([])

    const [cookie] = await context.cookies(server.baseUrl)
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
  })

  it('refuses what a page of another origin posts with that cookie', async () => {
    for (const path of ['/fetch', '/form']) {
      const page = await context.newPage()
      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/goals') && r.request().method() === 'POST',
      )
      await page.goto(`${attacker.origin}${path}`)
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
