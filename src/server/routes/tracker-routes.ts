import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { AppError } from '../../schema/app-error.ts'

export interface TrackerRouteDeps {
  /** The built tracker script (tracker/dist). */
  trackerPath: string
}

interface Built {
  mtimeMs: number
  body: Buffer
  gzipped: Buffer
  version: string
}

/**
 * `GET /s.js`: the browser tracker. `/s.js?v=<version>` (the version is the script's hash, as
 * `GET /s.js.version` tells) is cached for a year; plain `/s.js` for an hour, so pages that
 * include it without a version still pick up a new build soon.
 */
export function createTrackerRoutes(deps: TrackerRouteDeps) {
  const app = new Hono()
  let built: Built | null = null

  // Re-read only when the file changed (a rebuild while the server runs).
  const load = async (): Promise<Built> => {
    const info = await stat(deps.trackerPath).catch(() => null)
    if (!info)
      throw new AppError('not_found', 'The tracker is not built; run "npm run build:tracker"', [
        { field: 's.js', reason: 'not built' },
      ])
    if (built?.mtimeMs === info.mtimeMs) return built
    const body = await readFile(deps.trackerPath)
    built = {
      mtimeMs: info.mtimeMs,
      body,
      gzipped: gzipSync(body, { level: 9 }),
      version: createHash('sha256').update(body).digest('hex').slice(0, 12),
    }
    return built
  }

  app.get('/s.js', async (c) => {
    const script = await load()
    const etag = `"${script.version}"`
    const versioned = c.req.query('v') === script.version
    c.header('Content-Type', 'application/javascript; charset=utf-8')
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
    c.header('ETag', etag)
    c.header('Vary', 'Accept-Encoding')
    if (c.req.header('if-none-match') === etag) return c.body(null, 304)
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(script.gzipped))
    }
    return c.body(new Uint8Array(script.body))
  })

  app.get('/s.js.version', async (c) => {
    const script = await load()
    c.header('Cache-Control', 'no-cache')
    return c.json({
      version: script.version,
      src: `/s.js?v=${script.version}`,
      bytes: script.body.length,
      gzipBytes: script.gzipped.length,
    })
  })

  return app
}
