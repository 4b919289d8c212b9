import { useEffect, useState } from 'react'

/** The current time, renewed every `ms` (for "12s ago" and realtime windows). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(timer)
  }, [ms])
  return now
}

/** Calls `tick` now and then every `ms` while the page is visible. */
export function usePolling(tick: () => void, ms: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return
    tick()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') tick()
    }, ms)
    return () => clearInterval(timer)
  }, [tick, ms, enabled])
}
