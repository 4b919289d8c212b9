import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { ensureDashboardBuilt } from './build.ts'
import { DIST_DIR, PACKAGES_FILE } from './vite-config.ts'

/** Gzipped budget of the JavaScript a first visit loads before any page's own chunk. */
export const INITIAL_JS_BUDGET = 300 * 1024

/**
 * Server-side packages the dashboard may import types from but must never bundle: the form
 * choices come from src/schema/choices.ts, not from the zod schemas.
 */
export const SERVER_ONLY_PACKAGES = [
  'zod',
  'hono',
  '@clickhouse/client',
  '@electric-sql/pglite',
  'pg',
] as const

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

export interface DashboardSize {
  entry: string
  /** The entry chunk and every chunk it imports statically, gzipped at level 9. */
  initial: Array<{ file: string; bytes: number; gzipped: number }>
  initialJsGzipped: number
  initialCssGzipped: number
  /** Every other chunk (pages, the chart library), loaded when a page needs it. */
  lazyJsGzipped: number
  budget: number
  /** The npm packages in the build, and those of them that belong to the server only. */
  packages: string[]
  serverPackages: string[]
  ok: boolean
}

const gzipped = (file: string) => gzipSync(readFileSync(join(DIST_DIR, file)), { level: 9 }).length

/** Measures the build in dashboard/dist from Vite's manifest. */
export function measureDashboard(): DashboardSize {
  const manifest = JSON.parse(readFileSync(join(DIST_DIR, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >
  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry)
  if (!entryKey) throw new Error('the dashboard manifest has no entry')
  const initialKeys = new Set<string>()
  const visit = (key: string) => {
    if (initialKeys.has(key)) return
    initialKeys.add(key)
    for (const next of manifest[key]?.imports ?? []) visit(next)
  }
  visit(entryKey)
  const initial = [...initialKeys].map((key) => {
    const file = (manifest[key] as ManifestChunk).file
    return { file, bytes: readFileSync(join(DIST_DIR, file)).length, gzipped: gzipped(file) }
  })
  const css = [...initialKeys].flatMap((key) => manifest[key]?.css ?? [])
  const initialFiles = new Set(initial.map((c) => c.file))
  const lazy = [...new Set(Object.values(manifest).map((c) => c.file))].filter(
    (f) => f.endsWith('.js') && !initialFiles.has(f),
  )
  const initialJsGzipped = initial.reduce((sum, c) => sum + c.gzipped, 0)
  const packages = JSON.parse(readFileSync(join(DIST_DIR, PACKAGES_FILE), 'utf8')) as string[]
  const serverPackages = packages.filter((p) => (SERVER_ONLY_PACKAGES as readonly string[]).includes(p))
  return {
    entry: (manifest[entryKey] as ManifestChunk).file,
    initial,
    initialJsGzipped,
    initialCssGzipped: css.reduce((sum, f) => sum + gzipped(f), 0),
    lazyJsGzipped: lazy.reduce((sum, f) => sum + gzipped(f), 0),
    budget: INITIAL_JS_BUDGET,
    packages,
    serverPackages,
    ok: initialJsGzipped <= INITIAL_JS_BUDGET && serverPackages.length === 0,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureDashboardBuilt()
  const size = measureDashboard()
  process.stdout.write(`${JSON.stringify(size, null, 2)}\n`)
  if (size.initialJsGzipped > size.budget)
    process.stderr.write(
      `dashboard: ${size.initialJsGzipped} B of initial JavaScript gzipped, over the ${size.budget} B budget\n`,
    )
  if (size.serverPackages.length > 0)
    process.stderr.write(
      `dashboard: the build bundles server-only packages: ${size.serverPackages.join(', ')}\n`,
    )
  process.exitCode = size.ok ? 0 : 1
}
