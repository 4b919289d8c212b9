import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.ts'
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
    get: async (path, headers = {}) => stepwise.app.request(path, { headers }),
    async close() {
      await stepwise.close()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
