import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestMetaDbs } from '../../../test/support/meta-test-db.ts'
import type { GoalDefinition } from '../../schema/goal.ts'
import { createGoalsRepository, isUniqueViolation } from './goals-repository.ts'
import type { MetaDb } from './meta-db.ts'
import { migrateMeta } from './migrate-meta.ts'
import { createSitesRepository } from './sites-repository.ts'

const signup: GoalDefinition = {
  name: 'Signed up',
  kind: 'macro',
  description: '',
  match: {
    type: 'event',
    event: 'Signed Up',
    where: 'all',
    conditions: [
      { property: 'plan', op: 'in', value: ['pro', 'team'] },
      { field: 'utm_source', op: 'eq', value: 'news' },
    ],
  },
  value: { fixed: 49.5, currency: 'EUR' },
  counting: 'once_per_visitor',
}

const pricing: GoalDefinition = {
  name: 'Saw pricing',
  kind: 'micro',
  description: 'Any pricing page',
  match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
  counting: 'once_per_session',
}

describe.each(openTestMetaDbs())('goals repository on $name', (variant) => {
  describe.skipIf(variant.skip)(variant.skip ? 'skipped: no PostgreSQL server in this run' : 'store', () => {
    let db: MetaDb
    beforeAll(async () => {
      db = await variant.open()
      await migrateMeta(db)
    })
    afterAll(async () => {
      await db?.close()
    })

    const newSite = () =>
      createSitesRepository(db).create({ domain: 'goals.example', name: 'Goals', timezone: 'UTC' })

    it('creates, gets by id and by name, lists in creation order, updates and removes', async () => {
      const site = await newSite()
      const goals = createGoalsRepository(db)
      const a = await goals.create(site.id, signup)
      const b = await goals.create(site.id, pricing)

      expect(a.id).toMatch(/^goal_[0-9A-Za-z]{12}$/)
      expect(a).toEqual({
        id: a.id,
        siteId: site.id,
        createdAt: a.createdAt,
        updatedAt: a.createdAt,
        ...signup,
      })
      // Key order of the model survives jsonb, which sorts keys its own way.
      expect(Object.keys(a)).toEqual([
        'id',
        'siteId',
        'createdAt',
        'updatedAt',
        'name',
        'kind',
        'description',
        'match',
        'value',
        'counting',
      ])
      expect(await goals.get(site.id, a.id)).toEqual(a)
      expect(await goals.getByName(site.id, 'Saw pricing')).toEqual(b)
      expect(await goals.getByName(site.id, 'saw pricing')).toBeNull()
      expect((await goals.list(site.id)).map((g) => g.name)).toEqual(['Signed up', 'Saw pricing'])

      const renamed = await goals.update(site.id, a.id, { ...signup, name: 'Signup', counting: 'every_time' })
      expect(renamed).toMatchObject({
        id: a.id,
        name: 'Signup',
        counting: 'every_time',
        createdAt: a.createdAt,
      })
      expect(Date.parse(renamed?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(a.updatedAt))
      expect(await goals.getByName(site.id, 'Signed up')).toBeNull()

      expect(await goals.remove(site.id, b.id)).toEqual(b)
      expect(await goals.remove(site.id, b.id)).toBeNull()
      expect((await goals.list(site.id)).map((g) => g.id)).toEqual([a.id])
    })

    it('lists in creation order, also for goals created within one millisecond', async () => {
      const site = await newSite()
      const names = Array.from({ length: 30 }, (_, i) => `Goal ${(i * 7) % 30}`)
      await db.transaction(async (tx) => {
        const goals = createGoalsRepository(tx)
        for (const name of names) await goals.create(site.id, { ...pricing, name })
      })
      expect((await createGoalsRepository(db).list(site.id)).map((g) => g.name)).toEqual(names)
    })

    it('keeps names unique per site, not across sites', async () => {
      const [one, two] = [await newSite(), await newSite()]
      const goals = createGoalsRepository(db)
      await goals.create(one.id, signup)
      await goals.create(two.id, signup)
      const err = await goals.create(one.id, signup).catch((e: unknown) => e)
      expect(isUniqueViolation(err)).toBe(true)
    })

    it("does not reach another site's goal through its id", async () => {
      const [owner, other] = [await newSite(), await newSite()]
      const goals = createGoalsRepository(db)
      const goal = await goals.create(owner.id, pricing)
      expect(await goals.get(other.id, goal.id)).toBeNull()
      expect(await goals.update(other.id, goal.id, signup)).toBeNull()
      expect(await goals.remove(other.id, goal.id)).toBeNull()
      expect(await goals.get(owner.id, goal.id)).toEqual(goal)
    })

    it('stores quotes, SQL and unusual text verbatim', async () => {
      const site = await newSite()
      const goals = createGoalsRepository(db)
      const name = `x'); DROP TABLE goals; --`
      const odd: GoalDefinition = {
        ...signup,
        name,
        description: 'émoji 🎯 "quoted" \\ backslash $1 \n newline',
        match: {
          type: 'event',
          event: "Robert'); DROP TABLE sites;--",
          where: 'any',
          conditions: [{ property: '$1::jsonb', op: 'eq', value: "' OR 1=1 --" }],
        },
      }
      const created = await goals.create(site.id, odd)
      expect(await goals.getByName(site.id, name)).toEqual(created)
      expect(created).toMatchObject(odd)
      expect((await goals.list(site.id)).map((g) => g.name)).toEqual([name])
    })

    it('goes with its site', async () => {
      const site = await newSite()
      const goals = createGoalsRepository(db)
      await goals.create(site.id, signup)
      await db.query('DELETE FROM sites WHERE id = $1', [site.id])
      expect(await goals.list(site.id)).toEqual([])
    })
  })
})
