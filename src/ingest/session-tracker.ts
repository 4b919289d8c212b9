import { randomUUID } from 'node:crypto'

/** A visit ends after this much inactivity. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000

interface SessionState {
  id: string
  firstTs: number
  lastTs: number
  campaign: string
  pages: number
}

/** The session an event belongs to, and where the event sits in it. */
export interface SessionPosition {
  id: string
  /** Page and screen views so far, this event included. */
  pages: number
  /** Seconds since the session's first event. */
  seconds: number
  /** Seconds since the first event at the session's latest event before this one; -1 for a first event. */
  prevSeconds: number
}

export interface SessionSeed {
  siteId: string
  visitorId: string
  sessionId: string
  firstTs: number
  lastTs: number
  campaign: string
  /** Page and screen views of the session so far. */
  pages: number
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
    /**
     * Positions follow arrival order, which is event order for live traffic and for imports
     * sent in time order; an event arriving late within its session is counted where it arrives.
     */
    assign(
      siteId: string,
      visitorId: string,
      ts: number,
      campaign: string,
      isView: boolean,
    ): SessionPosition {
      const k = key(siteId, visitorId)
      const current = sessions.get(k)
      const view = isView ? 1 : 0
      if (
        current &&
        ts >= current.firstTs - SESSION_TIMEOUT_MS &&
        ts <= current.lastTs + SESSION_TIMEOUT_MS &&
        (campaign === '' || campaign === current.campaign)
      ) {
        const prevSeconds = (current.lastTs - current.firstTs) / 1000
        if (ts > current.lastTs) current.lastTs = ts
        if (ts < current.firstTs) current.firstTs = ts
        current.pages += view
        return { id: current.id, pages: current.pages, seconds: (ts - current.firstTs) / 1000, prevSeconds }
      }
      const fresh: SessionState = { id: randomUUID(), firstTs: ts, lastTs: ts, campaign, pages: view }
      if (!current || ts >= current.lastTs) {
        // Re-insert so the Map's order stays roughly least-recently-used first.
        sessions.delete(k)
        sessions.set(k, fresh)
        if (sessions.size > maxVisitors) {
          const oldest = sessions.keys().next()
          if (!oldest.done) sessions.delete(oldest.value)
        }
      }
      return { id: fresh.id, pages: fresh.pages, seconds: 0, prevSeconds: -1 }
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
          pages: r.pages,
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
