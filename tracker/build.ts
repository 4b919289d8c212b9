import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { minify as terser } from 'terser'
import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS, VIDEO_PROGRESS_STEPS } from '../src/schema/autocapture.ts'

/** The tracker's builds: `s.js` (served as `/s.js`) has every feature, `s.core.js` only the core. */
export const TRACKER_BUILDS = {
  full: { entry: 'src/entry-full.ts', file: 's.js' },
  core: { entry: 'src/entry-core.ts', file: 's.core.js' },
} as const
export type TrackerBuild = keyof typeof TRACKER_BUILDS

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const version = (JSON.parse(readFileSync(here('../package.json'), 'utf8')) as { version: string }).version

/**
 * The autocapture names as esbuild `define`s: `STEPWISE_EVENTS.pageLeave` → `"$page_leave"`, so
 * the script carries each name once, as a literal, and no lookup object (see
 * src/autocapture-names.d.ts).
 */
export function autocaptureDefines(): Record<string, string> {
  const defines: Record<string, string> = { STEPWISE_VIDEO_STEPS: JSON.stringify(VIDEO_PROGRESS_STEPS) }
  for (const [key, value] of Object.entries(AUTOCAPTURE_EVENTS))
    defines[`STEPWISE_EVENTS.${key}`] = JSON.stringify(value)
  for (const [key, value] of Object.entries(AUTOCAPTURE_PROPS))
    defines[`STEPWISE_PROPS.${key}`] = JSON.stringify(value)
  return defines
}

/** Bundles one build into a single IIFE for ES2017 browsers, minified or not; returns the script text. */
export async function bundleTracker(which: TrackerBuild, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [here(TRACKER_BUILDS[which].entry)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2017',
    platform: 'browser',
    minify,
    legalComments: 'none',
    // Internal property names end in `_` (see tracker/src/core.ts): shortened in the output.
    mangleProps: /_$/,
    define: { STEPWISE_VERSION: JSON.stringify(version), ...autocaptureDefines() },
    // Not the tsconfig's `strict`: no "use strict" prologue, which the script does not need.
    tsconfigRaw: {},
    logLevel: 'silent',
  })
  const out = result.outputFiles[0]
  if (!out) throw new Error(`esbuild wrote nothing for ${which}`)
  if (!minify) return out.text
  // A second pass by terser: its repeated compression saves about 100 B gzipped on the full build
  // over esbuild's single pass (2,221 → 2,121 B, measured).
  const squeezed = await terser(out.text, {
    ecma: 2017,
    compress: { passes: 3 },
    format: { comments: false },
  })
  if (squeezed.code === undefined) throw new Error(`terser wrote nothing for ${which}`)
  return squeezed.code
}

/** Writes the minified builds to tracker/dist/. */
export async function buildTracker(): Promise<Record<TrackerBuild, string>> {
  const dist = here('dist/')
  mkdirSync(dist, { recursive: true })
  const paths = {} as Record<TrackerBuild, string>
  for (const which of Object.keys(TRACKER_BUILDS) as TrackerBuild[]) {
    paths[which] = `${dist}${TRACKER_BUILDS[which].file}`
    writeFileSync(paths[which], await bundleTracker(which, true))
  }
  return paths
}

/** Whether a build is missing or older than any source it is made from (for `npm start`). */
export function trackerIsStale(): boolean {
  const mtime = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0
  const sources = [
    ...readdirSync(here('src'), { recursive: true, encoding: 'utf8' }).map((f) => here(`src/${f}`)),
    here('build.ts'),
    here('../src/schema/autocapture.ts'),
    here('../package.json'),
  ]
  const newest = Math.max(...sources.map(mtime))
  return Object.values(TRACKER_BUILDS).some((b) => mtime(here(`dist/${b.file}`)) < newest)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--if-stale` (prestart): rebuild only when a source is newer than the build.
  if (process.argv.includes('--if-stale') && !trackerIsStale()) process.exit(0)
  const paths = await buildTracker()
  for (const path of Object.values(paths)) process.stdout.write(`${path}\n`)
}
