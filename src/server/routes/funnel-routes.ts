import type { ClickHouseClient } from '@clickhouse/client'
import { Hono } from 'hono'
import type { SiteAction } from '../../accounts/permissions.ts'
import { runFunnelPeople } from '../../reports/funnel/funnel-people.ts'
import { runFunnel } from '../../reports/funnel/run-funnel.ts'
import { AppError } from '../../schema/app-error.ts'
import type { Funnel } from '../../schema/funnel.ts'
import { funnelPeopleRequestSchema, funnelReportRequestSchema } from '../../schema/funnel.ts'
import type { Goal } from '../../schema/goal.ts'
import type { FunnelAdmin } from '../../sites/funnel-admin.ts'
import type { SiteAdmin } from '../../sites/site-admin.ts'
import type { VisitorListAdmin } from '../../sites/visitor-list-admin.ts'
import { storable } from '../../store/meta/funnels-repository.ts'
import type { Authenticator } from '../auth.ts'
import { parseInput } from '../parse-query.ts'
import { accessSite, objectBody, storeCall } from '../route-helpers.ts'

export interface FunnelRouteDeps {
  auth: Authenticator
  events: ClickHouseClient
  siteAdmin: SiteAdmin
  funnelAdmin: FunnelAdmin
  visitorListAdmin: VisitorListAdmin
  goals: { list(siteId: string): Promise<Goal[]> }
  now?: () => Date
}

const BODY_BYTES = 256 * 1024

/** A funnel as the API shows it: durations as written (`7d`), so a read can be written back as is. */
const view = (f: Funnel) => ({ ...f, definition: storable(f.definition) })

/**
 * Saved funnels (`/sites/:site/funnels…`, `:funnel` an id or URL-encoded name), funnel reports
 * and their people (`/sites/:site/reports/funnel…`), and saved visitor lists
 * (`/sites/:site/visitor-lists…`). Reading (reports included) needs the site's `read` right,
 * saving and deleting its `edit` right.
 */
export function createFunnelRoutes(deps: FunnelRouteDeps) {
  const app = new Hono()
  const site = (request: Request, siteId: string, action: SiteAction) =>
    accessSite(deps, request, siteId, action)
  const now = () => deps.now?.() ?? new Date()

  app.get('/sites/:site/funnels', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'read')
    return c.json({ funnels: (await deps.funnelAdmin.listFunnels(id)).map(view) })
  })
  app.post('/sites/:site/funnels', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'edit')
    const funnel = await deps.funnelAdmin.createFunnel(id, await objectBody(c.req.raw, BODY_BYTES))
    return c.json({ funnel: view(funnel) }, 201)
  })
  app.get('/sites/:site/funnels/:funnel', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'read')
    return c.json({ funnel: view(await deps.funnelAdmin.getFunnel(id, c.req.param('funnel'))) })
  })
  app.put('/sites/:site/funnels/:funnel', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'edit')
    const body = await objectBody(c.req.raw, BODY_BYTES)
    return c.json({ funnel: view(await deps.funnelAdmin.updateFunnel(id, c.req.param('funnel'), body)) })
  })
  app.delete('/sites/:site/funnels/:funnel', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'edit')
    return c.json({ funnel: view(await deps.funnelAdmin.removeFunnel(id, c.req.param('funnel'))) })
  })

  app.post('/sites/:site/reports/funnel', async (c) => {
    const s = await site(c.req.raw, c.req.param('site'), 'read')
    const request = parseInput(funnelReportRequestSchema, await objectBody(c.req.raw, BODY_BYTES))
    const { funnel, definition, visitorListId } = await deps.funnelAdmin.resolve(s.id, request)
    const goals = await deps.goals.list(s.id)
    const result = await storeCall(() =>
      runFunnel(deps.events, {
        site: s,
        definition,
        goals,
        from: request.from,
        to: request.to,
        interval: request.interval,
        compare: request.compare,
        breakdownLimit: request.breakdownLimit,
        now: now(),
        visitorListId,
      }),
    )
    return c.json({ funnel: funnel ? { id: funnel.id, name: funnel.name } : null, ...result })
  })

  app.post('/sites/:site/reports/funnel/people', async (c) => {
    const s = await site(c.req.raw, c.req.param('site'), 'read')
    const request = parseInput(funnelPeopleRequestSchema, await objectBody(c.req.raw, BODY_BYTES))
    const { funnel, definition, visitorListId } = await deps.funnelAdmin.resolve(s.id, request)
    const goals = await deps.goals.list(s.id)
    const page = await storeCall(() =>
      runFunnelPeople(deps.events, {
        site: s,
        definition,
        goals,
        from: request.from,
        to: request.to,
        now: now(),
        visitorListId,
        filter: { step: request.step, status: request.status },
        limit: request.limit,
        cursor: request.cursor,
        events: request.events,
      }),
    )
    return c.json({ funnel: funnel ? { id: funnel.id, name: funnel.name } : null, ...page })
  })

  app.get('/sites/:site/visitor-lists', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'read')
    return c.json({ visitorLists: await deps.visitorListAdmin.listLists(id) })
  })
  app.post('/sites/:site/visitor-lists', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'edit')
    const body = await objectBody(c.req.raw, BODY_BYTES)
    return c.json({ visitorList: await deps.visitorListAdmin.saveFromFunnel(id, body) }, 201)
  })
  app.get('/sites/:site/visitor-lists/:list', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'read')
    return c.json({ visitorList: await deps.visitorListAdmin.getList(id, c.req.param('list')) })
  })
  app.get('/sites/:site/visitor-lists/:list/members', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'read')
    const { format, limit, cursor } = c.req.query()
    if (format !== undefined && format !== 'json' && format !== 'csv')
      throw new AppError('invalid_parameter', 'format must be json or csv', [
        { field: 'format', reason: 'must be json or csv' },
      ])
    if (format === 'csv') {
      const { list, body } = await storeCall(() => deps.visitorListAdmin.membersCsv(id, c.req.param('list')))
      return new Response(body, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${list.id}.csv"`,
        },
      })
    }
    const size = limit === undefined ? 100 : Number(limit)
    if (!Number.isInteger(size) || size < 1 || size > 1000)
      throw new AppError('invalid_parameter', 'limit must be a whole number from 1 to 1000', [
        { field: 'limit', reason: 'must be a whole number from 1 to 1000' },
      ])
    if (cursor !== undefined && !/^\d{1,20}$/.test(cursor))
      throw new AppError('invalid_parameter', 'cursor must be a cursor returned by a previous page', [
        { field: 'cursor', reason: 'is not a cursor returned by a previous page' },
      ])
    const page = await storeCall(() => deps.visitorListAdmin.members(id, c.req.param('list'), size, cursor))
    return c.json({ visitorList: page.list, members: page.members, nextCursor: page.nextCursor })
  })
  app.delete('/sites/:site/visitor-lists/:list', async (c) => {
    const { id } = await site(c.req.raw, c.req.param('site'), 'edit')
    return c.json({
      visitorList: await storeCall(() => deps.visitorListAdmin.removeList(id, c.req.param('list'))),
    })
  })

  return app
}
