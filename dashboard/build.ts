import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { DASHBOARD_ROOT, DIST_DIR, dashboardViteConfig, REPO_ROOT, SOURCES_FILE } from './vite-config.ts'

const mtime = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0

/**
 * Writes the dashboard to dashboard/dist/ (index.html and hashed assets). Always a production
 * build: Vite keeps a NODE_ENV it finds set (a test run's "test"), which would compile JSX for
 * React's development runtime.
 */
export async function buildDashboard(): Promise<void> {
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build(dashboardViteConfig('build'))
  } finally {
    if (before === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = before
  }
}

/**
 * Whether the build is missing or older than what it is made from: every file the last build
 * bundled (its own sources and what it imports from src/), any file of dashboard/src (a new
 * one), the build set-up and package.json.
 */
export function dashboardIsStale(): boolean {
  const index = join(DIST_DIR, 'index.html')
  const sourcesFile = join(DIST_DIR, SOURCES_FILE)
  if (!existsSync(index) || !existsSync(sourcesFile)) return true
  const built = mtime(index)
  const bundled = (JSON.parse(readFileSync(sourcesFile, 'utf8')) as string[]).map((f) => join(REPO_ROOT, f))
  const own = readdirSync(join(DASHBOARD_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).map((f) =>
    join(DASHBOARD_ROOT, 'src', f),
  )
  const setup = ['index.html', 'vite-config.ts', 'build.ts'].map((f) => join(DASHBOARD_ROOT, f))
  const sources = [...bundled, ...own, ...setup, join(REPO_ROOT, 'package.json')]
  // A bundled file that is gone means its importer changed too, which the mtimes catch.
  return sources.some((path) => mtime(path) > built)
}

/** Builds unless the build is up to date (`--if-stale`, for `npm start` and `npm test`). */
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (!dashboardIsStale()) return false
  await buildDashboard()
  return true
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale')) await buildDashboard()
  else if (!(await ensureDashboardBuilt())) process.exit(0)
  process.stdout.write(`${DIST_DIR}\n`)
}
