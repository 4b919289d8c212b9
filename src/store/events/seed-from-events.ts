import type { ClickHouseClient } from '@clickhouse/client'
import { DEDUP_WINDOW_MS } from '../../ingest/dedup-registry.ts'
import type { SessionSeed } from '../../ingest/session-tracker.ts'
import { SESSION_TIMEOUT_MS } from '../../ingest/session-tracker.ts'

/**
 * What the ingest state needs back after a restart: the message ids received within the
 * de-duplication window, and the sessions still open.
 */
export async function seedFromEvents(
  client: ClickHouseClient,
  now: number,
): Promise<{ messageIds: Array<[string, string]>; sessions: SessionSeed[] }> {
  const ids = await client.query({
    query: `SELECT site_id, event_id FROM events
            WHERE received_at >= fromUnixTimestamp64Milli({since:Int64})`,
    query_params: { since: now - 2 * DEDUP_WINDOW_MS },
    format: 'JSONCompactEachRow',
  })
  const messageIds = (await ids.json<[string, string]>()).map(([s, e]) => [s, e] as [string, string])
  const open = await client.query({
    query: `SELECT site_id, visitor_id,
              argMax(session_id, ts) AS open_session,
              argMax(session_pages, ts) AS open_pages,
              argMax(session_seconds, ts) AS open_seconds,
              toUnixTimestamp64Milli(max(ts)) AS last_ts,
              argMax(if(utm_source != '' OR utm_medium != '' OR utm_campaign != '' OR gclid != '' OR fbclid != '' OR msclkid != '',
                        concat(utm_source, '|', utm_medium, '|', utm_campaign, '|', gclid, '|', fbclid, '|', msclkid), ''), ts) AS open_campaign
            FROM events
            WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) AND session_id != ''
            GROUP BY site_id, visitor_id`,
    query_params: { since: now - SESSION_TIMEOUT_MS },
    format: 'JSONEachRow',
  })
  const rows = await open.json<{
    site_id: string
    visitor_id: string
    open_session: string
    open_pages: string | number
    open_seconds: number
    last_ts: string | number
    open_campaign: string
  }>()
  return {
    messageIds,
    sessions: rows.map((r) => ({
      siteId: r.site_id,
      visitorId: r.visitor_id,
      sessionId: r.open_session,
      // The latest event knows how far into its session it was, so the start needs no wider scan.
      firstTs: Number(r.last_ts) - Math.round(r.open_seconds * 1000),
      lastTs: Number(r.last_ts),
      pages: Number(r.open_pages),
      campaign: r.open_campaign,
    })),
  }
}
