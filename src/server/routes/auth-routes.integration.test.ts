import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { browserSession, cookiePair, OWN_ORIGIN, request, signIn } from '../../../test/support/sign-in.ts'
import type { ErrorBody } from '../../schema/app-error.ts'
import type { User } from '../../store/meta/users-repository.ts'

let t: TestStepwise
beforeAll(async () => {
  t = await openTestStepwise()
})
afterAll(async () => {
  await t.close()
})

const PASSWORD = 'a long password'
const call = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string | null>) =>
  request<T>(t.stepwise.app, method, path, body, headers)
const error = (r: { body: unknown }) => (r.body as ErrorBody).error
type Me = { user: User; sites: Array<{ site: { id: string }; role: string }>; csrfToken: string }

describe('first administrator', () => {
  it('is created once with the printed set-up token, and signed in', async () => {
    const first = await t.stepwise.firstStart()
    if (first.kind !== 'setup') throw new Error(`expected a set-up token, got ${first.kind}`)
    const input = { token: first.token, email: 'ada@example.com', name: 'Ada', password: PASSWORD }

    const foreign = await call('POST', '/api/v1/auth/setup', input, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(error(foreign)).toMatchObject({ code: 'csrf_rejected', details: [{ field: 'Origin' }] })

    const res = await call<{ user: User; csrfToken: string }>('POST', '/api/v1/auth/setup', input, {
      origin: OWN_ORIGIN,
    })
    expect(res.status).toBe(201)
    expect(res.body.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', instanceAdmin: true })
    expect(res.body.user).not.toHaveProperty('passwordHash')
    const me = await browserSession(
      t.stepwise.app,
      cookiePair(res.headers.get('set-cookie')),
      res.body.csrfToken,
    ).call<Me>('GET', '/api/v1/auth/me')
    expect(me.body.user.email).toBe('ada@example.com')
    expect(me.body.sites).toEqual([{ site: t.site.site, role: 'admin' }])

    const again = await call('POST', '/api/v1/auth/setup', { ...input, email: 'eve@example.com' })
    expect(again.status).toBe(401)
    expect(error(again)).toMatchObject({ code: 'invalid_setup_token', details: [{ field: 'token' }] })
    expect(await t.stepwise.firstStart()).toEqual({ kind: 'ready' })
  })
})

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie for 14 days and answers the CSRF token', async () => {
    const res = await call<{ user: User; csrfToken: string }>('POST', '/api/v1/auth/login', {
      email: 'ADA@example.com',
      password: PASSWORD,
    })
    expect(res.status).toBe(200)
    expect(res.body.user.email).toBe('ada@example.com')
    expect(res.body.csrfToken).toMatch(/^[0-9A-Za-z]{32}$/)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^stepwise_session=[0-9A-Za-z]{43};/)
    const attributes = cookie.split(/;\s*/).slice(1)
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=1209600', 'Path=/', 'SameSite=Lax'])
  })

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await t.stepwise.app.request('https://stepwise.example/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://stepwise.example' },
      body: JSON.stringify({ email: 'ada@example.com', password: PASSWORD }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/)
  })

  it('answers the same 401 for an unknown address and a wrong password', async () => {
    const unknown = await call('POST', '/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: PASSWORD,
    })
    const wrong = await call('POST', '/api/v1/auth/login', {
      email: 'ada@example.com',
      password: 'wrong password',
    })
    expect([unknown.status, wrong.status]).toEqual([401, 401])
    expect(unknown.body).toEqual(wrong.body)
    expect(unknown.headers.get('set-cookie')).toBeNull()
  })

  it('refuses a sign-in posted by another site', async () => {
    const res = await call(
      'POST',
      '/api/v1/auth/login',
      { email: 'ada@example.com', password: PASSWORD },
      { origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
    expect(error(res).details).toEqual([{ field: 'Origin', reason: `must be ${OWN_ORIGIN}` }])
  })

  it('tells who is signed in, and signs out only with the CSRF token', async () => {
    const browser = await signIn(t.stepwise.app, 'ada@example.com', PASSWORD)
    const me = await browser.call<Me>('GET', '/api/v1/auth/me')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ user: { email: 'ada@example.com' }, csrfToken: browser.csrfToken })

    const forged = await browser.call('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': null })
    expect(forged.status).toBe(403)
    expect(error(forged).details[0]?.field).toBe('X-CSRF-Token')

    const out = await browser.call('POST', '/api/v1/auth/logout')
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toMatch(
      /^stepwise_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/,
    )
    const after = await browser.call('GET', '/api/v1/auth/me')
    expect(after.status).toBe(401)
    expect(error(after)).toMatchObject({ code: 'invalid_session', details: [{ field: 'Cookie' }] })
    expect((await call('GET', '/api/v1/auth/me')).status).toBe(401)
    // A key is not a person: "me" needs the session.
    expect((await call('GET', '/api/v1/auth/me', undefined, { authorization: t.bearer })).status).toBe(401)
  })

  it('changes the password with the current one and the CSRF token', async () => {
    await t.stepwise.userAdmin.createUser({ email: 'bob@example.com', password: PASSWORD })
    const browser = await signIn(t.stepwise.app, 'bob@example.com', PASSWORD)
    const change = { currentPassword: PASSWORD, newPassword: 'a new long password' }
    expect(
      (await browser.call('POST', '/api/v1/auth/password', change, { 'x-csrf-token': null })).status,
    ).toBe(403)
    const res = await browser.call<{ user: User }>('POST', '/api/v1/auth/password', change)
    expect(res.status).toBe(200)
    expect(res.body.user.email).toBe('bob@example.com')
    await signIn(t.stepwise.app, 'bob@example.com', 'a new long password')
  })

  it('answers 429 with Retry-After after too many failed sign-ins for an address', async () => {
    const attempt = () =>
      call('POST', '/api/v1/auth/login', { email: 'carol@example.com', password: 'guess guess' })
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401)
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(error(limited)).toMatchObject({ code: 'rate_limited', details: [{ field: 'email' }] })
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(800)
    expect(retryAfter).toBeLessThanOrEqual(900)
    // Another address is not affected.
    expect((await signIn(t.stepwise.app, 'ada@example.com', PASSWORD)).csrfToken).toHaveLength(32)
  })
})
