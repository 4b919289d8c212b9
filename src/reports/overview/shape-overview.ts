import type { OverviewSpec } from './overview-spec.ts'

export interface OverviewRow {
  day: string
  /** 1 on the row of the whole period (GROUPING SETS), 0 on a day's row. */
  is_total: number | string
  visitors: number | string
  sessions: number | string
  pageviews: number | string
  events: number | string
}

export interface OverviewCounts {
  visitors: number
  sessions: number
  pageviews: number
  events: number
}

export interface Overview {
  from: string
  to: string
  timezone: string
  total: OverviewCounts
  days: Array<OverviewCounts & { date: string }>
}

const ZERO: OverviewCounts = { visitors: 0, sessions: 0, pageviews: 0, events: 0 }

/** Every day of the period appears, days without events as zeros. */
export function shapeOverview(rows: OverviewRow[], spec: OverviewSpec, timezone: string): Overview {
  const counts = (r: OverviewRow): OverviewCounts => ({
    visitors: Number(r.visitors),
    sessions: Number(r.sessions),
    pageviews: Number(r.pageviews),
    events: Number(r.events),
  })
  const byDay = new Map(rows.filter((r) => Number(r.is_total) === 0).map((r) => [r.day, counts(r)]))
  const totalRow = rows.find((r) => Number(r.is_total) === 1)
  const days: Overview['days'] = []
  for (
    let t = Date.parse(`${spec.from}T00:00:00Z`);
    t <= Date.parse(`${spec.to}T00:00:00Z`);
    t += 86_400_000
  ) {
    const date = new Date(t).toISOString().slice(0, 10)
    days.push({ date, ...(byDay.get(date) ?? ZERO) })
  }
  return { from: spec.from, to: spec.to, timezone, total: totalRow ? counts(totalRow) : { ...ZERO }, days }
}
