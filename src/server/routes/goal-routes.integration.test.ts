import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { ErrorBody } from '../../schema/app-error.ts'
import type { Goal } from '../../schema/goal.ts'
import type { GoalImportResult } from '../../sites/goal-admin.ts'

let t: TestStepwise
let readKey: string
let otherAdmin: string
beforeAll(async () => {
  t = await openTestStepwise()
  readKey = `Bearer ${(await t.stepwise.siteAdmin.createKey(t.site.site.id, 'read')).key}`
  otherAdmin = `Bearer ${(await t.stepwise.siteAdmin.createSite({ domain: 'other.example' })).secretKey}`
})
afterAll(async () => {
  await t.close()
})

const INJECTION = `x'); DROP TABLE goals; --`
const signup = {
  name: 'Signed up',
  kind: 'macro',
  match: { type: 'event', event: 'Signed Up', conditions: [{ property: 'plan', op: 'eq', value: 'pro' }] },
  value: { property: 'revenue', currency: 'EUR' },
  counting: 'once_per_visitor',
}
const pricing = {
  name: 'Pricing',
  kind: 'micro',
  match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
}

const goalsPath = (siteId = t.site.site.id) => `/api/v1/sites/${siteId}/goals`
async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = t.bearer,
): Promise<{ status: number; body: T }> {
  const res = await t.stepwise.app.request(path, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as T }
}
const failure = (r: { body: unknown }) => (r.body as ErrorBody).error

