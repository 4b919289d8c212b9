import { randomUUID } from 'node:crypto'

/** A visit ends after this much inactivity. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000

interface SessionState {
  id: string
  firstTs: number
  lastTs: number
  campaign: string
}

export interface SessionSeed {
  siteId: string
  visitorId: string
  sessionId: string
  firstTs: number
  lastTs: number
  campaign: string
}

/**
 * Assigns session ids: a new session after 30 minutes of inactivity or when the visitor
 * arrives through a different campaign. State is per process (seeded from the event store at
 * start-up); an event far older than the visitor's current session gets a session of its own
 * without disturbing the current one.
 */
export function createSessionTracker(options: { maxVisitors?: number } = {}) {
  const maxVisitors = options.maxVisitors ?? 2_000_000
  const sessions = new Map<string, SessionState>()

  const key = (siteId: string, visitorId: string) => `${siteId}\u0000${visitorId}`

  return {
    assign(siteId: string, visitorId: string, ts: number, campaign: string): string {
      const k = key(siteId, visitorId)
      const current = sessions.get(k)
      if (
        current &&
        ts >= current.firstTs - SESSION_TIMEOUT_MS &&
        ts <= current.lastTs + SESSION_TIMEOUT_MS &&
        (campaign === '' || campaign === current.campaign)
      ) {
        if (ts > current.lastTs) current.lastTs = ts
        if (ts < current.firstTs) current.firstTs = ts
        return current.id
      }
      const fresh: SessionState = { id: randomUUID(), firstTs: ts, lastTs: ts, campaign }
      if (!current || ts >= current.lastTs) {
        // Re-insert so the Map's order stays roughly least-recently-used first.
        sessions.delete(k)
        sessions.set(k, fresh)
        if (sessions.size > maxVisitors) {
          const oldest = sessions.keys().next()
          if (!oldest.done) sessions.delete(oldest.value)
        }
      }
      return fresh.id
    },
    /** Whether the visitor has a session that an event at `ts` would continue. */
    isActive(siteId: string, visitorId: string, ts: number): boolean {
      const current = sessions.get(key(siteId, visitorId))
      return (
        current !== undefined &&
        ts >= current.firstTs - SESSION_TIMEOUT_MS &&
        ts <= current.lastTs + SESSION_TIMEOUT_MS
      )
    },
    seed(rows: readonly SessionSeed[]): void {
      for (const r of rows) {
        sessions.set(key(r.siteId, r.visitorId), {
          id: r.sessionId,
          firstTs: r.firstTs,
          lastTs: r.lastTs,
          campaign: r.campaign,
        })
      }
    },
    /** Forgets visitors idle for longer than the timeout (by event time). */
    sweep(nowMs: number): number {
      let removed = 0
      for (const [k, s] of sessions) {
        if (s.lastTs < nowMs - SESSION_TIMEOUT_MS) {
          sessions.delete(k)
          removed++
        }
      }
      return removed
    },
    size: () => sessions.size,
  }
}

export type SessionTracker = ReturnType<typeof createSessionTracker>
