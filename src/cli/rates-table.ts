import type { Change, GoalRates, RatesGroupRow, RatesReport } from '../reports/rates/shape-rates.ts'
import { textTable } from './text-table.ts'

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** A rate as a percentage; no visitors reads "–", never NaN. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(2)} %`
}

function points(change: Change | undefined): string {
  if (!change || change.absolute === null) return '–'
  const pt = change.absolute * 100
  return `${pt >= 0 ? '+' : ''}${pt.toFixed(2)} pt`
}

function relative(change: Change | undefined): string {
  if (!change || change.relative === null) return '–'
  const r = change.relative * 100
  return `${r >= 0 ? '+' : ''}${r.toFixed(1)} %`
}

function valueText(rates: GoalRates): string {
  if (!rates.value) return '–'
  const currency = rates.value.currency ?? (rates.value.currencies.length > 1 ? 'mixed' : '')
  return `${money.format(rates.value.sum)}${currency ? ` ${currency}` : ''}`
}

/** The report as a person reads it: a header line, the goals table, then series and breakdown. */
export function ratesTable(report: RatesReport): string {
  const out: string[] = []
  const prev = report.previous
  out.push(
    `${report.from} … ${report.to} (${report.timezone}): ${int.format(report.visitors)} visitors, ${int.format(report.sessions)} sessions` +
      (prev ? `; compared with ${prev.from} … ${prev.to} (${int.format(prev.visitors)} visitors)` : ''),
  )
  out.push('')
  if (report.goals.length === 0) {
    out.push('No goals yet. Add one with: stepwise goals add --site ID --name N --kind micro --event NAME')
    return out.join('\n')
  }
  const header = [
    'Goal',
    'Kind',
    'Converted',
    'Rate',
    ...(prev ? ['Previous', 'Change', 'Relative'] : []),
    'Conversions',
    'Session rate',
    'Value',
  ]
  const ordered = [...report.goals].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'micro' ? -1 : 1))
  const rows = ordered.map((g) => [
    g.name,
    g.kind,
    `${int.format(g.convertedVisitors)} of ${int.format(g.visitors)}`,
    percent(g.conversionRate),
    ...(prev
      ? [
          percent(g.previous?.conversionRate ?? null),
          points(g.change?.conversionRate),
          relative(g.change?.conversionRate),
        ]
      : []),
    int.format(g.conversions),
    percent(g.sessionConversionRate),
    valueText(g),
  ])
  out.push(textTable(header, rows, 2))
  if (report.omittedGoals) out.push(`(${report.omittedGoals} more goals not shown; choose them with --goals)`)
  if (report.breakdown) {
    const b = report.breakdown
    out.push(
      '',
      `By ${b.dimension === 'property' ? `property ${b.property}` : b.dimension}${b.overlapping ? ' (a visitor counts under every page viewed)' : ''}:`,
    )
    out.push(groupTable(b.dimension, [...b.rows, ...(b.other ? [b.other] : [])], report))
  }
  return out.join('\n')
}

function groupTable(label: string, rows: RatesGroupRow[], report: RatesReport): string {
  const header = [label, 'Visitors', ...report.goals.map((g) => g.name)]
  const body = rows.map((r) => [
    r.value,
    int.format(r.visitors),
    ...r.goals.map((g) => `${int.format(g.convertedVisitors)} (${percent(g.conversionRate)})`),
  ])
  return textTable(header, body, 1)
}

/** The time series as one line per bucket: visitors and each goal's converted visitors and rate. */
export function seriesTable(report: RatesReport): string {
  if (!report.series) return ''
  const header = ['Start', 'Visitors', ...report.goals.map((g) => g.name)]
  const body = report.series.buckets.map((b) => [
    b.start,
    int.format(b.visitors),
    ...b.goals.map((g) => `${int.format(g.convertedVisitors)} (${percent(g.conversionRate)})`),
  ])
  return textTable(header, body, 1)
}
