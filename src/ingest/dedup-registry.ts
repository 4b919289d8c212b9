/** A retried `messageId` is recognised for at least this long after it was first stored. */
export const DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000

export type Claim =
  | { status: 'new' }
  | { status: 'stored' }
  | { status: 'pending'; settled: Promise<boolean> }

/** A claim being written; the promise exists only once a second request waits on it. */
interface Pending {
  settled: Promise<boolean> | null
  settle: ((stored: boolean) => void) | null
}

const NEW: Claim = { status: 'new' }
const STORED: Claim = { status: 'stored' }

/**
 * Remembers which (site, messageId) pairs are stored or being stored. Two generations rotate
 * every 24 h, so an id is remembered for 24 to 48 h. After a restart the registry is seeded from
 * the event store, so a retry is still counted once.
 */
export function createDedupRegistry(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now
  let current = new Set<string>()
  let previous = new Set<string>()
  let rotatedAt = now()
  const pending = new Map<string, Pending>()

  const rotate = () => {
    if (now() - rotatedAt >= DEDUP_WINDOW_MS) {
      previous = current
      current = new Set()
      rotatedAt = now()
    }
  }
  const key = (siteId: string, messageId: string) => `${siteId}\u0000${messageId}`

  return {
    /** Claims an id for this request: only a `new` claim may be written. */
    claim(siteId: string, messageId: string): Claim {
      rotate()
      const k = key(siteId, messageId)
      if (current.has(k) || previous.has(k)) return STORED
      const waiting = pending.get(k)
      if (!waiting) {
        pending.set(k, { settled: null, settle: null })
        return NEW
      }
      if (!waiting.settled) {
        waiting.settled = new Promise<boolean>((resolve) => {
          waiting.settle = resolve
        })
      }
      return { status: 'pending', settled: waiting.settled }
    },
    /** Marks claimed ids as stored (`true`) or releases them after a failed write (`false`). */
    settle(siteId: string, messageIds: readonly string[], stored: boolean): void {
      for (const id of messageIds) {
        const k = key(siteId, id)
        const p = pending.get(k)
        pending.delete(k)
        if (stored) current.add(k)
        p?.settle?.(stored)
      }
    },
    seed(pairs: Iterable<readonly [string, string]>): void {
      for (const [siteId, messageId] of pairs) current.add(key(siteId, messageId))
    },
    size: () => current.size + previous.size,
  }
}

export type DedupRegistry = ReturnType<typeof createDedupRegistry>
