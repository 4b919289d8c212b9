import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type Context, Hono } from 'hono'

export interface DashboardRouteDeps {
  /** The built dashboard (dashboard/dist): index.html, assets/ with hashed names. */
  dashboardDir: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
}
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map', '.txt'])

/** Paths the API and the collect endpoints own: never answered with the dashboard. */
const NOT_OURS = /^\/(api|v1)(\/|$)/

/**
 * The page's own scripts and styles only; inline style attributes are allowed because the
 * chart library positions its tooltips with them.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Client routes whose address carries a secret (the one-time set-up token): sent no further in a
 * Referer, and not kept in a cache.
 */
const SECRET_PAGES = new Set(['/setup'])

interface Loaded {
  mtimeMs: number
  body: Buffer
  gzipped: Buffer | null
}

/**
 * The web dashboard at `/`: files of the build, hashed assets cached for a year, and index.html
 * (never cached) for every other path, so the client's routes (`/goals`, `/funnels/…`) load on
 * a reload or a shared link. Without a build every request falls through to the other routes.
 */
export function createDashboardRoutes(deps: DashboardRouteDeps) {
  const app = new Hono()
  const root = normalize(deps.dashboardDir + sep)
  const cache = new Map<string, Loaded>()

  const load = async (file: string): Promise<Loaded | null> => {
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return null
    const known = cache.get(file)
    if (known?.mtimeMs === info.mtimeMs) return known
    const body = await readFile(file)
    const gzipped =
      COMPRESSIBLE.has(extname(file)) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null
    const loaded = { mtimeMs: info.mtimeMs, body, gzipped }
    cache.set(file, loaded)
    return loaded
  }

  const send = (c: Context, file: string, loaded: Loaded, cacheControl: string) => {
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
    c.header('Cache-Control', cacheControl)
    c.header('X-Content-Type-Options', 'nosniff')
    if (loaded.gzipped) c.header('Vary', 'Accept-Encoding')
    if (loaded.gzipped && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(loaded.gzipped))
    }
    return c.body(new Uint8Array(loaded.body))
  }

  app.get('*', async (c, next) => {
    const path = c.req.path
    if (NOT_OURS.test(path)) return next()
    let relative: string
    try {
      relative = decodeURIComponent(path)
    } catch {
      return next()
    }
    if (relative.includes('\0') || relative.split('/').includes('..')) return next()

    // A file of the build (a name with an extension): as it is, or not at all.
    if (extname(relative) !== '') {
      const file = normalize(join(root, relative))
      if (!file.startsWith(root)) return next()
      const loaded = await load(file)
      if (!loaded) return next()
      const hashed = relative.startsWith('/assets/')
      return send(c, file, loaded, hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
    }

    const index = join(root, 'index.html')
    const page = await load(index)
    if (!page) return next()
    const secret = SECRET_PAGES.has(path)
    c.header('Content-Security-Policy', CSP)
    c.header('Referrer-Policy', secret ? 'no-referrer' : 'same-origin')
    c.header('X-Frame-Options', 'DENY')
    return send(c, index, page, secret ? 'no-store' : 'no-cache')
  })
  return app
}
