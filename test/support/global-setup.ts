import type { TestProject } from 'vitest/node'
import { findPostgresBin, startThrowawayPostgres } from './postgres.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throw-away PostgreSQL server, or null when its variants are skipped. */
    pgUrl: string | null
  }
}

/**
 * Starts one throw-away PostgreSQL server for the whole run; each test file makes its own databases
 * on it (see meta-test-db.ts). In CI a missing server is an error, never a silent skip.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (findPostgresBin() === null) {
    if (process.env.CI === 'true') {
      throw new Error("PostgreSQL server binaries not found; .ci/run installs Debian's postgresql")
    }
    console.warn('PostgreSQL server binaries not found: the PostgreSQL variants of the tests are skipped')
    project.provide('pgUrl', null)
    return async () => undefined
  }
  const server = await startThrowawayPostgres()
  project.provide('pgUrl', server.url)
  return () => server.stop()
}
