import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.ts'
import type { ApiEvent } from '../../src/reports/events-list/shape-events-list.ts'
import { openStepwise, type Stepwise } from '../../src/server/open-stepwise.ts'
import type { CreatedSite } from '../../src/sites/site-admin.ts'

export interface TestStepwise {
  stepwise: Stepwise
  dataDir: string
  adminToken: string
  site: CreatedSite
  /** Basic auth header for the site's write key. */
  basic: string
  bearer: string
  /** The site's stored events, newest first (up to 1,000), read through the API. */
  events(): Promise<ApiEvent[]>
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  get(path: string, headers?: Record<string, string>): Promise<Response>
  close(): Promise<void>
}

/** Stepwise on the real embedded engines in a temporary data directory, driven in memory. */
export async function openTestStepwise(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<TestStepwise> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'stepwise-test-'))
  const adminToken = 'test-admin-token-0123456789'
  const stepwise = await openStepwise({ config: loadConfig({ ...env, STEPWISE_DATA_DIR: dir }), adminToken })
  const sites = await stepwise.siteAdmin.listSites()
  const site =
    sites.length === 0
      ? await stepwise.siteAdmin.createSite({
          domain: 'shop.example.com',
          name: 'Shop',
          timezone: 'Europe/Berlin',
        })
      : null
  if (!site) throw new Error('openTestStepwise expects a fresh data directory')
  const basic = `Basic ${Buffer.from(`${site.writeKey}:`).toString('base64')}`
  const bearer = `Bearer ${site.secretKey}`
  const get = async (path: string, headers: Record<string, string> = {}) =>
    stepwise.app.request(path, { headers })
  return {
    stepwise,
    dataDir: dir,
    adminToken,
    site,
    basic,
    bearer,
    post: async (path, body, headers = {}) =>
      stepwise.app.request(path, {
        method: 'POST',
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    get,
    async events() {
      const res = await get(`/api/v1/sites/${site.site.id}/events?limit=1000`, { authorization: bearer })
      if (res.status !== 200) throw new Error(`listing events answered ${res.status}`)
      return ((await res.json()) as { events: ApiEvent[] }).events
    },
    async close() {
      await stepwise.close()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
