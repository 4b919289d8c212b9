import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestMetaDbs } from '../../../test/support/meta-test-db.ts'
import { KEY_KINDS, type KeyKind } from '../../schema/choices.ts'
import { createKeysRepository } from './keys-repository.ts'
import type { MetaDb } from './meta-db.ts'
import { migrateMeta, splitStatements } from './migrate-meta.ts'
import { createSaltsRepository } from './salts-repository.ts'
import { createSitesRepository } from './sites-repository.ts'

const ALL_MIGRATIONS = [
  '0001_sites_keys_salts',
  '0002_goals',
  '0003_funnels_visitor_lists',
  '0004_users_sessions',
]
const EXPECTED_PREFIX: Record<KeyKind, string> = {
  write: 'wk_',
  server: 'sk_srv_',
  read: 'sk_read_',
  admin: 'sk_adm_',
}

describe('splitStatements', () => {
  it('splits on a semicolon that ends a line, and after the last statement without a newline', () => {
    expect(splitStatements('CREATE TABLE a (x int);\nCREATE TABLE b (y int);')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE TABLE b (y int)',
    ])
  })

  it('keeps a multi-line statement whole', () => {
    expect(splitStatements('CREATE TABLE a (\n  x int,\n  y int\n);\n')).toEqual([
      'CREATE TABLE a (\n  x int,\n  y int\n)',
    ])
  })

  it('drops whole-line comments, including one that ends in a semicolon', () => {
    expect(splitStatements('-- first; then\n-- a note;\nCREATE TABLE a (x int);\n-- trailing\n')).toEqual([
      'CREATE TABLE a (x int)',
    ])
  })

  it('does not split on a semicolon inside a line', () => {
    expect(splitStatements("INSERT INTO t VALUES ('a;b');\n")).toEqual(["INSERT INTO t VALUES ('a;b')"])
  })

  it('accepts CRLF line endings and trailing blanks after the semicolon', () => {
    expect(splitStatements('SELECT 1;  \r\nSELECT 2;\r\n')).toEqual(['SELECT 1', 'SELECT 2'])
  })

  it('gives nothing for an empty or comment-only file', () => {
    expect(splitStatements('')).toEqual([])
    expect(splitStatements('-- only a comment\n\n')).toEqual([])
  })
})

