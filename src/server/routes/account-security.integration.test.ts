import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { type BrowserSession, request, signIn } from '../../../test/support/sign-in.ts'
import type { ErrorBody } from '../../schema/app-error.ts'
import type { SiteRole } from '../../schema/choices.ts'
import type { CreatedSite } from '../../sites/site-admin.ts'
import type { Site } from '../../store/meta/sites-repository.ts'

/**
 * What people signed in with the session cookie may do, site by site, and how cookie requests
 * are protected from other sites' pages. Keys keep working as before beside them.
 */
let t: TestStepwise
let siteB: CreatedSite
const as: Record<'viewer' | 'editor' | 'siteAdmin' | 'admin', BrowserSession> = {} as never
const PASSWORD = 'a long password'
const goal = { name: 'Signed up', kind: 'micro', match: { type: 'event', event: 'Signed Up' } }
const funnel = {
  name: 'Sign-up',
  definition: { steps: [{ match: { type: 'page', path: { pattern: '/' } } }, { goal: 'Signed up' }] },
}

const siteA = () => t.site.site.id
const error = (r: { body: unknown }) => (r.body as ErrorBody).error
const anonymous = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  request(t.stepwise.app, method, path, body, headers)

async function personWith(email: string, role: SiteRole | 'instance') {
  const user = await t.stepwise.userAdmin.createUser({
    email,
    password: PASSWORD,
    instanceAdmin: role === 'instance',
  })
  if (role !== 'instance') await t.stepwise.userAdmin.setRole(siteA(), user.id, { role })
  return signIn(t.stepwise.app, email, PASSWORD)
}

beforeAll(async () => {
  t = await openTestStepwise()
  siteB = await t.stepwise.siteAdmin.createSite({ domain: 'b.example.com', name: 'B' })
  as.viewer = await personWith('viewer@example.com', 'viewer')
  as.editor = await personWith('editor@example.com', 'editor')
  as.siteAdmin = await personWith('site-admin@example.com', 'admin')
  as.admin = await personWith('root@example.com', 'instance')
  // Goals on B, so a refusal there is not a 404.
  await t.stepwise.goalAdmin.createGoal(siteB.site.id, goal)
})
afterAll(async () => {
  await t.close()
})

describe('without a session or a key', () => {
  it('answers 401 on every API route but health and the public ones', async () => {
    const a = `/api/v1/sites/${siteA()}`
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/sites'],
      ['POST', '/api/v1/sites', { domain: 'x.example.com' }],
      ['GET', a],
      ['GET', `${a}/keys`],
      ['POST', `${a}/keys`, { kind: 'read' }],
      ['DELETE', `${a}/keys/key_x`],
      ['POST', '/api/v1/admin/migrate'],
      ['GET', `${a}/events`],
      ['GET', `${a}/stats/overview`],
      ['GET', `${a}/reports/rates`],
      ['GET', `${a}/goals`],
      ['POST', `${a}/goals`, goal],
      ['PUT', `${a}/goals/x`, goal],
      ['DELETE', `${a}/goals/x`],
      ['POST', `${a}/goals/import`, { goals: [goal] }],
      ['GET', `${a}/funnels`],
      ['POST', `${a}/funnels`, funnel],
      ['POST', `${a}/reports/funnel`, { definition: funnel.definition }],
      ['POST', `${a}/reports/funnel/people`, { definition: funnel.definition, step: 1 }],
      ['GET', `${a}/visitor-lists`],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { email: 'x@example.com', password: PASSWORD }],
      ['DELETE', '/api/v1/users/x@example.com'],
      ['GET', `${a}/users`],
      ['PUT', `${a}/users/viewer@example.com`, { role: 'admin' }],
      ['GET', '/api/v1/auth/me'],
      ['POST', '/api/v1/auth/logout'],
    ]
    for (const [method, path, body] of routes) {
      const res = await anonymous(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(error(res).details[0]?.field, `${method} ${path}`).toBeTruthy()
    }
    expect((await anonymous('GET', '/api/v1/health')).status).toBe(200)
  })

  it('answers 401 for a made-up or signed-out session cookie', async () => {
    const res = await anonymous('GET', `/api/v1/sites/${siteA()}/goals`, undefined, {
      cookie: 'stepwise_session=made-up',
    })
    expect(res.status).toBe(401)
    expect(error(res)).toMatchObject({ code: 'invalid_session', details: [{ field: 'Cookie' }] })
  })
})

