import { Hono } from 'hono'
import { AppError, toErrorBody } from '../schema/app-error.ts'
import { createDashboardApp } from './dashboard-app.ts'
import { type AdminRouteDeps, createAdminRoutes } from './routes/admin-routes.ts'
import { type AuthRouteDeps, createAuthRoutes } from './routes/auth-routes.ts'
import { type CollectRouteDeps, createCollectRoutes } from './routes/collect-routes.ts'
import { createFunnelRoutes, type FunnelRouteDeps } from './routes/funnel-routes.ts'
import { createGoalRoutes, type GoalRouteDeps } from './routes/goal-routes.ts'
import { createReadRoutes, type ReadRouteDeps } from './routes/read-routes.ts'
import { createTrackerRoutes, type TrackerRouteDeps } from './routes/tracker-routes.ts'
import { createUserRoutes, type UserRouteDeps } from './routes/user-routes.ts'

export interface HealthReport {
  status: 'ok' | 'degraded'
  [key: string]: unknown
}

export type AppDeps = CollectRouteDeps &
  ReadRouteDeps &
  AdminRouteDeps &
  GoalRouteDeps &
  FunnelRouteDeps &
  AuthRouteDeps &
  UserRouteDeps &
  TrackerRouteDeps & {
    health: () => Promise<HealthReport>
    log?: (line: string) => void
  }

/** The HTTP app: thin routes over the services, one error shape for everything thrown. */
export function createApp(deps: AppDeps) {
  const app = new Hono()
  app.route('/v1', createCollectRoutes(deps))
  app.get('/api/v1/health', async (c) => {
    const report = await deps.health()
    return c.json(report, report.status === 'ok' ? 200 : 503)
  })
  app.route('/api/v1', createReadRoutes(deps))
  app.route('/api/v1', createAdminRoutes(deps))
  app.route('/api/v1', createGoalRoutes(deps))
  app.route('/api/v1', createFunnelRoutes(deps))
  app.route('/api/v1', createAuthRoutes(deps))
  app.route('/api/v1', createUserRoutes(deps))
  app.route('/', createTrackerRoutes(deps))
  app.route('/', createDashboardApp(deps))
  app.get('/', (c) =>
    c.text('Stepwise is running. Send events to /v1/batch; read them at /api/v1/sites/:site/events.\n'),
  )
  app.notFound((c) => {
    const { status, body } = toErrorBody(
      new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`),
    )
    return c.json(body, status as 404)
  })
  app.onError((err, c) => {
    if (!(err instanceof AppError))
      deps.log?.(`unexpected error on ${c.req.method} ${c.req.path}: ${err.stack ?? err}`)
    const { status, body } = toErrorBody(err)
    const retryAfter = err instanceof AppError ? err.retryAfterSeconds : undefined
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter))
    else if (status === 503) c.header('Retry-After', '5')
    return c.json(body, status as 400)
  })
  return app
}
