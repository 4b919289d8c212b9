import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { createDashboardRoutes } from './routes/dashboard-routes.ts'
import { createGoalPreviewRoutes, type GoalPreviewRouteDeps } from './routes/goal-preview-routes.ts'
import { createOpenApiRoutes } from './routes/openapi-routes.ts'
import { createSetupPageRoutes } from './routes/setup-page-routes.ts'

/** The dashboard as `npm run build:dashboard` writes it. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url))

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version

export type DashboardAppDeps = GoalPreviewRouteDeps & {
  /** Where the built dashboard is; dashboard/dist by default. */
  dashboardDir?: string
  version?: string
}

/**
 * What the web dashboard adds to the server: the goal preview its goal editor calls, the OpenAPI
 * document its API client is typed against, and the built UI itself at `/`, set-up page included
 * (`/setup?token=…`, the link `serve` prints). Without a build, that link opens a small
 * server-rendered set-up page instead, so a server started without `npm start` can still be set up.
 */
export function createDashboardApp(deps: DashboardAppDeps) {
  const app = new Hono()
  app.route('/api/v1', createGoalPreviewRoutes(deps))
  app.route('/api/v1', createOpenApiRoutes({ version: deps.version ?? packageVersion() }))
  app.route('/', createDashboardRoutes({ dashboardDir: deps.dashboardDir ?? DASHBOARD_DIR }))
  app.route('/', createSetupPageRoutes())
  return app
}
