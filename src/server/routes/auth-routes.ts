import { Hono } from 'hono'
import type { SessionService, SignedIn } from '../../accounts/session-service.ts'
import type { UserAdmin } from '../../accounts/user-admin.ts'
import type { Authenticator } from '../auth.ts'
import { clientIp } from '../client-ip.ts'
import { checkOrigin } from '../csrf.ts'
import { objectBody } from '../route-helpers.ts'
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts'

export interface AuthRouteDeps {
  auth: Authenticator
  sessions: SessionService
  userAdmin: Pick<UserAdmin, 'sitesOf'>
  trustProxy: boolean
}

const BODY_BYTES = 16 * 1024

/**
 * `/api/v1/auth/…`: set-up of the first administrator, sign-in and sign-out, the signed-in
 * user, their password. Set-up and sign-in have no session (so no CSRF token) yet, but another
 * site's page may still not post them: a foreign `Origin` is refused.
 */
export function createAuthRoutes(deps: AuthRouteDeps) {
  const app = new Hono()
  const signedIn = (c: Parameters<typeof setSessionCookie>[0], s: SignedIn) => {
    setSessionCookie(c, s.token, deps.trustProxy)
    return { user: s.user, csrfToken: s.csrfToken }
  }

  app.post('/auth/setup', async (c) => {
    checkOrigin(c.req.raw, deps.trustProxy)
    const signed = await deps.sessions.setup(await objectBody(c.req.raw, BODY_BYTES))
    return c.json(signedIn(c, signed), 201)
  })

  app.post('/auth/login', async (c) => {
    checkOrigin(c.req.raw, deps.trustProxy)
    const body = await objectBody(c.req.raw, BODY_BYTES)
    const signed = await deps.sessions.login(body, clientIp(c, deps.trustProxy))
    return c.json(signedIn(c, signed))
  })

  app.post('/auth/logout', async (c) => {
    const p = await deps.auth.requireUser(c.req.raw)
    await deps.sessions.logout(p.tokenHash)
    clearSessionCookie(c, deps.trustProxy)
    return c.json({ signedOut: true })
  })

  app.get('/auth/me', async (c) => {
    const p = await deps.auth.requireUser(c.req.raw)
    return c.json({
      user: p.user,
      sites: await deps.userAdmin.sitesOf(p.user),
      csrfToken: p.session.csrfToken,
    })
  })

  app.post('/auth/password', async (c) => {
    const p = await deps.auth.requireUser(c.req.raw)
    const body = await objectBody(c.req.raw, BODY_BYTES)
    return c.json({ user: await deps.sessions.changePassword(p, body, clientIp(c, deps.trustProxy)) })
  })

  return app
}
