import { addDays } from '../schema/calendar-day.ts'
import type { GoalPreview, PreviewInterval } from '../schema/goal-preview.ts'

/** A row of compileGoalPreview's query; ClickHouse sends 64-bit counts as strings. */
export interface GoalPreviewRow {
  bucket?: string
  is_total?: number | string
  n_events: number | string
  n_visitors: number | string
}

/** The counts of the period and, per day, every day of it (days without a match as zeros). */
export function shapeGoalPreview(
  rows: readonly GoalPreviewRow[],
  period: { from: string; to: string },
  interval: PreviewInterval,
  timezone: string,
): GoalPreview {
  const counts = (r: GoalPreviewRow | undefined) => ({
    events: Number(r?.n_events ?? 0),
    visitors: Number(r?.n_visitors ?? 0),
  })
  if (interval === 'none') return { ...period, timezone, ...counts(rows[0]), series: null }
  // Without any match, GROUPING SETS still yields the empty totals row; read it as zeros either way.
  const total = rows.find((r) => Number(r.is_total) === 1)
  const byDay = new Map(rows.filter((r) => Number(r.is_total) === 0).map((r) => [r.bucket, r]))
  const series: NonNullable<GoalPreview['series']> = []
  for (let day = period.from; day <= period.to; day = addDays(day, 1))
    series.push({ start: day, ...counts(byDay.get(day)) })
  return { ...period, timezone, ...counts(total), series }
}
