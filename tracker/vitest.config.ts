import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { autocaptureDefines } from './build.ts'

// The tracker's pure logic, without a browser and without the server's global set-up. The same
// `define`s as the build put the autocapture names in.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  define: autocaptureDefines(),
  test: { include: ['src/**/*.test.ts'] },
})
