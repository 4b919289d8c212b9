import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDashboardApp, type DashboardAppDeps } from './dashboard-app.ts'

const dir = mkdtempSync(join(tmpdir(), 'stepwise-dashboard-app-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const INDEX = '<!doctype html><title>Stepwise</title><div id="root"></div>'
mkdirSync(join(dir, 'dist'))
writeFileSync(join(dir, 'dist', 'index.html'), INDEX)

/** The set-up page needs none of the services; the routes that do are not called here. */
const deps = (dashboardDir: string): DashboardAppDeps =>
  ({ dashboardDir, version: '0.0.0' }) as unknown as DashboardAppDeps

describe('the set-up link /setup?token=…', () => {
  it("opens the dashboard's own set-up page when the dashboard is built", async () => {
    const res = await createDashboardApp(deps(join(dir, 'dist'))).request('/setup?token=abc')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(INDEX)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    // The token in its address goes nowhere else and is not cached.
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('opens the small server-rendered page when it is not', async () => {
    const res = await createDashboardApp(deps(join(dir, 'missing'))).request('/setup?token=abc')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Set up Stepwise</h1>')
    expect(html).toContain("fetch('/api/v1/auth/setup'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })
})
