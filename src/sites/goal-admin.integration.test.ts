import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestMetaDbs } from '../../test/support/meta-test-db.ts'
import { AppError } from '../schema/app-error.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { migrateMeta } from '../store/meta/migrate-meta.ts'
import { createGoalAdmin, type GoalAdmin } from './goal-admin.ts'
import { createSiteAdmin } from './site-admin.ts'

const signup = {
  name: 'Signed up',
  kind: 'macro',
  match: { type: 'event', event: 'Signed Up' },
  value: { fixed: 10, currency: 'EUR' },
}
const pricing = {
  name: 'Pricing',
  kind: 'micro',
  match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
}
const INJECTION = `x'); DROP TABLE goals; --`

/** The AppError a call rejects with (fails the test when it resolves). */
async function rejection(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
  return err
}

describe.each(openTestMetaDbs())('goal admin on $name', (variant) => {
  describe.skipIf(variant.skip)(variant.skip ? 'skipped: no PostgreSQL server in this run' : 'store', () => {
    let db: MetaDb
    let goals: GoalAdmin
    beforeAll(async () => {
      db = await variant.open()
      await migrateMeta(db)
      goals = createGoalAdmin(db)
    })
    afterAll(async () => {
      await db?.close()
    })
    const newSite = async () =>
      (await createSiteAdmin(db).createSite({ domain: 'goals.example.com', timezone: 'UTC' })).site.id

    it('creates a goal with the defaults filled in, and finds it by id or by name', async () => {
      const site = await newSite()
      const goal = await goals.createGoal(site, signup)
      expect(goal).toMatchObject({
        siteId: site,
        name: 'Signed up',
        kind: 'macro',
        description: '',
        match: { type: 'event', event: 'Signed Up', where: 'all', conditions: [] },
        value: { fixed: 10, currency: 'EUR' },
        counting: 'once_per_visitor',
      })
      expect(await goals.getGoal(site, goal.id)).toEqual(goal)
      expect(await goals.getGoal(site, 'Signed up')).toEqual(goal)
      expect(await goals.listGoals(site)).toEqual([goal])
    })

    it('names the field of a bad goal', async () => {
      const site = await newSite()
      const bad = await rejection(
        goals.createGoal(site, {
          ...signup,
          match: { type: 'event', event: 'x', conditions: [{ property: 'total', op: 'gt', value: 'ten' }] },
        }),
      )
      expect(bad).toMatchObject({ code: 'invalid_body', status: 400 })
      expect(bad.message).toBe('match.conditions.0.value must be a number')
      expect(bad.details[0]).toEqual({ field: 'match.conditions.0.value', reason: 'must be a number' })

      expect((await rejection(goals.createGoal(site, { kind: 'micro', match: signup.match }))).message).toBe(
        'name is required',
      )
      expect((await rejection(goals.createGoal(site, { ...signup, colour: 'red' }))).message).toBe(
        'colour is not a known field',
      )
      expect(
        (await rejection(goals.createGoal(site, { ...signup, value: { fixed: 'x', currency: 'EUR' } })))
          .message,
      ).toBe('value.fixed must be a number')
      expect((await rejection(goals.createGoal(site, { ...signup, match: { type: 'click' } }))).message).toBe(
        'match.type must be one of event, page, engagement, all, any',
      )
      expect(
        (await rejection(goals.createGoal(site, { ...signup, name: 'a\u0000b' }))).details[0]?.field,
      ).toBe('name')
      expect(await goals.listGoals(site)).toEqual([])
    })

    it('answers 404 naming the site or the goal, and 409 naming the name', async () => {
      const site = await newSite()
      expect((await rejection(goals.createGoal('site_missing', signup))).details).toEqual([
        { field: 'site', reason: 'not found' },
      ])
      expect((await rejection(goals.listGoals('site_missing'))).status).toBe(404)
      const missing = await rejection(goals.getGoal(site, 'goal_missing'))
      expect(missing).toMatchObject({ code: 'not_found', details: [{ field: 'goal', reason: 'not found' }] })
      expect((await rejection(goals.removeGoal(site, 'nope'))).details[0]?.field).toBe('goal')
      expect((await rejection(goals.updateGoal(site, 'nope', signup))).details[0]?.field).toBe('goal')

      const first = await goals.createGoal(site, signup)
      const taken = await rejection(goals.createGoal(site, { ...pricing, name: 'Signed up' }))
      expect(taken).toMatchObject({ code: 'conflict', status: 409 })
      expect(taken.details).toEqual([{ field: 'name', reason: `is already the name of goal ${first.id}` }])

      const other = await goals.createGoal(site, pricing)
      const rename = await rejection(goals.updateGoal(site, other.id, { ...pricing, name: 'Signed up' }))
      expect(rename.code).toBe('conflict')
    })

    it('replaces a goal whole, keeping its id, and removes it by name', async () => {
      const site = await newSite()
      const goal = await goals.createGoal(site, signup)
      const replaced = await goals.updateGoal(site, 'Signed up', { ...pricing, name: 'Renamed' })
      expect(replaced).toMatchObject({
        id: goal.id,
        name: 'Renamed',
        kind: 'micro',
        createdAt: goal.createdAt,
      })
      expect(replaced.value).toBeUndefined()
      expect(await goals.removeGoal(site, 'Renamed')).toEqual(replaced)
      expect(await goals.listGoals(site)).toEqual([])
    })

    it('stores an injection-looking name and values verbatim', async () => {
      const site = await newSite()
      const input = {
        ...signup,
        name: INJECTION,
        description: `'; DELETE FROM sites; --`,
        match: {
          type: 'event',
          event: '") OR 1=1 --',
          conditions: [{ property: "a'b", op: 'eq', value: '$1' }],
        },
      }
      const goal = await goals.createGoal(site, input)
      expect(goal).toMatchObject(input)
      expect(await goals.getGoal(site, INJECTION)).toEqual(goal)
      expect((await goals.listGoals(site)).map((g) => g.name)).toEqual([INJECTION])
    })

    it('imports by name: creates, updates, leaves equal goals unchanged, and touches nothing else', async () => {
      const site = await newSite()
      const kept = await goals.createGoal(site, { ...pricing, name: 'Not in the file' })
      const first = await goals.importGoals(site, [signup, pricing])
      expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0 })
      expect(first.goals.map((g) => g.name)).toEqual(['Signed up', 'Pricing'])

      // Defaults given explicitly, keys in another order: still the same goal.
      const same = { counting: 'once_per_visitor', description: '', ...signup }
      const second = await goals.importGoals(site, [
        same,
        { ...pricing, counting: 'every_time' },
        { ...signup, name: 'New' },
      ])
      expect(second).toMatchObject({ created: 1, updated: 1, unchanged: 1 })
      expect(second.goals[0]).toEqual(first.goals[0])
      expect(second.goals[1]).toMatchObject({ id: first.goals[1]?.id, counting: 'every_time' })
      expect((await goals.listGoals(site)).map((g) => g.name)).toEqual([
        'Not in the file',
        'Signed up',
        'Pricing',
        'New',
      ])
      expect(await goals.getGoal(site, kept.id)).toEqual(kept)
    })

    it('imports all or nothing, naming the index and field of the first problem', async () => {
      const site = await newSite()
      const bad = await rejection(
        goals.importGoals(site, [
          signup,
          pricing,
          { ...signup, name: 'Third' },
          { ...signup, name: 'Fourth', match: { type: 'event', event: '' } },
        ]),
      )
      expect(bad.message).toBe('goals.3.match.event must not be empty')
      expect(await goals.listGoals(site)).toEqual([])

      const repeated = await rejection(goals.importGoals(site, [signup, pricing, signup]))
      expect(repeated.message).toBe('goals.2.name repeats the name of goals.0')
      expect((await rejection(goals.importGoals(site, { goals: [] }))).message).toBe(
        'goals must be a list of goals',
      )
      expect((await rejection(goals.importGoals('site_missing', [signup]))).details[0]?.field).toBe('site')
      expect(await goals.importGoals(site, [])).toEqual({ created: 0, updated: 0, unchanged: 0, goals: [] })
    })
  })
})
