import type { ClickHouseClient } from '@clickhouse/client'
import { Hono } from 'hono'
import { compileEventsList } from '../../reports/events-list/compile-events-list.ts'
import { decodeCursor, eventsListSpecSchema } from '../../reports/events-list/events-list-spec.ts'
import { type EventListRow, shapeEventsList } from '../../reports/events-list/shape-events-list.ts'
import { compileOverview } from '../../reports/overview/compile-overview.ts'
import { overviewSpecSchema } from '../../reports/overview/overview-spec.ts'
import { type OverviewRow, shapeOverview } from '../../reports/overview/shape-overview.ts'
import { runQuery } from '../../reports/query.ts'
import { ratesQuerySchema } from '../../reports/rates/rates-spec.ts'
import { runRates } from '../../reports/rates/run-rates.ts'
import { AppError } from '../../schema/app-error.ts'
import type { Goal } from '../../schema/goal.ts'
import type { SiteAdmin } from '../../sites/site-admin.ts'
import type { Site } from '../../store/meta/sites-repository.ts'
import type { Authenticator } from '../auth.ts'
import { parseInput } from '../parse-query.ts'
import { accessSite, storeCall } from '../route-helpers.ts'

export interface ReadRouteDeps {
  auth: Authenticator
  events: ClickHouseClient
  siteAdmin: SiteAdmin
  /** The site is already resolved by the key, so goals are read without looking it up again. */
  goals: { list(siteId: string): Promise<Goal[]> }
  now?: () => Date
}

/** `/api/v1/sites/:site/…` reads, with the site's `read` right (a viewer or better, a read or admin key). */
export function createReadRoutes(deps: ReadRouteDeps) {
  const app = new Hono()

  const readableSite = (request: Request, siteId: string): Promise<Site> =>
    accessSite(deps, request, siteId, 'read')

  app.get('/sites/:site/events', async (c) => {
    const { id: siteId } = await readableSite(c.req.raw, c.req.param('site'))
    const spec = parseInput(eventsListSpecSchema, c.req.query())
    const cursor = spec.cursor ? decodeCursor(spec.cursor) : null
    if (spec.cursor && !cursor) {
      throw new AppError('invalid_parameter', 'cursor must be a cursor returned by a previous page', [
        { field: 'cursor', reason: 'is not a cursor returned by a previous page' },
      ])
    }
    const rows = await storeCall(() =>
      runQuery<EventListRow>(deps.events, compileEventsList(siteId, spec, cursor)),
    )
    return c.json(shapeEventsList(rows, spec.limit))
  })

  app.get('/sites/:site/stats/overview', async (c) => {
    const site = await readableSite(c.req.raw, c.req.param('site'))
    const siteId = site.id
    const spec = parseInput(overviewSpecSchema, c.req.query())
    const rows = await storeCall(() =>
      runQuery<OverviewRow>(deps.events, compileOverview(siteId, site.timezone, spec)),
    )
    return c.json(shapeOverview(rows, spec, site.timezone))
  })

  app.get('/sites/:site/reports/rates', async (c) => {
    const site = await readableSite(c.req.raw, c.req.param('site'))
    const query = parseInput(ratesQuerySchema, c.req.query())
    const goals = await deps.goals.list(site.id)
    const now = deps.now?.() ?? new Date()
    return c.json(await storeCall(() => runRates(deps.events, { site, goals, query, now })))
  })

  return app
}
