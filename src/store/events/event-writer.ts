import type { ClickHouseClient } from '@clickhouse/client'
import type { EventRow, IdentityLinkRow } from './event-row.ts'

export interface EventWriterOptions {
  client: ClickHouseClient
  /** Flush once this many rows wait. */
  maxRows: number
  /** Flush at the latest this long after the first row arrived (0 = as soon as possible). */
  maxDelayMs: number
}

export interface WriteBatch {
  events: EventRow[]
  links: IdentityLinkRow[]
}

export interface EventWriter {
  /** Resolves once the rows are in the event store; rejects if the flush that held them failed. */
  write(batch: WriteBatch): Promise<void>
  /** Flushes what waits and stops accepting writes. */
  close(): Promise<void>
  stats(): { flushes: number; rowsWritten: number; failedFlushes: number; pending: number }
}

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * Group commit: requests append to a buffer and wait; one insert runs at a time and takes
 * everything buffered when it starts. Under load batches grow by themselves, when idle a
 * request waits only for its own insert. An insert is one part, so it lands whole or not at all.
 */
export function createEventWriter(options: EventWriterOptions): EventWriter {
  const { client, maxRows, maxDelayMs } = options
  let events: EventRow[] = []
  let links: IdentityLinkRow[] = []
  let waiters: Waiter[] = []
  let timer: NodeJS.Timeout | null = null
  let inFlight: Promise<void> | null = null
  let closed = false
  const counters = { flushes: 0, rowsWritten: 0, failedFlushes: 0 }

  const schedule = () => {
    if (inFlight || events.length + links.length === 0) return
    if (events.length >= maxRows || maxDelayMs === 0) {
      startFlush()
    } else if (!timer) {
      timer = setTimeout(startFlush, maxDelayMs)
    }
  }

  const startFlush = () => {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (inFlight || events.length + links.length === 0) return
    const batchEvents = events
    const batchLinks = links
    const batchWaiters = waiters
    events = []
    links = []
    waiters = []
    inFlight = insert(batchEvents, batchLinks).then(
      () => {
        counters.flushes++
        counters.rowsWritten += batchEvents.length
        for (const w of batchWaiters) w.resolve()
      },
      (err: unknown) => {
        counters.failedFlushes++
        for (const w of batchWaiters) w.reject(err)
      },
    )
    void inFlight.finally(() => {
      inFlight = null
      schedule()
    })
  }

  const insert = async (batchEvents: EventRow[], batchLinks: IdentityLinkRow[]) => {
    // Links first: a link whose events failed is harmless (the retry re-sends both and
    // ReplacingMergeTree collapses the link), an event without its link would not be.
    if (batchLinks.length > 0) {
      await client.insert({ table: 'identity_links', values: batchLinks, format: 'JSONEachRow' })
    }
    if (batchEvents.length > 0) {
      await client.insert({ table: 'events', values: batchEvents, format: 'JSONEachRow' })
    }
  }

  return {
    write(batch) {
      if (closed) return Promise.reject(new Error('event writer is closed'))
      if (batch.events.length + batch.links.length === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        for (const e of batch.events) events.push(e)
        for (const l of batch.links) links.push(l)
        waiters.push({ resolve, reject })
        schedule()
      })
    },
    async close() {
      closed = true
      while (inFlight || events.length + links.length > 0) {
        startFlush()
        if (inFlight) await inFlight
      }
    },
    stats: () => ({ ...counters, pending: events.length }),
  }
}