describe('a viewer', () => {
  it('reads site A and nothing of site B', async () => {
    const a = `/api/v1/sites/${siteA()}`
    for (const path of [
      a,
      `${a}/events`,
      `${a}/goals`,
      `${a}/funnels`,
      `${a}/visitor-lists`,
      `${a}/reports/rates`,
    ])
      expect((await as.viewer.call('GET', path)).status, path).toBe(200)

    const b = `/api/v1/sites/${siteB.site.id}`
    for (const path of [b, `${b}/events`, `${b}/goals`, `${b}/goals/Signed%20up`, `${b}/stats/overview`]) {
      const res = await as.viewer.call('GET', path)
      expect(res.status, path).toBe(403)
      expect(error(res).details, path).toEqual([{ field: 'site', reason: 'you have no role on this site' }])
    }
    const sites = await as.viewer.call<{ sites: Site[] }>('GET', '/api/v1/sites')
    expect(sites.body.sites.map((s) => s.id)).toEqual([siteA()])
  })

  it('may not change anything on site A, reports read by POST excepted', async () => {
    const a = `/api/v1/sites/${siteA()}`
    const refused = await as.viewer.call('POST', `${a}/goals`, goal)
    expect(refused.status).toBe(403)
    expect(error(refused)).toMatchObject({
      code: 'forbidden',
      message: 'A site viewer cannot change goals, funnels or visitor lists; that needs an editor or admin',
      details: [{ field: 'role', reason: 'is viewer; needs editor or admin' }],
    })
    expect((await as.viewer.call('POST', `${a}/funnels`, funnel)).status).toBe(403)
    expect((await as.viewer.call('GET', `${a}/keys`)).status).toBe(403)
    expect((await as.viewer.call('GET', `${a}/users`)).status).toBe(403)
    expect((await as.viewer.call('POST', '/api/v1/sites', { domain: 'x.example.com' })).status).toBe(403)

    const report = await as.viewer.call('POST', `${a}/reports/funnel`, {
      definition: { steps: [{ match: { type: 'page', path: { pattern: '/' } } }, { match: goal.match }] },
      from: '2026-11-01',
      to: '2026-11-02',
    })
    expect(report.status).toBe(200)
  })
})

describe('an editor', () => {
  it('creates, changes and deletes goals and funnels, but manages no keys or users', async () => {
    const a = `/api/v1/sites/${siteA()}`
    expect((await as.editor.call('POST', `${a}/goals`, goal)).status).toBe(201)
    expect((await as.editor.call('PUT', `${a}/goals/Signed%20up`, { ...goal, kind: 'macro' })).status).toBe(
      200,
    )
    expect((await as.editor.call('POST', `${a}/funnels`, funnel)).status).toBe(201)
    expect((await as.editor.call('DELETE', `${a}/funnels/Sign-up`)).status).toBe(200)

    const key = await as.editor.call('POST', `${a}/keys`, { kind: 'read' })
    expect(key.status).toBe(403)
    expect(error(key).details).toEqual([{ field: 'role', reason: 'is editor; needs admin' }])
    expect((await as.editor.call('PUT', `${a}/users/viewer@example.com`, { role: 'admin' })).status).toBe(403)
    expect((await as.editor.call('POST', `/api/v1/sites/${siteB.site.id}/goals`, goal)).status).toBe(403)
  })
})

describe('a site admin', () => {
  it("manages the site's keys and users' roles there, and nowhere else", async () => {
    const a = `/api/v1/sites/${siteA()}`
    const key = await as.siteAdmin.call<{ key: string }>('POST', `${a}/keys`, { kind: 'read' })
    expect(key.status).toBe(201)
    expect(key.body.key).toMatch(/^sk_read_/)

    const created = await as.siteAdmin.call('POST', `${a}/users`, {
      email: 'dave@example.com',
      name: 'Dave',
      password: PASSWORD,
      role: 'viewer',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      user: { email: 'dave@example.com', instanceAdmin: false },
      role: 'viewer',
    })
    const dave = await signIn(t.stepwise.app, 'dave@example.com', PASSWORD)
    expect((await dave.call('GET', `${a}/goals`)).status).toBe(200)
    expect((await dave.call('POST', `${a}/goals`, { ...goal, name: 'Dave' })).status).toBe(403)

    const promoted = await as.siteAdmin.call('PUT', `${a}/users/dave@example.com`, { role: 'editor' })
    expect(promoted.body).toMatchObject({ role: 'editor' })
    expect((await dave.call('POST', `${a}/goals`, { ...goal, name: 'Dave' })).status).toBe(201)
    const members = await as.siteAdmin.call<{ users: Array<{ user: { email: string }; role: string }> }>(
      'GET',
      `${a}/users`,
    )
    expect(members.body.users.map((m) => [m.user.email, m.role])).toEqual([
      ['dave@example.com', 'editor'],
      ['editor@example.com', 'editor'],
      ['site-admin@example.com', 'admin'],
      ['viewer@example.com', 'viewer'],
    ])
    const badRole = await as.siteAdmin.call('PUT', `${a}/users/dave@example.com`, { role: 'owner' })
    expect(badRole.status).toBe(400)
    expect(error(badRole).details).toEqual([
      { field: 'role', reason: 'must be one of viewer, editor, admin' },
    ])

    expect((await as.siteAdmin.call('DELETE', `${a}/users/dave@example.com`)).status).toBe(200)
    expect((await dave.call('GET', `${a}/goals`)).status).toBe(403)

    const b = `/api/v1/sites/${siteB.site.id}`
    expect((await as.siteAdmin.call('PUT', `${b}/users/dave@example.com`, { role: 'admin' })).status).toBe(
      403,
    )
    expect((await as.siteAdmin.call('GET', '/api/v1/users')).status).toBe(403)
    expect((await as.siteAdmin.call('DELETE', '/api/v1/users/dave@example.com')).status).toBe(403)
  })
})

