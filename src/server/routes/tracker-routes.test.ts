import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createTrackerRoutes } from './tracker-routes.ts'

const dir = mkdtempSync(join(tmpdir(), 'stepwise-tracker-route-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('GET /s.js', () => {
  it('serves the built script, gzipped when asked, with a long cache only for its version', async () => {
    const path = join(dir, 's.js')
    writeFileSync(path, '(()=>{window.stepwise="v1"})();')
    const app = createTrackerRoutes({ trackerPath: path })
    const info = (await (await app.request('/s.js.version')).json()) as { version: string; src: string }
    expect(info.version).toMatch(/^[0-9a-f]{12}$/)
    expect(info.src).toBe(`/s.js?v=${info.version}`)

    const plain = await app.request('/s.js')
    expect(plain.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(await plain.text()).toBe('(()=>{window.stepwise="v1"})();')

    const versioned = await app.request(info.src, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(versioned.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await versioned.arrayBuffer())).toString()).toBe(
      '(()=>{window.stepwise="v1"})();',
    )

    const again = await app.request('/s.js', { headers: { 'if-none-match': `"${info.version}"` } })
    expect(again.status).toBe(304)

    // A rebuild while the server runs is served at once, under a new version.
    writeFileSync(path, '(()=>{window.stepwise="v2"})();')
    utimesSync(path, new Date(), new Date(Date.now() + 5000))
    const next = (await (await app.request('/s.js.version')).json()) as { version: string }
    expect(next.version).not.toBe(info.version)
    expect(await (await app.request('/s.js')).text()).toContain('v2')
  })

  it('says how to build the tracker when it is missing', async () => {
    const app = createTrackerRoutes({ trackerPath: join(dir, 'missing.js') })
    app.onError((err, c) => c.json({ message: err.message }, 404))
    const res = await app.request('/s.js')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ message: 'The tracker is not built; run "npm run build:tracker"' })
  })
})
