import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { MetaDb, MetaQueryable, SqlParam } from './meta-db.ts'

export interface MetaDbOptions {
  /** PostgreSQL URL; when absent the embedded PGlite store under `<dataDir>/meta` is used. */
  url: string | null
  dataDir: string
}

export async function createMetaDb(options: MetaDbOptions): Promise<MetaDb> {
  return options.url ? createPostgresDb(options.url) : createPgliteDb(join(options.dataDir, 'meta'))
}

export async function createPgliteDb(dir: string): Promise<MetaDb> {
  mkdirSync(dir, { recursive: true })
  const db = await PGlite.create(dir)
  const queryable = (q: Pick<PGlite, 'query'>): MetaQueryable => ({
    async query<Row extends object>(sql: string, params: readonly SqlParam[] = []) {
      const result = await q.query<Row>(sql, [...params])
      return result.rows
    },
  })
  return {
    kind: 'pglite',
    ...queryable(db),
    async exec(sql) {
      await db.exec(sql)
    },
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  }
}

export async function createPostgresDb(url: string): Promise<MetaDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // Fail at start-up, with the server's own message, rather than on the first request.
  const probe = await pool.connect()
  probe.release()
  const queryable = (q: pg.Pool | pg.PoolClient): MetaQueryable => ({
    async query<Row extends object>(sql: string, params: readonly SqlParam[] = []) {
      const result = await q.query<Row & pg.QueryResultRow>(sql, [...params])
      return result.rows
    },
  })
  return {
    kind: 'postgres',
    ...queryable(pool),
    async exec(sql) {
      await pool.query(sql)
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(queryable(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
