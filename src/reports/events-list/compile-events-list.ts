import type { CompiledQuery } from '../query.ts'
import type { Cursor, EventsListSpec } from './events-list-spec.ts'

export const EVENT_COLUMNS = [
  'event_id',
  'ts',
  'received_at',
  'type',
  'name',
  'visitor_id',
  'user_id',
  'session_id',
  'source',
  'url',
  'path',
  'referrer',
  'referrer_host',
  'channel',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'utm_id',
  'gclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'ttclid',
  'li_fat_id',
  'device',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'country',
  'locale',
  'library',
  'group_id',
  'value',
  'currency',
  'properties',
] as const

/** Newest first, keyset-paginated on (ts, event_id); one extra row tells whether a next page exists. */
export function compileEventsList(
  siteId: string,
  spec: EventsListSpec,
  cursor: Cursor | null,
): CompiledQuery {
  const where = ['site_id = {site:String}']
  const params: Record<string, unknown> = { site: siteId, limit: spec.limit + 1 }
  if (spec.type) {
    where.push('type = {type:String}')
    params.type = spec.type
  }
  if (spec.name) {
    where.push('name = {name:String}')
    params.name = spec.name
  }
  if (cursor) {
    where.push('(toUnixTimestamp64Milli(ts), event_id) < ({cursorTs:Int64}, {cursorId:String})')
    params.cursorTs = cursor.ts
    params.cursorId = cursor.eventId
  }
  return {
    query: `SELECT ${EVENT_COLUMNS.join(', ')}, toUnixTimestamp64Milli(ts) AS ts_ms
FROM events
WHERE ${where.join(' AND ')}
ORDER BY ts DESC, event_id DESC
LIMIT {limit:UInt32}`,
    params,
  }
}
