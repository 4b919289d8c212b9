import { z } from 'zod'

export interface StepwiseTarget {
  baseUrl: string
  siteId: string
  writeKey: string
  secretKey: string
}

const overviewSchema = z.object({ total: z.object({ events: z.number() }) })

const healthSchema = z.object({
  ingest: z.object({
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.number(),
    dropped: z.record(z.string(), z.number()),
    writer: z.object({
      flushes: z.number(),
      rowsWritten: z.number(),
      failedFlushes: z.number(),
      pending: z.number(),
    }),
  }),
})

export type IngestHealth = z.infer<typeof healthSchema>['ingest']

/** Track, page and screen calls stored for the site from yesterday to tomorrow (UTC), per the overview API. */
export async function countStoredEvents(target: StepwiseTarget): Promise<number> {
  const day = 86_400_000
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const now = Date.now()
  const url = new URL(`/api/v1/sites/${target.siteId}/stats/overview`, target.baseUrl)
  url.searchParams.set('from', date(now - day))
  url.searchParams.set('to', date(now + day))
  const res = await fetch(url, { headers: { Authorization: `Bearer ${target.secretKey}` } })
  const body: unknown = await res.json()
  if (!res.ok) throw new Error(`overview answered ${res.status}: ${JSON.stringify(body)}`)
  return overviewSchema.parse(body).total.events
}

export async function readIngestHealth(target: StepwiseTarget): Promise<IngestHealth> {
  const res = await fetch(new URL('/api/v1/health', target.baseUrl))
  const body: unknown = await res.json()
  return healthSchema.parse(body).ingest
}

/**
 * Waits until the writer has nothing buffered and nothing was stored for `quietPolls`
 * consecutive polls (longer than one insert takes): requests cut off when a load run stopped
 * are then stored too, and a count taken next is final. Returns the health then.
 */
export async function waitUntilIngestIdle(
  target: StepwiseTarget,
  options: { pollMs: number; quietPolls: number; timeoutMs: number } = {
    pollMs: 100,
    quietPolls: 3,
    timeoutMs: 60_000,
  },
): Promise<IngestHealth> {
  const deadline = Date.now() + options.timeoutMs
  let previous = await readIngestHealth(target)
  let quiet = 0
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
    const current = await readIngestHealth(target)
    const unchanged =
      current.writer.pending === 0 &&
      current.writer.rowsWritten === previous.writer.rowsWritten &&
      current.accepted === previous.accepted
    quiet = unchanged ? quiet + 1 : 0
    if (quiet >= options.quietPolls) return current
    if (Date.now() > deadline) throw new Error('Stepwise ingest did not become idle in time')
    previous = current
  }
}
