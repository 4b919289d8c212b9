import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The dashboard's pure logic (formatting, periods, chart options), without a browser; the pages
// themselves are tested in Chromium by test/dashboard.e2e.test.ts.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['src/**/*.test.ts'] },
})
