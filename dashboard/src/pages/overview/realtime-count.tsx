import { useCallback, useState } from 'react'
import { formatCount } from '../../format/format.ts'
import { usePolling } from '../../lib/use-locale-now.ts'
import { Link } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'

const WINDOW_MS = 30 * 60_000
const SAMPLE = 1000

/** Visitors active in the last 30 minutes, from the latest events, renewed every 15 seconds. */
export function RealtimeCount() {
  const api = useApi()
  const { site } = useCurrentSite()
  const [count, setCount] = useState<{ visitors: number; atLeast: boolean } | null>(null)
  const [failed, setFailed] = useState(false)

  const tick = useCallback(() => {
    api.reports.events(site.id, { limit: SAMPLE }).then(
      ({ events }) => {
        const since = Date.now() - WINDOW_MS
        const recent = events.filter((e) => new Date(e.timestamp).getTime() >= since)
        setCount({
          visitors: new Set(recent.map((e) => e.visitorId)).size,
          atLeast: recent.length === SAMPLE,
        })
        setFailed(false)
      },
      () => setFailed(true),
    )
  }, [api, site.id])
  usePolling(tick, 15_000)

  return (
    <section
      className="card stat-card realtime-card"
      aria-label="Visitors right now"
      data-testid="realtime-count"
    >
      <h3>
        <span className="live-dot" aria-hidden="true" /> Right now
      </h3>
      <div className="stat-value">
        {count === null ? '…' : `${count.atLeast ? '≥ ' : ''}${formatCount(count.visitors)}`}
      </div>
      <div className="stat-note muted">
        {failed ? 'Could not refresh' : 'visitors in the last 30 minutes'} ·{' '}
        <Link to="/realtime">Realtime</Link>
      </div>
    </section>
  )
}
