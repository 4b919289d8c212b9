import { Hono } from 'hono'
import { AppError } from '../../schema/app-error.ts'
import type { SiteAdmin } from '../../sites/site-admin.ts'
import type { Authenticator } from '../auth.ts'
import { readJsonBody } from '../read-json-body.ts'

export interface AdminRouteDeps {
  auth: Authenticator
  siteAdmin: SiteAdmin
  migrate: () => Promise<{ events: string[]; meta: string[] }>
}

/** Sites and keys. Creating sites needs the instance admin; a site's keys need its admin key. */
export function createAdminRoutes(deps: AdminRouteDeps) {
  const app = new Hono()

  app.get('/sites', async (c) => {
    const p = await deps.auth.principal(c.req.header('authorization'))
    const sites = p.kind === 'instance' ? await deps.siteAdmin.listSites() : [p.resolved.site]
    return c.json({ sites })
  })

  app.post('/sites', async (c) => {
    await deps.auth.requireInstance(c.req.header('authorization'))
    const created = await deps.siteAdmin.createSite(await jsonOrEmpty(c.req.raw))
    return c.json(created, 201)
  })

  app.get('/sites/:site', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.header('authorization'), siteId, ['read', 'admin'])
    return c.json({ site: await deps.siteAdmin.getSite(siteId) })
  })

  app.get('/sites/:site/keys', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.header('authorization'), siteId, ['admin'])
    return c.json({ keys: await deps.siteAdmin.listKeys(siteId) })
  })

  app.post('/sites/:site/keys', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.header('authorization'), siteId, ['admin'])
    const body = await jsonOrEmpty(c.req.raw)
    return c.json(await deps.siteAdmin.createKey(siteId, body.kind, body.label ?? ''), 201)
  })

  app.delete('/sites/:site/keys/:key', async (c) => {
    const siteId = c.req.param('site')
    await deps.auth.requireSite(c.req.header('authorization'), siteId, ['admin'])
    return c.json({ key: await deps.siteAdmin.revokeKey(siteId, c.req.param('key')) })
  })

  app.post('/admin/migrate', async (c) => {
    await deps.auth.requireInstance(c.req.header('authorization'))
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
