import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClickHouseClient } from '@clickhouse/client'
import { readMigrationFiles, splitStatements } from '../meta/migrate-meta.ts'

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Applies the numbered `.sql` files not yet recorded in `stepwise_migrations`; returns those applied. */
export async function migrateEvents(client: ClickHouseClient, dir = MIGRATIONS_DIR): Promise<string[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS stepwise_migrations
            (version String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = MergeTree ORDER BY version`,
  })
  const result = await client.query({
    query: 'SELECT version FROM stepwise_migrations',
    format: 'JSONEachRow',
  })
  const done = new Set((await result.json<{ version: string }>()).map((r) => r.version))
  const applied: string[] = []
  for (const file of readMigrationFiles(dir)) {
    if (done.has(file.version)) continue
    // ClickHouse has no transactional DDL: every statement is written to be re-runnable
    // (IF NOT EXISTS), so a migration interrupted half-way completes on the next start.
    for (const statement of splitStatements(file.sql)) await client.command({ query: statement })
    await client.insert({
      table: 'stepwise_migrations',
      values: [{ version: file.version }],
      format: 'JSONEachRow',
    })
    applied.push(file.version)
  }
  return applied
}
