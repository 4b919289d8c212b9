import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventsClient, type EventsClient } from './create-events-client.ts'
import { blankEventRow, type EventRow } from './event-row.ts'
import { createEventWriter, sparseRow } from './event-writer.ts'
import { migrateEvents } from './migrate-events.ts'

let dir: string
let events: EventsClient
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-writer-'))
  events = createEventsClient({ server: null, dataDir: dir })
})
afterAll(async () => {
  await events.client.close()
  rmSync(dir, { recursive: true, force: true })
})

function row(id: string): EventRow {
  return {
    ...blankEventRow({
      site_id: 'site_w',
      event_id: id,
      ts: Date.parse('2026-11-23T12:00:00Z'),
      received_at: Date.now(),
      type: 'track',
      source: 'server',
    }),
    name: 'Test',
    visitor_id: 'v',
    session_id: 's',
    channel: 'Direct',
    value: id.endsWith('0') ? 10 : null,
    properties: '{"k":"v"}',
  }
}

const stored = async (): Promise<number> => {
  const rs = await events.client.query({
    query: "SELECT count() AS n FROM events WHERE site_id = 'site_w'",
    format: 'JSONEachRow',
  })
  return Number((await rs.json<{ n: string }>())[0]?.n)
}

describe('event store migrations', () => {
  it('apply once, are recorded, and a second run applies nothing', async () => {
    const all = [
      '0001_events',
      '0002_identity_links',
      '0003_visitor_session_keys',
      '0004_session_position',
      '0005_visitor_list_members',
    ]
    expect(await migrateEvents(events.client)).toEqual(all)
    expect(await migrateEvents(events.client)).toEqual([])
    const rs = await events.client.query({
      query: 'SELECT version FROM stepwise_migrations ORDER BY version',
      format: 'JSONEachRow',
    })
    expect(await rs.json()).toEqual(all.map((version) => ({ version })))
    const keys = await events.client.query({
      query: `SELECT name FROM system.columns
        WHERE table = 'events' AND name IN ('visitor_key', 'session_key') AND default_kind = 'MATERIALIZED'
        ORDER BY name`,
      format: 'JSONEachRow',
    })
    expect(await keys.json()).toEqual([{ name: 'session_key' }, { name: 'visitor_key' }])
  })
})

describe('createEventWriter', () => {
  it('resolves each write only once its rows are stored, grouping concurrent writes', async () => {
    const writer = createEventWriter({ client: events.client, maxRows: 10_000, maxDelayMs: 5 })
    const before = await stored()
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => writer.write({ events: [row(`g-${i}`)], links: [] })),
    )
    expect(await stored()).toBe(before + 200)
    const stats = writer.stats()
    expect(stats.rowsWritten).toBe(200)
    // 200 concurrent single-row writes must not become 200 inserts.
    expect(stats.flushes).toBeLessThan(20)
    await writer.close()
  })

  it('runs at most maxInFlight inserts at once and keeps every write whole', async () => {
    let active = 0
    let peak = 0
    const counting = {
      insert: async (params: Parameters<typeof events.client.insert>[0]) => {
        active++
        peak = Math.max(peak, active)
        try {
          return await events.client.insert(params)
        } finally {
          active--
        }
      },
    } as unknown as typeof events.client
    const writer = createEventWriter({ client: counting, maxRows: 5, maxDelayMs: 0, maxInFlight: 2 })
    const before = await stored()
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writer.write({ events: [row(`p-${i}-a`), row(`p-${i}-b`)], links: [] }),
      ),
    )
    expect(peak).toBe(2)
    expect(await stored()).toBe(before + 80)
    await writer.close()
  })

  it('sends rows without their empty columns and reads them back unchanged', async () => {
    const full = { ...row('sparse-1'), value: null, utm_source: '', user_id: 'u-1' }
    expect(sparseRow(full)).not.toHaveProperty('utm_source')
    expect(sparseRow(full)).not.toHaveProperty('value')
    const writer = createEventWriter({ client: events.client, maxRows: 10, maxDelayMs: 0 })
    await writer.write({ events: [full], links: [] })
    await writer.close()
    const rs = await events.client.query({
      query: "SELECT user_id, utm_source, value, properties FROM events WHERE event_id = 'sparse-1'",
      format: 'JSONEachRow',
    })
    expect(await rs.json()).toEqual([
      { user_id: 'u-1', utm_source: '', value: null, properties: '{"k":"v"}' },
    ])
  })

  it('flushes at once when maxRows rows wait', async () => {
    const writer = createEventWriter({ client: events.client, maxRows: 50, maxDelayMs: 60_000 })
    const rows = Array.from({ length: 50 }, (_, i) => row(`m-${i}`))
    await writer.write({ events: rows, links: [] })
    expect(writer.stats().flushes).toBe(1)
    await writer.close()
  })

  it('writes what waits when closed, then refuses new writes', async () => {
    const writer = createEventWriter({ client: events.client, maxRows: 10_000, maxDelayMs: 60_000 })
    const before = await stored()
    const pending = writer.write({ events: [row('c-1'), row('c-2')], links: [] })
    await writer.close()
    await pending
    expect(await stored()).toBe(before + 2)
    await expect(writer.write({ events: [row('c-3')], links: [] })).rejects.toThrow(/closed/)
  })

  it('rejects every waiter of a failed flush and stores none of its rows', async () => {
    const writer = createEventWriter({ client: events.client, maxRows: 10_000, maxDelayMs: 5 })
    const before = await stored()
    // A row the engine cannot parse stands for any insert failure.
    const bad = { ...row('bad-1'), ts: 'not a time' as unknown as number }
    const results = await Promise.allSettled([
      writer.write({ events: [row('ok-1')], links: [] }),
      writer.write({ events: [bad], links: [] }),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(await stored()).toBe(before)
    expect(writer.stats().failedFlushes).toBe(1)
    // The writer keeps working after a failure.
    await writer.write({ events: [row('after-1')], links: [] })
    expect(await stored()).toBe(before + 1)
    await writer.close()
  })
})
