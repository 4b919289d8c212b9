import { Hono } from 'hono'
import type { UserAdmin } from '../../accounts/user-admin.ts'
import type { Authenticator } from '../auth.ts'
import { objectBody } from '../route-helpers.ts'

export interface UserRouteDeps {
  auth: Authenticator
  userAdmin: UserAdmin
}

const BODY_BYTES = 16 * 1024

/**
 * `/users…` (every user: instance administrators only) and `/sites/:site/users…` (users' roles
 * on one site: its `manage` right, so a site admin or an admin key). `:user` is a user id or a
 * URL-encoded e-mail address.
 */
export function createUserRoutes(deps: UserRouteDeps) {
  const app = new Hono()

  app.get('/users', async (c) => {
    await deps.auth.requireInstance(c.req.raw)
    return c.json({ users: await deps.userAdmin.listUsers() })
  })
  app.post('/users', async (c) => {
    await deps.auth.requireInstance(c.req.raw)
    const user = await deps.userAdmin.createUser(await objectBody(c.req.raw, BODY_BYTES))
    return c.json({ user }, 201)
  })
  app.delete('/users/:user', async (c) => {
    await deps.auth.requireInstance(c.req.raw)
    return c.json({ user: await deps.userAdmin.deleteUser(c.req.param('user')) })
  })

  app.get('/sites/:site/users', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    return c.json({ users: await deps.userAdmin.siteUsers(siteId) })
  })
  app.post('/sites/:site/users', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    const body = await objectBody(c.req.raw, BODY_BYTES)
    return c.json(await deps.userAdmin.createSiteUser(siteId, body), 201)
  })
  app.put('/sites/:site/users/:user', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    const body = await objectBody(c.req.raw, BODY_BYTES)
    return c.json(await deps.userAdmin.setRole(siteId, c.req.param('user'), body))
  })
  app.delete('/sites/:site/users/:user', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    return c.json(await deps.userAdmin.removeRole(siteId, c.req.param('user')))
  })

  return app
}