describe.each(openTestMetaDbs())('metadata store on $name', (variant) => {
  describe.skipIf(variant.skip)(variant.skip ? 'skipped: no PostgreSQL server in this run' : 'store', () => {
    let db: MetaDb

    beforeAll(async () => {
      db = await variant.open()
      await migrateMeta(db)
    })
    afterAll(async () => {
      await db?.close()
    })

    describe('migrations', () => {
      it('applies every migration once, records it, and applies nothing on a second run', async () => {
        const fresh = await variant.open()
        try {
          expect(await migrateMeta(fresh)).toEqual(ALL_MIGRATIONS)
          const recorded = await fresh.query<{ version: string }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          )
          expect(recorded.map((r) => r.version)).toEqual(ALL_MIGRATIONS)
          const tables = await fresh.query<{ table_name: string }>(
            `SELECT table_name FROM information_schema.tables
             WHERE table_schema = 'public' ORDER BY table_name`,
          )
          expect(tables.map((t) => t.table_name)).toEqual([
            'api_keys',
            'funnels',
            'goals',
            'salts',
            'schema_migrations',
            'sessions',
            'setup_tokens',
            'site_roles',
            'sites',
            'users',
            'visitor_lists',
          ])

          expect(await migrateMeta(fresh)).toEqual([])
          expect(await fresh.query('SELECT version FROM schema_migrations')).toHaveLength(
            ALL_MIGRATIONS.length,
          )
        } finally {
          await fresh.close()
        }
      })

      it('lets several nodes migrate the same store at once', async () => {
        const fresh = await variant.open()
        try {
          // Open the connections first (on PostgreSQL), so the migrations really run side by side.
          await Promise.all(Array.from({ length: 5 }, () => fresh.query('SELECT 1')))
          const results = await Promise.all(Array.from({ length: 5 }, () => migrateMeta(fresh)))
          expect(results.flat().sort()).toEqual(ALL_MIGRATIONS)
          expect(await fresh.query('SELECT version FROM schema_migrations')).toHaveLength(
            ALL_MIGRATIONS.length,
          )
        } finally {
          await fresh.close()
        }
      })
    })

    describe('sites', () => {
      it('creates, gets, lists and counts sites', async () => {
        const sites = createSitesRepository(db)
        const before = await sites.count()
        const a = await sites.create({ domain: 'a.example', name: 'A', timezone: 'Europe/Berlin' })
        const b = await sites.create({ domain: 'b.example', name: 'B', timezone: 'UTC' })

        expect(a.id).toMatch(/^site_[0-9A-Za-z]{10}$/)
        expect(a).toMatchObject({ domain: 'a.example', name: 'A', timezone: 'Europe/Berlin' })
        expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false)
        expect(await sites.get(a.id)).toEqual(a)
        expect(await sites.get('site_missing')).toBeNull()

        const listed = await sites.list()
        expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]))
        expect(listed.findIndex((s) => s.id === a.id)).toBeLessThan(listed.findIndex((s) => s.id === b.id))
        expect(await sites.count()).toBe(before + 2)
      })
    })

    describe('keys', () => {
      const newSite = () =>
        createSitesRepository(db).create({ domain: 'keys.example', name: 'Keys', timezone: 'UTC' })

      it.each(KEY_KINDS)('creates a %s key with its prefix and finds it by the full key', async (kind) => {
        const site = await newSite()
        const keys = createKeysRepository(db)
        const created = await keys.create(site.id, kind, 'label')

        expect(created.key.startsWith(EXPECTED_PREFIX[kind])).toBe(true)
        expect(created.key.length).toBeGreaterThan(EXPECTED_PREFIX[kind].length + 20)
        expect(created.prefix).toBe(created.key.slice(0, EXPECTED_PREFIX[kind].length + 4))
        expect(created).toMatchObject({ siteId: site.id, kind, label: 'label', revokedAt: null })

        const { key, ...record } = created
        expect(await keys.findActive(key)).toEqual(record)
        expect(await keys.list(site.id)).toEqual([record])
      })

      it.each(KEY_KINDS)('stores a %s key readable only when it is a public write key', async (kind) => {
        const site = await newSite()
        const created = await createKeysRepository(db).create(site.id, kind)
        const rows = await db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
          created.id,
        ])
        const row = rows[0]
        expect(row).toBeDefined()

        if (kind === 'write') {
          expect(row?.public_key).toBe(created.key)
          expect(created.publicKey).toBe(created.key)
        } else {
          // No column, in any form pg or PGlite returns it, holds the secret.
          for (const [column, value] of Object.entries(row ?? {})) {
            expect(String(value), column).not.toContain(created.key)
          }
          expect(row?.public_key).toBeNull()
          expect(created.publicKey).toBeNull()
        }
      })

      it('revokes a key so it is no longer found', async () => {
        const site = await newSite()
        const keys = createKeysRepository(db)
        const created = await keys.create(site.id, 'read')

        const revoked = await keys.revoke(site.id, created.id)
        expect(revoked?.id).toBe(created.id)
        expect(revoked?.revokedAt).not.toBeNull()
        expect(await keys.findActive(created.key)).toBeNull()
        // Revoking again keeps the first revocation time.
        expect((await keys.revoke(site.id, created.id))?.revokedAt).toBe(revoked?.revokedAt)
      })

      it("does not revoke a key through another site's id", async () => {
        const owner = await newSite()
        const other = await newSite()
        const keys = createKeysRepository(db)
        const created = await keys.create(owner.id, 'admin')

        expect(await keys.revoke(other.id, created.id)).toBeNull()
        expect((await keys.findActive(created.key))?.id).toBe(created.id)
      })

      it('finds nothing for an unknown key', async () => {
        const keys = createKeysRepository(db)
        expect(await keys.findActive('sk_read_doesnotexist')).toBeNull()
        expect(await keys.findActive('')).toBeNull()
        expect(await keys.revoke('site_missing', 'key_missing')).toBeNull()
      })
    })

    describe('salts', () => {
      it('keeps one salt per day, different between days', async () => {
        const salts = createSaltsRepository(db)
        const first = await salts.getOrCreate('2024-03-01')
        expect(first).toMatch(/^[0-9a-f]{64}$/)
        expect(await salts.getOrCreate('2024-03-01')).toBe(first)
        expect(await salts.getOrCreate('2024-03-02')).not.toBe(first)
      })

      it('agrees on one salt when several callers create the same day at once', async () => {
        const salts = createSaltsRepository(db)
        const results = await Promise.all(Array.from({ length: 5 }, () => salts.getOrCreate('2024-04-01')))
        expect(new Set(results).size).toBe(1)
      })

      it("deletes salts whose day began 48 h or more ago, keeping today's and yesterday's", async () => {
        const salts = createSaltsRepository(db)
        await db.query('DELETE FROM salts')
        for (const day of ['2024-05-06', '2024-05-07', '2024-05-08', '2024-05-09', '2024-05-10']) {
          await salts.getOrCreate(day)
        }
        const yesterday = await salts.getOrCreate('2024-05-09')

        // 2024-05-08 began 1 ms less than 48 h before this `now`: it stays.
        expect(await salts.deleteExpired(new Date('2024-05-09T23:59:59.999Z'))).toBe(2)
        expect(await salts.listDays()).toEqual(['2024-05-08', '2024-05-09', '2024-05-10'])

        // ...and exactly 48 h before this one: it goes.
        expect(await salts.deleteExpired(new Date('2024-05-10T00:00:00Z'))).toBe(1)
        expect(await salts.listDays()).toEqual(['2024-05-09', '2024-05-10'])

        // Late in the day nothing more goes; yesterday's salt is the same one.
        expect(await salts.deleteExpired(new Date('2024-05-10T23:59:59.999Z'))).toBe(0)
        expect(await salts.getOrCreate('2024-05-09')).toBe(yesterday)

        // The next day, the day before yesterday goes.
        expect(await salts.deleteExpired(new Date('2024-05-11T00:00:00Z'))).toBe(1)
        expect(await salts.listDays()).toEqual(['2024-05-10'])
      })
    })
  })
})
