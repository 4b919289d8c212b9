import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MetaDb, MetaQueryable } from './meta-db.ts'

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')
/** Arbitrary constant: serialises migrations when several Stepwise nodes start at once. */
const MIGRATION_LOCK_ID = 7_346_912

export interface MigrationFile {
  version: string
  sql: string
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }))
}

/** Applies the numbered migrations not yet recorded; returns the versions applied now. */
export async function migrateMeta(db: MetaDb, dir = MIGRATIONS_DIR): Promise<string[]> {
  const lock = (tx: MetaQueryable) =>
    db.kind === 'postgres' ? tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]) : null
  // Under the lock too: concurrent `CREATE TABLE IF NOT EXISTS` on PostgreSQL can still fail with a
  // duplicate key in pg_type when several nodes start at once.
  await db.transaction(async (tx) => {
    await lock(tx)
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    )
  })
  const applied: string[] = []
  for (const file of readMigrationFiles(dir)) {
    const done = await db.transaction(async (tx) => {
      await lock(tx)
      const rows = await tx.query<{ version: string }>(
        'SELECT version FROM schema_migrations WHERE version = $1',
        [file.version],
      )
      if (rows.length > 0) return false
      for (const statement of splitStatements(file.sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.version])
      return true
    })
    if (done) applied.push(file.version)
  }
  return applied
}

/** Migration files hold plain DDL: statements end with `;` at the end of a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((s) => s.length > 0)
}
