import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openTestMetaDbs } from '../../test/support/meta-test-db.ts'
import { AppError } from '../schema/app-error.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { migrateMeta } from '../store/meta/migrate-meta.ts'
import { createLoginLimiter } from './login-limiter.ts'
import { prepareFirstStart, SETUP_TOKEN_TTL_MS } from './prepare-first-start.ts'
import { createSessionService, SESSION_TTL_MS } from './session-service.ts'
import { createUserAdmin } from './user-admin.ts'

const T0 = new Date('2026-11-20T10:00:00.000Z')
const PASSWORD = 'a long password'

/** The AppError a call rejects with (fails the test when it resolves). */
async function rejection(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
  return err
}

describe.each(openTestMetaDbs())('accounts on $name', (variant) => {
  describe.skipIf(variant.skip)(variant.skip ? 'skipped: no PostgreSQL server in this run' : 'store', () => {
    const opened: MetaDb[] = []
    /** A new, empty store: first starts need one without users. */
    const freshDb = async () => {
      const db = await variant.open()
      opened.push(db)
      await migrateMeta(db)
      return db
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((db) => db.close()))
    })
    const clock = (start = T0) => {
      let t = start.getTime()
      return { now: () => new Date(t), advance: (ms: number) => (t += ms) }
    }

    describe('first start', () => {
      it('creates the administrator named by the environment, once, who can then sign in', async () => {
        const db = await freshDb()
        const admin = { email: 'Ada@Example.com', password: PASSWORD }
        const first = await prepareFirstStart({ db, admin, now: T0 })
        expect(first).toMatchObject({
          kind: 'created',
          user: { email: 'Ada@Example.com', instanceAdmin: true },
        })
        // A later start with other values changes nobody's password.
        expect(await prepareFirstStart({ db, admin: { ...admin, password: 'another password' } })).toEqual({
          kind: 'ready',
        })
        const signedIn = await createSessionService({ db }).login(
          { email: 'ada@example.com', password: PASSWORD },
          '',
        )
        expect(signedIn.user.email).toBe('Ada@Example.com')
      })

      it('without the environment, makes a set-up token that creates the administrator once', async () => {
        const db = await freshDb()
        const first = await prepareFirstStart({ db, admin: null, now: T0 })
        if (first.kind !== 'setup') throw new Error(`expected a set-up token, got ${first.kind}`)
        expect(first.expiresAt).toEqual(new Date(T0.getTime() + SETUP_TOKEN_TTL_MS))
        expect(first.token).toMatch(/^[0-9A-Za-z]{43}$/)

        const c = clock(new Date(T0.getTime() + 3600_000))
        const sessions = createSessionService({ db, now: c.now })
        const input = { token: first.token, email: 'ada@example.com', name: 'Ada', password: PASSWORD }
        const short = await rejection(sessions.setup({ ...input, password: 'short' }))
        expect(short).toMatchObject({ status: 400, message: 'password must be at least 10 characters' })
        expect(short.details).toEqual([{ field: 'password', reason: 'must be at least 10 characters' }])

        const signedIn = await sessions.setup(input)
        expect(signedIn.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', instanceAdmin: true })
        expect(signedIn.expiresAt).toEqual(new Date(c.now().getTime() + SESSION_TTL_MS))
        expect((await sessions.resolve(signedIn.token))?.user.id).toBe(signedIn.user.id)

        const again = await rejection(sessions.setup({ ...input, email: 'eve@example.com' }))
        expect(again).toMatchObject({ code: 'invalid_setup_token', status: 401 })
        expect(again.details).toEqual([{ field: 'token', reason: 'is not known, already used or expired' }])
        expect(await prepareFirstStart({ db, admin: null })).toEqual({ kind: 'ready' })
        expect((await createUserAdmin({ db }).listUsers()).map((u) => u.email)).toEqual(['ada@example.com'])
      })

      it('refuses a set-up token after 24 hours, and every printed token once one was used', async () => {
        const db = await freshDb()
        const first = await prepareFirstStart({ db, admin: null, now: T0 })
        const second = await prepareFirstStart({ db, admin: null, now: new Date(T0.getTime() + 1000) })
        if (first.kind !== 'setup' || second.kind !== 'setup') throw new Error('expected set-up tokens')
        const input = { email: 'ada@example.com', password: PASSWORD }

        const expired = createSessionService({ db, now: () => new Date(T0.getTime() + SETUP_TOKEN_TTL_MS) })
        expect((await rejection(expired.setup({ ...input, token: first.token }))).code).toBe(
          'invalid_setup_token',
        )

        const inTime = createSessionService({ db, now: () => new Date(T0.getTime() + SETUP_TOKEN_TTL_MS) })
        expect((await inTime.setup({ ...input, token: second.token })).user.email).toBe('ada@example.com')
        expect((await rejection(inTime.setup({ ...input, token: first.token }))).code).toBe(
          'invalid_setup_token',
        )
        expect((await rejection(inTime.setup({ ...input, token: 'made-up' }))).code).toBe(
          'invalid_setup_token',
        )
      })
    })

    describe('signing in', () => {
      let db: MetaDb
      beforeAll(async () => {
        db = await variant.open()
        await migrateMeta(db)
        await prepareFirstStart({ db, admin: { email: 'ada@example.com', password: PASSWORD } })
      })
      afterAll(async () => {
        await db?.close()
      })

      it('gives one error for an unknown address and for a wrong password', async () => {
        const sessions = createSessionService({ db })
        const unknown = await rejection(
          sessions.login({ email: 'nobody@example.com', password: PASSWORD }, ''),
        )
        const wrong = await rejection(
          sessions.login({ email: 'ada@example.com', password: `${PASSWORD}!` }, ''),
        )
        expect(unknown).toMatchObject({ code: 'invalid_credentials', status: 401 })
        expect([wrong.code, wrong.message, wrong.details]).toEqual([
          unknown.code,
          unknown.message,
          unknown.details,
        ])
        expect(unknown.details[0]?.field).toBe('password')
      })

      it('opens a session for 14 days with its own CSRF token, and signs out', async () => {
        const c = clock()
        const sessions = createSessionService({ db, now: c.now })
        const a = await sessions.login({ email: ' ADA@example.com', password: PASSWORD }, '10.0.0.1')
        const b = await sessions.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.1')
        expect(a.token).not.toBe(b.token)
        expect(a.csrfToken).not.toBe(b.csrfToken)
        const active = await sessions.resolve(a.token)
        expect(active?.session).toMatchObject({
          csrfToken: a.csrfToken,
          expiresAt: a.expiresAt.toISOString(),
        })
        await sessions.logout(active?.tokenHash ?? '')
        expect(await sessions.resolve(a.token)).toBeNull()
        expect(await sessions.resolve(b.token)).not.toBeNull()
        c.advance(SESSION_TTL_MS)
        expect(await sessions.resolve(b.token)).toBeNull()
      })

      it('refuses every attempt for an address after too many failures, the right password too', async () => {
        const c = clock()
        const limiter = createLoginLimiter({ windowMs: 60_000, perEmail: 3, perIp: 100 }, () =>
          c.now().getTime(),
        )
        const sessions = createSessionService({ db, limiter, now: c.now })
        for (let i = 0; i < 3; i++) {
          const e = await rejection(
            sessions.login({ email: 'ada@example.com', password: 'wrong guess' }, '10.0.0.7'),
          )
          expect(e.code).toBe('invalid_credentials')
        }
        const limited = await rejection(
          sessions.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.8'),
        )
        expect(limited).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 60 })
        expect(limited.details[0]?.field).toBe('email')
        c.advance(60_000)
        expect(
          (await sessions.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.8')).user.email,
        ).toBe('ada@example.com')
      })

      it('changes a password with the current one, ending the other sessions', async () => {
        const users = createUserAdmin({ db })
        await users.createUser({ email: 'bob@example.com', password: PASSWORD })
        const sessions = createSessionService({ db })
        const here = await sessions.login({ email: 'bob@example.com', password: PASSWORD }, '')
        const elsewhere = await sessions.login({ email: 'bob@example.com', password: PASSWORD }, '')
        const active = await sessions.resolve(here.token)
        if (!active) throw new Error('no session')

        const wrong = await rejection(
          sessions.changePassword(
            active,
            { currentPassword: 'not it at all', newPassword: 'new password 1' },
            '',
          ),
        )
        expect(wrong).toMatchObject({ status: 400, details: [{ field: 'currentPassword' }] })
        const short = await rejection(
          sessions.changePassword(active, { currentPassword: PASSWORD, newPassword: 'x' }, ''),
        )
        expect(short.details).toEqual([{ field: 'newPassword', reason: 'must be at least 10 characters' }])

        await sessions.changePassword(
          active,
          { currentPassword: PASSWORD, newPassword: 'new password 1' },
          '',
        )
        expect(await sessions.resolve(here.token)).not.toBeNull()
        expect(await sessions.resolve(elsewhere.token)).toBeNull()
        expect(
          (await rejection(sessions.login({ email: 'bob@example.com', password: PASSWORD }, ''))).code,
        ).toBe('invalid_credentials')
        expect(
          (await sessions.login({ email: 'bob@example.com', password: 'new password 1' }, '')).user.email,
        ).toBe('bob@example.com')
      })
    })
  })
})
