import { Hono } from 'hono'
import type { SiteAction } from '../../accounts/permissions.ts'
import type { GoalAdmin } from '../../sites/goal-admin.ts'
import type { Authenticator } from '../auth.ts'
import { objectBody } from '../route-helpers.ts'

export interface GoalRouteDeps {
  auth: Authenticator
  goalAdmin: GoalAdmin
}

/** One goal is small; an import of many (up to 1,000) may be larger. */
const GOAL_BODY_BYTES = 64 * 1024
const IMPORT_BODY_BYTES = 4 * 1024 * 1024

/**
 * `/api/v1/sites/:site/goals…`: reading needs the site's `read` right (a viewer, a read key),
 * writing its `edit` right (an editor, an admin key). `:goal` is a goal id or its URL-encoded name.
 */
export function createGoalRoutes(deps: GoalRouteDeps) {
  const app = new Hono()
  const allow = (request: Request, siteId: string, action: SiteAction) =>
    deps.auth.requireSite(request, siteId, action)

  app.get('/sites/:site/goals', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'read')
    return c.json({ goals: await deps.goalAdmin.listGoals(siteId) })
  })

  app.post('/sites/:site/goals/import', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'edit')
    const body = await objectBody(c.req.raw, IMPORT_BODY_BYTES)
    return c.json(await deps.goalAdmin.importGoals(siteId, body.goals))
  })

  app.post('/sites/:site/goals', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'edit')
    const goal = await deps.goalAdmin.createGoal(siteId, await objectBody(c.req.raw, GOAL_BODY_BYTES))
    return c.json({ goal }, 201)
  })

  app.get('/sites/:site/goals/:goal', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'read')
    return c.json({ goal: await deps.goalAdmin.getGoal(siteId, c.req.param('goal')) })
  })

  app.put('/sites/:site/goals/:goal', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'edit')
    const body = await objectBody(c.req.raw, GOAL_BODY_BYTES)
    return c.json({ goal: await deps.goalAdmin.updateGoal(siteId, c.req.param('goal'), body) })
  })

  app.delete('/sites/:site/goals/:goal', async (c) => {
    const siteId = c.req.param('site')
    await allow(c.req.raw, siteId, 'edit')
    return c.json({ goal: await deps.goalAdmin.removeGoal(siteId, c.req.param('goal')) })
  })

  return app
}
