import type { ClickHouseClient } from '@clickhouse/client'
import { Hono } from 'hono'
import { compileGoalPreview } from '../../goals/compile-goal-preview.ts'
import { type GoalPreviewRow, shapeGoalPreview } from '../../goals/shape-goal-preview.ts'
import { runQuery } from '../../reports/query.ts'
import { reportPeriod } from '../../schema/calendar-day.ts'
import { goalPreviewRequestSchema } from '../../schema/goal-preview.ts'
import { localDay } from '../../schema/zoned-time.ts'
import type { SiteAdmin } from '../../sites/site-admin.ts'
import type { Authenticator } from '../auth.ts'
import { parseInput } from '../parse-query.ts'
import { accessSite, objectBody, storeCall } from '../route-helpers.ts'

export interface GoalPreviewRouteDeps {
  auth: Authenticator
  siteAdmin: SiteAdmin
  events: ClickHouseClient
  now?: () => Date
}

const BODY_BYTES = 64 * 1024

/**
 * `POST /sites/:site/goals/preview {match, from?, to?, interval?}`: what a goal being written
 * would match, as `{events, visitors}`, before it is saved. Needs the site's `read` right.
 */
export function createGoalPreviewRoutes(deps: GoalPreviewRouteDeps) {
  const app = new Hono()
  app.post('/sites/:site/goals/preview', async (c) => {
    const site = await accessSite(deps, c.req.raw, c.req.param('site'), 'read')
    const spec = parseInput(goalPreviewRequestSchema, await objectBody(c.req.raw, BODY_BYTES))
    const today = localDay(site.timezone, (deps.now?.() ?? new Date()).getTime())
    const { from, to } = reportPeriod(spec.from, spec.to, false, today)
    const rows = await storeCall(() =>
      runQuery<GoalPreviewRow>(
        deps.events,
        compileGoalPreview(site.id, site.timezone, spec.match, { from, to }, spec.interval),
      ),
    )
    return c.json(shapeGoalPreview(rows, { from, to }, spec.interval, site.timezone))
  })
  return app
}