describe('goals API', () => {
  it('creates, reads by id and by URL-encoded name, lists, replaces and deletes', async () => {
    const created = await call<{ goal: Goal }>('POST', goalsPath(), signup)
    expect(created.status).toBe(201)
    const goal = created.body.goal
    expect(Object.keys(goal).slice(0, 4)).toEqual(['id', 'siteId', 'createdAt', 'updatedAt'])
    expect(goal).toMatchObject({ ...signup, siteId: t.site.site.id, description: '' })
    expect(goal.match).toEqual({ ...signup.match, where: 'all' })

    expect((await call<{ goal: Goal }>('GET', `${goalsPath()}/${goal.id}`)).body.goal).toEqual(goal)
    const byName = await call<{ goal: Goal }>(
      'GET',
      `${goalsPath()}/${encodeURIComponent('Signed up')}`,
      undefined,
      readKey,
    )
    expect(byName.body.goal).toEqual(goal)
    expect((await call<{ goals: Goal[] }>('GET', goalsPath(), undefined, readKey)).body.goals).toEqual([goal])

    const put = await call<{ goal: Goal }>('PUT', `${goalsPath()}/${goal.id}`, {
      ...pricing,
      name: 'Renamed',
    })
    expect(put.status).toBe(200)
    expect(put.body.goal).toMatchObject({
      id: goal.id,
      name: 'Renamed',
      kind: 'micro',
      createdAt: goal.createdAt,
    })
    expect(put.body.goal).not.toHaveProperty('value')

    const del = await call<{ goal: Goal }>('DELETE', `${goalsPath()}/Renamed`)
    expect(del.body.goal.id).toBe(goal.id)
    expect((await call('GET', `${goalsPath()}/${goal.id}`)).status).toBe(404)
  })

  it('lets the instance admin token read and write any site', async () => {
    const admin = `Bearer ${t.adminToken}`
    const created = await call<{ goal: Goal }>(
      'POST',
      goalsPath(),
      { ...pricing, name: 'By instance' },
      admin,
    )
    expect(created.status).toBe(201)
    expect((await call('DELETE', `${goalsPath()}/${created.body.goal.id}`, undefined, admin)).status).toBe(
      200,
    )
    const unknownSite = await call('GET', goalsPath('site_missing'), undefined, admin)
    expect(unknownSite.status).toBe(404)
    expect(failure(unknownSite).details).toEqual([{ field: 'site', reason: 'not found' }])
  })

  it('answers 401 without a key, 403 for a read key writing or a key of another site', async () => {
    const none = await call('GET', goalsPath(), undefined, null)
    expect(none.status).toBe(401)
    expect(failure(none).code).toBe('missing_key')
    expect((await call('GET', goalsPath(), undefined, 'Bearer sk_read_nope')).status).toBe(401)

    const readerWrites = await call('POST', goalsPath(), pricing, readKey)
    expect(readerWrites.status).toBe(403)
    expect(failure(readerWrites).details[0]?.field).toBe('Authorization')
    expect((await call('POST', `${goalsPath()}/import`, { goals: [pricing] }, readKey)).status).toBe(403)
    expect((await call('DELETE', `${goalsPath()}/Pricing`, undefined, readKey)).status).toBe(403)

    const foreign = await call('GET', goalsPath(), undefined, otherAdmin)
    expect(foreign.status).toBe(403)
    expect(failure(foreign).details[0]?.field).toBe('site')
    expect((await call<{ goals: Goal[] }>('GET', goalsPath())).body.goals.map((g) => g.name)).not.toContain(
      'Pricing',
    )
  })

  it('answers 404 naming the goal and 409 naming the name', async () => {
    const missing = await call('GET', `${goalsPath()}/goal_nope`)
    expect(missing.status).toBe(404)
    expect(failure(missing).details).toEqual([{ field: 'goal', reason: 'not found' }])
    expect((await call('PUT', `${goalsPath()}/goal_nope`, pricing)).status).toBe(404)

    const first = await call<{ goal: Goal }>('POST', goalsPath(), { ...pricing, name: 'Twice' })
    const again = await call('POST', goalsPath(), { ...signup, name: 'Twice' })
    expect(again.status).toBe(409)
    expect(failure(again)).toMatchObject({
      code: 'conflict',
      details: [{ field: 'name', reason: `is already the name of goal ${first.body.goal.id}` }],
    })
    await call('DELETE', `${goalsPath()}/Twice`)
  })

  it('names the field of bad input', async () => {
    const cases: Array<[unknown, string]> = [
      [
        {
          ...signup,
          match: { type: 'event', event: 'x', conditions: [{ property: 'n', op: 'gte', value: 'x' }] },
        },
        'match.conditions.0.value must be a number',
      ],
      [{ ...signup, kind: 'mega' }, 'kind must be micro or macro'],
      [
        { ...signup, counting: 'twice' },
        'counting must be one of once_per_visitor, once_per_session, every_time',
      ],
      [
        { ...pricing, match: { type: 'page', path: { match: 'regex', pattern: '(?=x)' } } },
        'match.path.pattern uses look-around, which the regex engine does not support',
      ],
      [
        { ...signup, value: { fixed: 5, currency: 'euro' } },
        'value.currency must be an ISO 4217 code such as EUR',
      ],
      [[signup], 'body must be a JSON object'],
    ]
    for (const [body, message] of cases) {
      const res = await call('POST', goalsPath(), body)
      expect(res.status, message).toBe(400)
      expect(failure(res).message).toBe(message)
      expect(failure(res).code).toBe('invalid_body')
    }
    const notJson = await call('POST', goalsPath(), '{"name":')
    expect(failure(notJson).code).toBe('invalid_json')
  })

  it('stores injection-looking text verbatim and reaches it by its encoded name', async () => {
    const input = {
      ...signup,
      name: INJECTION,
      description: 'a/b?c#d %2F',
      match: {
        type: 'event',
        event: `'; DELETE FROM sites; --`,
        conditions: [{ property: 'q', op: 'eq', value: "' OR '1'='1" }],
      },
    }
    const created = await call<{ goal: Goal }>('POST', goalsPath(), input)
    expect(created.status).toBe(201)
    expect(created.body.goal).toMatchObject(input)
    const path = `${goalsPath()}/${encodeURIComponent(INJECTION)}`
    expect((await call<{ goal: Goal }>('GET', path)).body.goal).toEqual(created.body.goal)
    const slashName = await call<{ goal: Goal }>('POST', goalsPath(), { ...pricing, name: 'a/b %2F?' })
    const bySlashName = await call<{ goal: Goal }>('GET', `${goalsPath()}/${encodeURIComponent('a/b %2F?')}`)
    expect(bySlashName.body.goal).toEqual(slashName.body.goal)
    expect((await call<{ goal: Goal }>('DELETE', path)).body.goal.name).toBe(INJECTION)
    await call('DELETE', `${goalsPath()}/${slashName.body.goal.id}`)
  })

  it('imports by name in one transaction and reports what changed', async () => {
    const site = (await t.stepwise.siteAdmin.createSite({ domain: 'import.example' })).site.id
    const admin = `Bearer ${t.adminToken}`
    const first = await call<GoalImportResult>(
      'POST',
      `${goalsPath(site)}/import`,
      { goals: [signup, pricing] },
      admin,
    )
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 })

    const second = await call<GoalImportResult>(
      'POST',
      `${goalsPath(site)}/import`,
      { goals: [signup, { ...pricing, kind: 'macro' }, { ...pricing, name: INJECTION }] },
      admin,
    )
    expect(second.body).toMatchObject({ created: 1, updated: 1, unchanged: 1 })
    expect(second.body.goals.map((g) => g.name)).toEqual(['Signed up', 'Pricing', INJECTION])

    const bad = await call(
      'POST',
      `${goalsPath(site)}/import`,
      { goals: [signup, { ...pricing, name: 'New' }, { ...pricing, match: {} }] },
      admin,
    )
    expect(bad.status).toBe(400)
    expect(failure(bad).message).toBe('goals.2.match.type must be one of event, page, engagement, all, any')
    const after = await call<{ goals: Goal[] }>('GET', goalsPath(site), undefined, admin)
    expect(after.body.goals.map((g) => g.name)).toEqual(['Signed up', 'Pricing', INJECTION])

    const noList = await call('POST', `${goalsPath(site)}/import`, {}, admin)
    expect(failure(noList).message).toBe('goals must be a list of goals')
  })
})
