import { Hono } from 'hono'
import type { UserAdmin } from '../../accounts/user-admin.ts'
import { AppError } from '../../schema/app-error.ts'
import type { SiteAdmin } from '../../sites/site-admin.ts'
import type { Authenticator } from '../auth.ts'
import { readJsonBody } from '../read-json-body.ts'

export interface AdminRouteDeps {
  auth: Authenticator
  siteAdmin: SiteAdmin
  userAdmin: Pick<UserAdmin, 'sitesOf'>
  migrate: () => Promise<{ events: string[]; meta: string[] }>
}

/**
 * Sites and keys. Creating sites needs an instance administrator; a site's keys need its `manage`
 * right (a site admin, an admin key).
 */
export function createAdminRoutes(deps: AdminRouteDeps) {
  const app = new Hono()

  app.get('/sites', async (c) => {
    const p = await deps.auth.principal(c.req.raw)
    if (p.kind === 'key') return c.json({ sites: [p.resolved.site] })
    // A person sees the sites they have a role on (all of them as an instance administrator).
    if (p.kind === 'user') return c.json({ sites: (await deps.userAdmin.sitesOf(p.user)).map((a) => a.site) })
    return c.json({ sites: await deps.siteAdmin.listSites() })
  })

  app.post('/sites', async (c) => {
    await deps.auth.requireInstance(c.req.raw)
    const created = await deps.siteAdmin.createSite(await jsonOrEmpty(c.req.raw))
    return c.json(created, 201)
  })

  app.get('/sites/:site', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'read')
    return c.json({ site: await deps.siteAdmin.getSite(siteId) })
  })

  app.get('/sites/:site/keys', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    return c.json({ keys: await deps.siteAdmin.listKeys(siteId) })
  })

  app.post('/sites/:site/keys', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    const body = await jsonOrEmpty(c.req.raw)
    return c.json(await deps.siteAdmin.createKey(siteId, body.kind, body.label ?? ''), 201)
  })

  app.delete('/sites/:site/keys/:key', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.raw, siteId, 'manage')
    return c.json({ key: await deps.siteAdmin.revokeKey(siteId, c.req.param('key')) })
  })

  app.post('/admin/migrate', async (c) => {
    await deps.auth.requireInstance(c.req.raw)
    return c.json({ applied: await deps.migrate() })
  })

  return app
}

async function jsonOrEmpty(request: Request): Promise<Record<string, unknown>> {
  if (request.headers.get('content-length') === '0') return {}
  const { value } = await readJsonBody(request, 64 * 1024)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid_body', 'The body must be a JSON object', [
      { field: 'body', reason: 'must be an object' },
    ])
  }
  return value as Record<string, unknown>
}
