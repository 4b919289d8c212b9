import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  createSessionService,
  createUserAdmin,
  type FirstStart,
  prepareFirstStart,
} from '../accounts/index.ts'
import type { Config } from '../config.ts'
import {
  createCampaignStep,
  createDedupRegistry,
  createIdentityStep,
  createIngestPipeline,
  createIngestService,
  createPiiStep,
  createSaltCache,
  createSessionStep,
  createSessionTracker,
  createUserAgentStep,
} from '../ingest/index.ts'
import { createFunnelAdmin } from '../sites/funnel-admin.ts'
import { createGoalAdmin } from '../sites/goal-admin.ts'
import { createSiteAdmin } from '../sites/site-admin.ts'
import { createVisitorListAdmin } from '../sites/visitor-list-admin.ts'
import {
  createEventsClient,
  createEventWriter,
  migrateEvents,
  seedFromEvents,
} from '../store/events/index.ts'
import {
  createGoalsRepository,
  createKeysRepository,
  createMetaDb,
  createSaltsRepository,
  createSitesRepository,
  type MetaDb,
  migrateMeta,
} from '../store/meta/index.ts'
import { createAuthenticator } from './auth.ts'
import { createApp, type HealthReport } from './create-app.ts'
import { createKeyResolver } from './key-resolver.ts'

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** The browser tracker as `npm run build:tracker` writes it. */
export const TRACKER_PATH = fileURLToPath(new URL('../../tracker/dist/s.js', import.meta.url))

export interface OpenOptions {
  config: Config
  /** Token of the local instance administrator (the CLI reads it from the lock file). */
  adminToken: string | null
  log?: (line: string) => void
}

/** Opens both stores, applies migrations, restores ingest state and builds the HTTP app. */
export async function openStepwise(options: OpenOptions) {
  const { config } = options
  const log = options.log ?? (() => undefined)
  const startedAt = Date.now()
  const meta = await createMetaDb({ url: config.databaseUrl, dataDir: config.dataDir })
  const events = createEventsClient({ server: config.clickhouse, dataDir: config.dataDir })
  try {
    const migrate = async () => ({
      events: await migrateEvents(events.client),
      meta: await migrateMeta(meta),
    })
    await migrate()

    const dedup = createDedupRegistry()
    const sessions = createSessionTracker()
    const seed = await seedFromEvents(events.client, Date.now())
    dedup.seed(seed.messageIds)
    sessions.seed(seed.sessions)

    const salts = createSaltCache(createSaltsRepository(meta))
    const pipeline = createIngestPipeline([
      createUserAgentStep({ keepBots: config.keepBots }),
      createCampaignStep(),
      createPiiStep({ defaultCountry: config.defaultCountry }),
      createIdentityStep({ salts, sessions }),
      createSessionStep({ sessions }),
    ])
    const writer = createEventWriter({
      client: events.client,
      maxRows: config.flushMaxRows,
      maxDelayMs: config.flushIntervalMs,
    })
    const ingest = createIngestService({ pipeline, dedup, writer, salts })
    const resolver = createKeyResolver({
      keys: createKeysRepository(meta),
      sites: createSitesRepository(meta),
    })
    const baseAdmin = createSiteAdmin(meta)
    const siteAdmin: typeof baseAdmin = {
      ...baseAdmin,
      // A revoked key stops working at once in this process (other nodes: within the cache TTL).
      async revokeKey(siteId, keyId) {
        const revoked = await baseAdmin.revokeKey(siteId, keyId)
        resolver.forget()
        return revoked
      },
    }
    const userAdmin = createUserAdmin({ db: meta })
    const sessionService = createSessionService({ db: meta })
    const auth = createAuthenticator({
      resolver,
      adminToken: options.adminToken,
      sessions: sessionService,
      roles: userAdmin,
      trustProxy: config.trustProxy,
    })
    const goalAdmin = createGoalAdmin(meta)
    const funnelAdmin = createFunnelAdmin(meta)
    const visitorListAdmin = createVisitorListAdmin({ meta, events: events.client, funnelAdmin })
    const sweep = setInterval(() => sessions.sweep(Date.now()), 60_000)
    sweep.unref()

    const health = async (): Promise<HealthReport> => {
      const [eventsOk, metaOk] = await Promise.all([
        events.client.ping().then(
          (r) => r.success,
          () => false,
        ),
        meta.query('SELECT 1 AS ok').then(
          () => true,
          () => false,
        ),
      ])
      const totals = ingest.totals()
      return {
        status: eventsOk && metaOk ? 'ok' : 'degraded',
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        stores: {
          events: { kind: events.kind, ok: eventsOk },
          meta: { kind: meta.kind, ok: metaOk },
        },
        ingest: {
          steps: pipeline.steps,
          accepted: totals.accepted,
          duplicates: pipeline.dropCounts().duplicate,
          rejected: totals.rejected,
          dropped: pipeline.dropCounts(),
          writer: writer.stats(),
        },
      }
    }

    const app = createApp({
      ingest,
      resolver,
      trustProxy: config.trustProxy,
      auth,
      events: events.client,
      siteAdmin,
      goalAdmin,
      funnelAdmin,
      visitorListAdmin,
      goals: createGoalsRepository(meta),
      userAdmin,
      sessions: sessionService,
      trackerPath: TRACKER_PATH,
      migrate,
      health,
      log,
    })

    let closed = false
    return {
      app,
      siteAdmin,
      goalAdmin,
      funnelAdmin,
      visitorListAdmin,
      userAdmin,
      sessions: sessionService,
      /** Creates the configured administrator, or a set-up token, while no user exists. */
      firstStart: (): Promise<FirstStart> => prepareFirstStart({ db: meta, admin: config.admin }),
      meta,
      events: events.client,
      writer,
      async close(): Promise<void> {
        if (closed) return
        closed = true
        clearInterval(sweep)
        await writer.close()
        await events.client.close()
        await meta.close()
      },
    }
  } catch (err) {
    await events.client.close().catch(() => undefined)
    await meta.close().catch(() => undefined)
    throw err
  }
}

export type Stepwise = Awaited<ReturnType<typeof openStepwise>>
export type { MetaDb }
