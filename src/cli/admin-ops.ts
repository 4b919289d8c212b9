import type { Config } from '../config.ts'
import type { Goal } from '../schema/goal.ts'
import { createGoalAdmin, type GoalImportResult } from '../sites/goal-admin.ts'
import { type CreatedSite, createSiteAdmin } from '../sites/site-admin.ts'
import { createEventsClient, migrateEvents } from '../store/events/index.ts'
import { createMetaDb, migrateMeta } from '../store/meta/index.ts'
import type { ApiKey, CreatedKey } from '../store/meta/keys-repository.ts'
import type { Site } from '../store/meta/sites-repository.ts'
import { type LockInfo, readLock } from './data-dir-lock.ts'
import { callApi, serverFetch } from './local-api.ts'

/** What the CLI's management commands need, whether a server runs or not. */
export interface AdminOps {
  via: 'server' | 'stores'
  createSite(input: { domain?: string; name?: string; timezone?: string }): Promise<CreatedSite>
  listSites(): Promise<Site[]>
  createKey(siteId: string, kind: string, label: string): Promise<CreatedKey>
  listKeys(siteId: string): Promise<ApiKey[]>
  revokeKey(siteId: string, keyId: string): Promise<ApiKey>
  listGoals(siteId: string): Promise<Goal[]>
  /** `input` is validated by the goal admin (API body shape: name, kind, match, value?, counting?). */
  createGoal(siteId: string, input: unknown): Promise<Goal>
  /** By id or name. */
  removeGoal(siteId: string, idOrName: string): Promise<Goal>
  /** Upsert by name, all or nothing. */
  importGoals(siteId: string, goals: readonly unknown[]): Promise<GoalImportResult>
  migrate(): Promise<{ events: string[]; meta: string[] }>
  close(): Promise<void>
}

/**
 * While `serve` holds the data directory, commands go through it (the stores are not opened a
 * second time); otherwise they open the stores themselves.
 */
export async function openAdminOps(config: Config): Promise<AdminOps> {
  const lock = readLock(config.dataDir)
  return lock ? serverOps(lock) : storeOps(config)
}

async function storeOps(config: Config): Promise<AdminOps> {
  const meta = await createMetaDb({ url: config.databaseUrl, dataDir: config.dataDir })
  await migrateMeta(meta)
  const admin = createSiteAdmin(meta)
  const goals = createGoalAdmin(meta)
  return {
    via: 'stores',
    createSite: (input) => admin.createSite(input),
    listSites: () => admin.listSites(),
    createKey: (siteId, kind, label) => admin.createKey(siteId, kind, label),
    listKeys: (siteId) => admin.listKeys(siteId),
    revokeKey: (siteId, keyId) => admin.revokeKey(siteId, keyId),
    listGoals: (siteId) => goals.listGoals(siteId),
    createGoal: (siteId, input) => goals.createGoal(siteId, input),
    removeGoal: (siteId, idOrName) => goals.removeGoal(siteId, idOrName),
    importGoals: (siteId, inputs) => goals.importGoals(siteId, inputs),
    async migrate() {
      const events = createEventsClient({ server: config.clickhouse, dataDir: config.dataDir })
      try {
        return { events: await migrateEvents(events.client), meta: await migrateMeta(meta) }
      } finally {
        await events.client.close()
      }
    },
    close: () => meta.close(),
  }
}

function serverOps(lock: LockInfo): AdminOps {
  const fetchServer = serverFetch(lock)
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    callApi<T>(fetchServer, lock.token, method, path, body)
  const site = (id: string) => `/api/v1/sites/${encodeURIComponent(id)}`
  return {
    via: 'server',
    createSite: (input) => call<CreatedSite>('POST', '/api/v1/sites', input),
    listSites: async () => (await call<{ sites: Site[] }>('GET', '/api/v1/sites')).sites,
    createKey: (siteId, kind, label) => call<CreatedKey>('POST', `${site(siteId)}/keys`, { kind, label }),
    listKeys: async (siteId) => (await call<{ keys: ApiKey[] }>('GET', `${site(siteId)}/keys`)).keys,
    revokeKey: async (siteId, keyId) =>
      (await call<{ key: ApiKey }>('DELETE', `${site(siteId)}/keys/${encodeURIComponent(keyId)}`)).key,
    listGoals: async (siteId) => (await call<{ goals: Goal[] }>('GET', `${site(siteId)}/goals`)).goals,
    createGoal: async (siteId, input) =>
      (await call<{ goal: Goal }>('POST', `${site(siteId)}/goals`, input)).goal,
    removeGoal: async (siteId, idOrName) =>
      (await call<{ goal: Goal }>('DELETE', `${site(siteId)}/goals/${encodeURIComponent(idOrName)}`)).goal,
    importGoals: (siteId, inputs) =>
      call<GoalImportResult>('POST', `${site(siteId)}/goals/import`, { goals: inputs }),
    migrate: async () =>
      (await call<{ applied: { events: string[]; meta: string[] } }>('POST', '/api/v1/admin/migrate'))
        .applied,
    close: async () => undefined,
  }
}
