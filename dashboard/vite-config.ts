import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { InlineConfig, Plugin } from 'vite'

export const DASHBOARD_ROOT = fileURLToPath(new URL('.', import.meta.url))
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DIST_DIR = fileURLToPath(new URL('dist/', import.meta.url))
/** Every source file the last build read, for `build.ts --if-stale`. */
export const SOURCES_FILE = '.vite/sources.json'
/** The npm packages the last build bundled, for `size.ts` (zod must not be one). */
export const PACKAGES_FILE = '.vite/packages.json'

/**
 * Records the files a build bundled (the dashboard's own and those it imports from src/) and the
 * packages it took from node_modules.
 */
function recordSources(): Plugin {
  return {
    name: 'stepwise-record-sources',
    generateBundle() {
      const ids = [...this.getModuleIds()].filter((id) => !id.startsWith('\0') && !id.includes('?'))
      const files = ids
        .filter((id) => !id.includes('/node_modules/'))
        .map((id) => relative(REPO_ROOT, id))
        .sort()
      const packages = [
        ...new Set(
          ids.flatMap((id) => {
            const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)
            return m?.[1] ? [m[1]] : []
          }),
        ),
      ].sort()
      this.emitFile({ type: 'asset', fileName: SOURCES_FILE, source: JSON.stringify(files, null, 2) })
      this.emitFile({ type: 'asset', fileName: PACKAGES_FILE, source: JSON.stringify(packages, null, 2) })
    },
  }
}

/**
 * The one Vite configuration, for the build and the dev server alike (no config file: Vite would
 * want a default export). Pages are split by the app's lazy routes; the chart library lands only
 * in the chunks of pages that draw charts.
 */
export function dashboardViteConfig(mode: 'build' | 'dev'): InlineConfig {
  return {
    configFile: false,
    root: DASHBOARD_ROOT,
    base: '/',
    logLevel: mode === 'build' ? 'warn' : 'info',
    plugins: [react(), recordSources()],
    build: {
      outDir: DIST_DIR,
      emptyOutDir: true,
      target: 'es2022',
      manifest: true,
      sourcemap: false,
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        // The chart library in a chunk of its own, fetched by the pages that draw charts.
        output: {
          codeSplitting: {
            groups: [{ name: 'charts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/ }],
          },
        },
      },
    },
    server: {
      // The dashboard imports types and small pure modules from the server's src/.
      fs: { allow: [REPO_ROOT] },
      proxy: Object.fromEntries(
        ['/api', '/s.js', '/v1'].map((path) => [
          path,
          process.env.STEPWISE_DEV_API ?? 'http://127.0.0.1:8787',
        ]),
      ),
    },
  }
}
