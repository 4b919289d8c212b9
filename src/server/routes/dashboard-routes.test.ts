import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { createDashboardRoutes } from './dashboard-routes.ts'

const dir = mkdtempSync(join(tmpdir(), 'stepwise-dashboard-route-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const INDEX =
  '<!doctype html><title>Stepwise</title><script type="module" src="/assets/index-abc123.js"></script>'
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))})`
mkdirSync(join(dir, 'dist', 'assets'), { recursive: true })
writeFileSync(join(dir, 'dist', 'index.html'), INDEX)
writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), SCRIPT)
writeFileSync(join(dir, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
writeFileSync(join(dir, 'secret.txt'), 'outside the build')

/** The routes as the app mounts them, with the app's own answer for what they pass on. */
function appWith(dashboardDir: string) {
  const app = new Hono()
  app.route('/', createDashboardRoutes({ dashboardDir }))
  app.get('/', (c) => c.text('fallback'))
  app.notFound((c) => c.json({ error: 'not_found' }, 404))
  return app
}
const app = appWith(join(dir, 'dist'))

describe('the dashboard at /', () => {
  it('answers client routes with index.html, never cached, under a strict policy', async () => {
    for (const path of ['/', '/goals', '/funnels/fnl_1', '/settings/keys']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('serves hashed assets for a year, gzipped when asked', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(SCRIPT)
    const other = await app.request('/favicon.svg')
    expect(other.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(other.headers.get('content-type')).toBe('image/svg+xml')
  })

  it('leaves the API, missing files and paths out of the build to the other routes', async () => {
    for (const path of [
      '/api/v1/nothing',
      '/v1/teleport',
      '/assets/missing-1.js',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toEqual({ error: 'not_found' })
    }
  })

  it('passes every request on while the dashboard is not built', async () => {
    const unbuilt = appWith(join(dir, 'missing'))
    expect(await (await unbuilt.request('/')).text()).toBe('fallback')
    expect((await unbuilt.request('/goals')).status).toBe(404)
  })
})
