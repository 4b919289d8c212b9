import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { createPgliteDb, createPostgresDb } from '../../src/store/meta/create-meta-db.ts'
import type { MetaDb } from '../../src/store/meta/meta-db.ts'
import { withClient } from './postgres.ts'

export interface TestMetaDbVariant {
  name: 'pglite' | 'postgres'
  /** True only for PostgreSQL outside CI when the run has no server (see global-setup.ts). */
  skip: boolean
  /** A fresh, empty, unmigrated store; each call is isolated from every other. */
  open(): Promise<MetaDb>
}

/**
 * The metadata backends every metadata test runs against, for `describe.each`. Must be called from
 * a test file (it reads the server URL provided by the global setup).
 */
export function openTestMetaDbs(): TestMetaDbVariant[] {
  const pgUrl = inject('pgUrl')
  return [
    { name: 'pglite', skip: false, open: openPgliteTestDb },
    {
      name: 'postgres',
      skip: pgUrl === null && process.env.CI !== 'true',
      open: () => {
        if (pgUrl === null)
          throw new Error('no PostgreSQL server was started for this run (see global-setup.ts)')
        return openPostgresTestDb(pgUrl)
      },
    },
  ]
}

async function openPgliteTestDb(): Promise<MetaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-meta-'))
  const db = await createPgliteDb(dir)
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    async close() {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let databaseCount = 0

/** A new database on the run's shared server; nothing is dropped, the cluster is thrown away. */
async function openPostgresTestDb(serverUrl: string): Promise<MetaDb> {
  return createPostgresDb(await createPostgresTestDatabase(serverUrl))
}

/** Creates an empty database on the run's shared server and returns its URL. */
export async function createPostgresTestDatabase(serverUrl: string): Promise<string> {
  databaseCount += 1
  // Generated here from digits and hex only, so it is safe to splice in as an identifier.
  const name = `test_${process.pid}_${databaseCount}_${randomBytes(4).toString('hex')}`
  const maintenance = new URL(serverUrl)
  maintenance.pathname = '/postgres'
  await withClient(maintenance.toString(), (c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
