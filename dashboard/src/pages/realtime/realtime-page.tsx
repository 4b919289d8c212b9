import { useCallback, useRef, useState } from 'react'
import type { ApiEvent } from '../../api/api-types.ts'
import { Empty, ErrorNote, Loading } from '../../components/states.tsx'
import { formatAgo, formatCount, formatDateTime } from '../../format/format.ts'
import { useNow, usePolling } from '../../lib/use-locale-now.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'

const POLL_MS = 3000
const SHOWN = 50
const WINDOW_MS = 30 * 60_000

/** The latest events as they arrive (polled every 3 seconds); new ones are highlighted. */
export function RealtimePage() {
  const api = useApi()
  const { site } = useCurrentSite()
  const [events, setEvents] = useState<ApiEvent[] | null>(null)
  const [fresh, setFresh] = useState<Set<string>>(new Set())
  const [error, setError] = useState<Error | null>(null)
  const [paused, setPaused] = useState(false)
  const seen = useRef<Set<string> | null>(null)
  const now = useNow(5000)

  const tick = useCallback(() => {
    api.reports.events(site.id, { limit: SHOWN }).then(
      (page) => {
        const before = seen.current
        seen.current = new Set(page.events.map((e) => e.id))
        setFresh(before ? new Set(page.events.filter((e) => !before.has(e.id)).map((e) => e.id)) : new Set())
        setEvents(page.events)
        setError(null)
      },
      (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
    )
  }, [api, site.id])
  usePolling(tick, POLL_MS, !paused)

  const recent = (events ?? []).filter((e) => now - new Date(e.timestamp).getTime() <= WINDOW_MS)
  const visitors = new Set(recent.map((e) => e.visitorId)).size

  return (
    <div className="page">
      <div className="page-head">
        <h1>Realtime</h1>
        <span className="muted" data-testid="realtime-visitors">
          <span className="live-dot" aria-hidden="true" /> {formatCount(visitors)} visitors in the last 30
          minutes
        </span>
        <button
          type="button"
          className="button-quiet"
          onClick={() => setPaused((p) => !p)}
          aria-pressed={paused}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {error ? <ErrorNote error={error} onRetry={tick} /> : null}
      {events === null ? (
        error ? null : (
          <Loading label="Waiting for events…" />
        )
      ) : events.length === 0 ? (
        <Empty title="No events yet">
          Add the tracker to your site (Settings → Tracker); events appear here within seconds.
        </Empty>
      ) : (
        <section className="card">
          <table className="table realtime-table" data-testid="realtime-events" aria-live="polite">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Page</th>
                <th scope="col">Visitor</th>
                <th scope="col">Channel</th>
                <th scope="col">Device</th>
                <th scope="col">Country</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className={fresh.has(e.id) ? 'fresh' : undefined} data-testid="realtime-event">
                  <td title={formatDateTime(e.timestamp)}>{formatAgo(e.timestamp, now)}</td>
                  <td>
                    <span className={`badge badge-type-${e.type}`}>{e.type}</span>{' '}
                    {e.type === 'track' ? e.name : ''}
                  </td>
                  <td className="truncate" title={e.url}>
                    {e.path || '–'}
                  </td>
                  <td>
                    <code title={e.visitorId}>{e.visitorId.slice(0, 10)}</code>
                  </td>
                  <td>{e.channel || '–'}</td>
                  <td>{[e.device, e.browser].filter(Boolean).join(' · ') || '–'}</td>
                  <td>{e.country || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
