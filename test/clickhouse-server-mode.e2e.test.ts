import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { ApiEvent } from '../src/reports/events-list/shape-events-list.ts'
import { openStepwise, type Stepwise } from '../src/server/open-stepwise.ts'
import {
  type ClickHouseHttpEndpoint,
  startClickHouseHttpEndpoint,
} from './support/clickhouse-http-endpoint.ts'
import { createPostgresTestDatabase } from './support/meta-test-db.ts'

let dir: string
let endpoint: ClickHouseHttpEndpoint
let stepwise: Stepwise
/** Metadata on the run's throw-away PostgreSQL server when there is one (always in CI). */
let databaseUrl: Record<string, string> = {}
const env = () => ({
  ...databaseUrl,
  STEPWISE_DATA_DIR: join(dir, 'stepwise'),
  STEPWISE_CLICKHOUSE_URL: endpoint.url,
  STEPWISE_CLICKHOUSE_USER: 'stepwise',
  STEPWISE_CLICKHOUSE_PASSWORD: 's3cret',
  STEPWISE_CLICKHOUSE_DATABASE: 'analytics',
})

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-chserver-'))
  const pgUrl = inject('pgUrl')
  if (pgUrl) databaseUrl = { STEPWISE_DATABASE_URL: await createPostgresTestDatabase(pgUrl) }
  endpoint = await startClickHouseHttpEndpoint({
    dataDir: join(dir, 'clickhouse'),
    user: 'stepwise',
    password: 's3cret',
    databases: ['analytics'],
  })
  stepwise = await openStepwise({ config: loadConfig(env()), adminToken: 'admin-token-for-tests' })
})
afterAll(async () => {
  await stepwise?.close()
  await endpoint?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('STEPWISE_CLICKHOUSE_URL: the event store on a ClickHouse server over HTTP', () => {
  it('keeps the metadata on the PostgreSQL server when one is configured', async () => {
    const health = await (await stepwise.app.request('/api/v1/health')).json()
    expect(health).toMatchObject({
      status: 'ok',
      stores: {
        events: { kind: 'clickhouse', ok: true },
        meta: { kind: databaseUrl.STEPWISE_DATABASE_URL ? 'postgres' : 'pglite', ok: true },
      },
    })
    if (process.env.CI === 'true') expect(databaseUrl.STEPWISE_DATABASE_URL).toBeTruthy()
  })

  it('creates its tables in the configured database with the configured user', async () => {
    const tables = await endpoint.query(
      "SELECT database, name FROM system.tables WHERE database != 'system' AND name IN ('events', 'identity_links', 'stepwise_migrations') ORDER BY name",
    )
    expect(
      tables
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { database: 'analytics', name: 'events' },
      { database: 'analytics', name: 'identity_links' },
      { database: 'analytics', name: 'stepwise_migrations' },
    ])
    expect(endpoint.requests.every((r) => r.user === 'stepwise' && r.database === 'analytics')).toBe(true)
  })

  it('collects and reads back events with the same queries as the embedded mode', async () => {
    const created = await stepwise.siteAdmin.createSite({ domain: 'shop.example.com', timezone: 'UTC' })
    const res = await stepwise.app.request('/v1/batch', {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${created.writeKey}:`).toString('base64')}` },
      body: JSON.stringify({
        batch: [
          {
            type: 'page',
            anonymousId: 'a1',
            messageId: 's-1',
            timestamp: '2026-11-20T10:00:00Z',
            properties: { url: 'https://shop.example.com/?utm_source=newsletter&utm_medium=email' },
          },
          {
            type: 'track',
            anonymousId: 'a1',
            userId: 'u1',
            event: 'Signed Up',
            messageId: 's-2',
            timestamp: '2026-11-20T10:01:00Z',
          },
        ],
      }),
    })
    expect(await res.json()).toMatchObject({ accepted: 2 })
    const list = await stepwise.app.request(`/api/v1/sites/${created.site.id}/events`, {
      headers: { authorization: `Bearer ${created.secretKey}` },
    })
    const events = ((await list.json()) as { events: ApiEvent[] }).events
    expect(events.map((e) => [e.id, e.type, e.channel])).toEqual([
      ['s-2', 'track', 'Direct'],
      ['s-1', 'page', 'Email'],
    ])
    const overview = await stepwise.app.request(
      `/api/v1/sites/${created.site.id}/stats/overview?from=2026-11-20&to=2026-11-20`,
      {
        headers: { authorization: `Bearer ${created.secretKey}` },
      },
    )
    expect(await overview.json()).toMatchObject({
      total: { visitors: 1, sessions: 1, pageviews: 1, events: 2 },
    })
    // The rows live on the server, in the configured database.
    expect(JSON.parse(await endpoint.query('SELECT count() AS n FROM analytics.events'))).toEqual({ n: 2 })
  })

  it('fails at start-up with the server message when the password is wrong', async () => {
    await expect(
      openStepwise({
        config: loadConfig({
          ...env(),
          STEPWISE_CLICKHOUSE_PASSWORD: 'wrong',
          STEPWISE_DATA_DIR: join(dir, 'other'),
        }),
        adminToken: null,
      }),
    ).rejects.toThrow(/Authentication failed/)
  })
})