describe('an instance administrator', () => {
  it('creates sites and users, and deleting a user ends their sessions', async () => {
    const site = await as.admin.call<CreatedSite>('POST', '/api/v1/sites', { domain: 'c.example.com' })
    expect(site.status).toBe(201)
    expect((await as.admin.call('GET', `/api/v1/sites/${site.body.site.id}/keys`)).status).toBe(200)

    const short = await as.admin.call('POST', '/api/v1/users', {
      email: 'erin@example.com',
      password: 'short',
    })
    expect(short.status).toBe(400)
    expect(error(short)).toMatchObject({
      message: 'password must be at least 10 characters',
      details: [{ field: 'password', reason: 'must be at least 10 characters' }],
    })
    const user = await as.admin.call('POST', '/api/v1/users', {
      email: 'erin@example.com',
      password: PASSWORD,
    })
    expect(user.status).toBe(201)
    const taken = await as.admin.call('POST', '/api/v1/users', {
      email: 'ERIN@example.com',
      password: PASSWORD,
    })
    expect(taken.status).toBe(409)
    expect(error(taken).details).toEqual([{ field: 'email', reason: 'is already taken' }])

    const erin = await signIn(t.stepwise.app, 'erin@example.com', PASSWORD)
    expect((await erin.call<{ sites: Site[] }>('GET', '/api/v1/sites')).body.sites).toEqual([])
    const list = await as.admin.call<{ users: Array<{ email: string }> }>('GET', '/api/v1/users')
    expect(list.body.users.map((u) => u.email)).toContain('erin@example.com')
    expect((await as.admin.call('DELETE', '/api/v1/users/erin@example.com')).status).toBe(200)
    expect((await erin.call('GET', '/api/v1/auth/me')).status).toBe(401)
  })

  it('keeps the last instance administrator', async () => {
    // The local token can do everything, but not delete the last person who can sign in as admin.
    const res = await anonymous('DELETE', '/api/v1/users/root@example.com', undefined, {
      authorization: `Bearer ${t.adminToken}`,
    })
    expect(res.status).toBe(409)
    expect(error(res).details).toEqual([{ field: 'user', reason: 'is the last instance administrator' }])
  })
})

describe('cross-site request forgery', () => {
  const goalsOfA = () => `/api/v1/sites/${siteA()}/goals`

  it('refuses a cookie POST from another origin, even with the right token', async () => {
    const res = await as.editor.call(
      'POST',
      goalsOfA(),
      { ...goal, name: 'Forged' },
      { origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
    expect(error(res)).toMatchObject({
      code: 'csrf_rejected',
      details: [{ field: 'Origin', reason: 'must be http://localhost' }],
    })
  })

  it('refuses a cookie POST, PUT or DELETE without the CSRF token or with another one', async () => {
    const missing = await as.editor.call(
      'POST',
      goalsOfA(),
      { ...goal, name: 'Forged' },
      { 'x-csrf-token': null },
    )
    expect(missing.status).toBe(403)
    expect(error(missing)).toMatchObject({
      code: 'csrf_rejected',
      details: [{ field: 'X-CSRF-Token', reason: 'is required for changes made with a session cookie' }],
    })
    // Without an Origin header (not a browser): the token is still required.
    const noOrigin = await as.editor.call('POST', goalsOfA(), goal, { 'x-csrf-token': null, origin: null })
    expect(noOrigin.status).toBe(403)
    const other = await as.editor.call('POST', goalsOfA(), goal, { 'x-csrf-token': as.viewer.csrfToken })
    expect(error(other).details).toEqual([
      { field: 'X-CSRF-Token', reason: "does not match the session's token" },
    ])
    expect(
      (await as.editor.call('DELETE', `${goalsOfA()}/Signed%20up`, undefined, { 'x-csrf-token': null }))
        .status,
    ).toBe(403)
    expect(
      (await as.editor.call('PUT', `${goalsOfA()}/Signed%20up`, goal, { 'x-csrf-token': null })).status,
    ).toBe(403)
    const goals = await as.editor.call<{ goals: Array<{ name: string }> }>('GET', goalsOfA())
    expect(goals.body.goals.map((g) => g.name)).not.toContain('Forged')
  })

  it('does not ask keys for a CSRF token: a page of another site cannot send them', async () => {
    const res = await anonymous(
      'POST',
      goalsOfA(),
      { ...goal, name: 'By key' },
      {
        authorization: t.bearer,
        origin: 'https://tools.example',
      },
    )
    expect(res.status).toBe(201)
    const readKey = (await t.stepwise.siteAdmin.createKey(siteA(), 'read')).key
    const denied = await anonymous('POST', goalsOfA(), goal, { authorization: `Bearer ${readKey}` })
    expect(error(denied).details).toEqual([{ field: 'Authorization', reason: 'needs an admin key' }])
  })
})
