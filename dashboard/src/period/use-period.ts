import { useMemo } from 'react'
import { setParams, useLocation } from '../router/router.tsx'
import { useCurrentSite } from '../session/session.tsx'
import { PERIOD_PARAMS, type Period, periodFromParams, periodParams, todayIn } from './period.ts'

/** The period of the URL, in the open site's time zone, and a way to change it. */
export function usePeriod(): { period: Period; setPeriod(next: Omit<Period, 'previous'>): void } {
  const { params } = useLocation()
  const { site } = useCurrentSite()
  const query = params.toString()
  const period = useMemo(
    () => periodFromParams(new URLSearchParams(query), todayIn(site.timezone, new Date())),
    [query, site.timezone],
  )
  return {
    period,
    setPeriod(next) {
      const changes: Record<string, string | null> = Object.fromEntries(PERIOD_PARAMS.map((k) => [k, null]))
      Object.assign(changes, periodParams(next))
      setParams(changes)
    },
  }
}
