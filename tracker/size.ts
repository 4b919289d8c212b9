import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bundleTracker, TRACKER_BUILDS, type TrackerBuild } from './build.ts'

/** Gzipped byte budgets: CI fails above them. */
export const SIZE_BUDGETS: Record<TrackerBuild, number> = { core: 1024, full: 2200 }

export interface SizeReport {
  build: TrackerBuild
  raw: number
  minified: number
  gzipped: number
  budget: number
  ok: boolean
}

/** Measures every build: unminified bundle, minified, and minified gzipped at level 9. */
export async function measureTracker(): Promise<SizeReport[]> {
  const reports: SizeReport[] = []
  for (const build of Object.keys(TRACKER_BUILDS) as TrackerBuild[]) {
    const raw = Buffer.byteLength(await bundleTracker(build, false))
    const min = await bundleTracker(build, true)
    const gzipped = gzipSync(min, { level: 9 }).length
    const budget = SIZE_BUDGETS[build]
    reports.push({ build, raw, minified: Buffer.byteLength(min), gzipped, budget, ok: gzipped <= budget })
  }
  return reports
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reports = await measureTracker()
  process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`)
  for (const r of reports)
    if (!r.ok)
      process.stderr.write(`tracker ${r.build}: ${r.gzipped} B gzipped, over the ${r.budget} B budget\n`)
  process.exitCode = reports.every((r) => r.ok) ? 0 : 1
}
