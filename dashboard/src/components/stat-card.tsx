import type { ReactNode } from 'react'
import { Sparkline } from './sparkline.tsx'

/** One headline figure with its change and its trend over the period. */
export function StatCard({
  label,
  value,
  change,
  trend,
  color,
  testId,
  note,
}: {
  label: string
  value: string
  change?: ReactNode
  trend?: Array<number | null>
  color?: string
  testId?: string
  note?: ReactNode
}) {
  return (
    <section className="card stat-card" data-testid={testId} aria-label={label}>
      <h3>{label}</h3>
      <div className="stat-value">{value}</div>
      <div className="stat-foot">
        {change}
        {trend ? <Sparkline values={trend} label={`${label} by day`} {...(color ? { color } : {})} /> : null}
      </div>
      {note ? <div className="stat-note muted">{note}</div> : null}
    </section>
  )
}
