import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestMetaDbs } from '../../../test/support/meta-test-db.ts'
import { isUniqueViolation } from './goals-repository.ts'
import type { MetaDb } from './meta-db.ts'
import { migrateMeta } from './migrate-meta.ts'
import { sha256Hex } from './random-token.ts'
import { createSessionsRepository } from './sessions-repository.ts'
import { createSetupTokensRepository } from './setup-tokens-repository.ts'
import { createSiteRolesRepository } from './site-roles-repository.ts'
import { createSitesRepository } from './sites-repository.ts'
import { createUsersRepository } from './users-repository.ts'

const T0 = new Date('2026-11-20T10:00:00.000Z')
const later = (ms: number) => new Date(T0.getTime() + ms)
let emails = 0
const newEmail = () => `person${++emails}@example.com`

describe.each(openTestMetaDbs())('accounts store on $name', (variant) => {
  describe.skipIf(variant.skip)(variant.skip ? 'skipped: no PostgreSQL server in this run' : 'store', () => {
    let db: MetaDb
    beforeAll(async () => {
      db = await variant.open()
      await migrateMeta(db)
    })
    afterAll(async () => {
      await db?.close()
    })
    const newUser = (email = newEmail(), instanceAdmin = false) =>
      createUsersRepository(db).create({ email, name: 'Ada', passwordHash: 'scrypt$x', instanceAdmin }, T0)
    const newSite = () =>
      createSitesRepository(db).create({ domain: 'a.example', name: 'A', timezone: 'UTC' })

    it('keeps e-mail addresses unique whatever their case, and finds users by either', async () => {
      const users = createUsersRepository(db)
      const email = newEmail()
      const ada = await newUser(email.replace('person', 'Person'))
      expect(ada).toMatchObject({ name: 'Ada', instanceAdmin: false, createdAt: T0.toISOString() })
      expect(ada).not.toHaveProperty('passwordHash')
      const taken = await newUser(email.toUpperCase()).catch((e: unknown) => e)
      expect(isUniqueViolation(taken)).toBe(true)
      expect(await users.find(email.toUpperCase())).toEqual(ada)
      expect(await users.find(ada.id)).toEqual(ada)
      expect((await users.findByEmailWithHash(email))?.passwordHash).toBe('scrypt$x')
      expect(await users.findByEmailWithHash(ada.id)).toBeNull()
    })

    it('gives one role per user and site, lists both ways, and forgets roles with the user', async () => {
      const roles = createSiteRolesRepository(db)
      const [site, other] = [await newSite(), await newSite()]
      const user = await newUser()
      await roles.set(user.id, site.id, 'viewer')
      await roles.set(user.id, site.id, 'editor')
      await roles.set(user.id, other.id, 'admin')
      expect(await roles.roleOn(user.id, site.id)).toBe('editor')
      expect(await roles.ofUser(user.id)).toEqual([
        { siteId: site.id, role: 'editor' },
        { siteId: other.id, role: 'admin' },
      ])
      expect(await roles.ofSite(site.id)).toEqual([{ user, role: 'editor' }])
      expect(await roles.remove(user.id, site.id)).toBe('editor')
      expect(await roles.remove(user.id, site.id)).toBeNull()
      await createUsersRepository(db).remove(user.id)
      expect(await roles.ofSite(other.id)).toEqual([])
    })

    it('finds a session by its token hash until it expires, and ends it with its user', async () => {
      const sessions = createSessionsRepository(db)
      const user = await newUser()
      const tokenHash = sha256Hex(`token-${user.id}`)
      await sessions.create({
        tokenHash,
        userId: user.id,
        csrfToken: 'csrf-1',
        now: T0,
        expiresAt: later(120_000),
      })
      const found = await sessions.findActive(tokenHash, later(30_000))
      expect(found?.user).toEqual(user)
      expect(found?.session).toMatchObject({
        userId: user.id,
        csrfToken: 'csrf-1',
        createdAt: T0.toISOString(),
      })
      // The last-seen time is written at most once a minute.
      expect(found?.session.lastSeenAt).toBe(T0.toISOString())
      const again = await sessions.findActive(tokenHash, later(61_000))
      expect(again?.session.lastSeenAt).toBe(later(61_000).toISOString())
      expect(await sessions.findActive(tokenHash, later(120_000))).toBeNull()
      expect(await sessions.findActive(sha256Hex('other'), T0)).toBeNull()

      const second = sha256Hex(`second-${user.id}`)
      await sessions.create({
        tokenHash: second,
        userId: user.id,
        csrfToken: 'c',
        now: T0,
        expiresAt: later(1e9),
      })
      await createUsersRepository(db).remove(user.id)
      expect(await sessions.findActive(second, T0)).toBeNull()
    })

    it('ends every session of a user but the one kept', async () => {
      const sessions = createSessionsRepository(db)
      const user = await newUser()
      const hashes = ['a', 'b', 'c'].map((x) => sha256Hex(`${x}-${user.id}`))
      for (const tokenHash of hashes)
        await sessions.create({ tokenHash, userId: user.id, csrfToken: 'c', now: T0, expiresAt: later(1e9) })
      expect(await sessions.removeForUser(user.id, hashes[0])).toBe(2)
      expect(await sessions.findActive(hashes[0] ?? '', T0)).not.toBeNull()
      expect(await sessions.findActive(hashes[1] ?? '', T0)).toBeNull()
    })

    it('uses set-up tokens once, and never after they expire', async () => {
      const tokens = createSetupTokensRepository(db)
      const [a, b, old] = ['a', 'b', 'old'].map((x) => sha256Hex(`setup-${x}-${variant.name}`))
      await tokens.create(a ?? '', T0, later(1000))
      await tokens.create(b ?? '', T0, later(1000))
      await tokens.create(old ?? '', T0, later(10))
      expect(await tokens.isUsable(old ?? '', later(10))).toBe(false)
      expect(await tokens.consumeAll(old ?? '', later(10))).toBe(false)
      expect(await tokens.isUsable(a ?? '', later(10))).toBe(true)
      // Using one uses up every printed token: there is only one first administrator.
      expect(await tokens.consumeAll(a ?? '', later(10))).toBe(true)
      expect(await tokens.consumeAll(a ?? '', later(11))).toBe(false)
      expect(await tokens.isUsable(b ?? '', later(11))).toBe(false)
    })
  })
})
