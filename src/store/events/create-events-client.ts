import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type ClickHouseClient, createClient } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'

/**
 * chdb implements the `Connection` interface of `@clickhouse/client-common`, which
 * `@clickhouse/client` bundles as its own copy of the same types; the shapes are identical.
 */
type ChdbClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>

export interface EventsClientOptions {
  /** A ClickHouse server; when null the embedded chDB engine under `<dataDir>/events` is used. */
  server: { url: string; username: string; password: string; database: string } | null
  dataDir: string
}

export interface EventsClient {
  client: ClickHouseClient
  kind: 'chdb' | 'clickhouse'
}

/**
 * The only place where the two modes differ. Embedded chDB ignores the client's `database`
 * setting, so every query names tables without a database and the server mode sets the default.
 */
export function createEventsClient(options: EventsClientOptions): EventsClient {
  if (options.server) {
    const { url, username, password, database } = options.server
    return {
      kind: 'clickhouse',
      client: createClient({
        url,
        username,
        password,
        database,
        clickhouse_settings: { date_time_output_format: 'iso' },
      }),
    }
  }
  const path = join(options.dataDir, 'events')
  mkdirSync(path, { recursive: true })
  return {
    kind: 'chdb',
    client: createClient({
      connection: createChdbConnection({ path }) as unknown as ChdbClientConnection,
      clickhouse_settings: { date_time_output_format: 'iso' },
    }),
  }
}
