import { addDays } from '../../schema/calendar-day.ts'
import type { CountingRule, GoalKind } from '../../schema/choices.ts'
import type { Goal } from '../../schema/goal.ts'
import type { Breakdown, RateInterval, RatesSpec } from './rates-spec.ts'

/** A row of the rates query; ClickHouse sends 64-bit counts as strings. */
export type RatesRow = Record<string, string | number | string[] | null>

export interface GoalValueTotals {
  sum: number
  /** Counted conversions that had a value. */
  withValue: number
  /** Per counted conversion that had a value; null when none had. */
  average: number | null
  /** The goal's currency, or the one its events carried; null when unknown. */
  currency: string | null
  /** Every currency its events carried (more than one means the sum mixes currencies). */
  currencies: string[]
}

export interface GoalRates {
  visitors: number
  convertedVisitors: number
  /** convertedVisitors / visitors; null when there were no visitors. */
  conversionRate: number | null
  /** Conversions by the goal's counting rule. */
  conversions: number
  sessions: number
  convertedSessions: number
  /** convertedSessions / sessions; null when there were no sessions. */
  sessionConversionRate: number | null
  value: GoalValueTotals | null
}

export interface Change {
  absolute: number | null
  /** absolute / previous; null when the previous figure was 0. */
  relative: number | null
}

export interface GoalReport extends GoalRates {
  id: string
  name: string
  kind: GoalKind
  counting: CountingRule
  previous: GoalRates | null
  change: {
    convertedVisitors: Change
    conversionRate: Change
    conversions: Change
    value: Change | null
  } | null
}

export interface RatesGroupRow {
  value: string
  visitors: number
  sessions: number
  goals: Array<GoalRates & { id: string }>
}

export interface RatesReport {
  from: string
  to: string
  timezone: string
  previous: { from: string; to: string; visitors: number; sessions: number } | null
  visitors: number
  sessions: number
  goals: GoalReport[]
  /** Goals of the site left out because a report without a `goals` list shows at most 50. */
  omittedGoals?: number
  series: {
    interval: Exclude<RateInterval, 'none'>
    buckets: Array<Omit<RatesGroupRow, 'value'> & { start: string }>
  } | null
  breakdown: {
    dimension: string
    property?: string
    /** True for `page`: a visitor counts under every page viewed, so rows do not sum to the total. */
    overlapping: boolean
    rows: RatesGroupRow[]
    /** Everything outside the top rows, or null when nothing is left. */
    other: RatesGroupRow | null
  } | null
}

const num = (v: RatesRow[string] | undefined): number => (v === null || v === undefined ? 0 : Number(v))
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b)

function goalRates(row: RatesRow | undefined, i: number, goal: Goal): GoalRates {
  const visitors = num(row?.visitors)
  const sessions = num(row?.sessions)
  const convertedVisitors = num(row?.[`cv${i}`])
  const convertedSessions = num(row?.[`csess${i}`])
  const conversions =
    goal.counting === 'once_per_visitor'
      ? convertedVisitors
      : goal.counting === 'once_per_session'
        ? convertedSessions
        : num(row?.[`ev${i}`])
  let value: GoalValueTotals | null = null
  if (goal.value) {
    const sum = num(row?.[`value${i}`])
    const counted = num(row?.[`valuen${i}`])
    const seen = row?.[`currencies${i}`]
    const currencies =
      'fixed' in goal.value || goal.value.currency
        ? [goal.value.currency as string]
        : Array.isArray(seen)
          ? [...seen].sort()
          : []
    value = {
      sum,
      withValue: counted,
      average: ratio(sum, counted),
      currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
      currencies,
    }
  }
  return {
    visitors,
    convertedVisitors,
    conversionRate: ratio(convertedVisitors, visitors),
    conversions,
    sessions,
    convertedSessions,
    sessionConversionRate: ratio(convertedSessions, sessions),
    value,
  }
}

function change(now: number | null, before: number | null): Change {
  if (now === null || before === null) return { absolute: null, relative: null }
  return { absolute: now - before, relative: ratio(now - before, before) }
}

function groupRow(row: RatesRow | undefined, value: string, goals: readonly Goal[]): RatesGroupRow {
  return {
    value,
    visitors: num(row?.visitors),
    sessions: num(row?.sessions),
    goals: goals.map((g, i) => ({ id: g.id, ...goalRates(row, i, g) })),
  }
}

/** Every bucket of the period in order (hours only where there were events). */
function bucketStarts(spec: RatesSpec, interval: Exclude<RateInterval, 'none'>, seen: string[]): string[] {
  if (interval === 'hour') return [...seen].sort()
  const starts: string[] = []
  let d = spec.from
  if (interval === 'week') {
    const weekday = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7
    d = addDays(d, -weekday)
  }
  if (interval === 'month') d = `${d.slice(0, 7)}-01`
  while (d <= spec.to) {
    starts.push(d)
    if (interval === 'day') d = addDays(d, 1)
    else if (interval === 'week') d = addDays(d, 7)
    else {
      const [y, m] = d.split('-').map(Number) as [number, number]
      d = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
    }
  }
  return starts
}

export interface RatesRows {
  totals: RatesRow[]
  series: RatesRow[] | null
  breakdown: RatesRow[] | null
}

/** Turns the query rows into the report; missing periods, buckets and rows read as zeros. */
export function shapeRates(
  rows: RatesRows,
  goals: readonly Goal[],
  spec: RatesSpec,
  timezone: string,
): RatesReport {
  const current = rows.totals.find((r) => r.grp === 'current')
  const before = rows.totals.find((r) => r.grp === 'previous')
  const report: RatesReport = {
    from: spec.from,
    to: spec.to,
    timezone,
    previous: spec.previous
      ? { ...spec.previous, visitors: num(before?.visitors), sessions: num(before?.sessions) }
      : null,
    visitors: num(current?.visitors),
    sessions: num(current?.sessions),
    goals: goals.map((goal, i) => {
      const now = goalRates(current, i, goal)
      const prev = spec.previous ? goalRates(before, i, goal) : null
      return {
        id: goal.id,
        name: goal.name,
        kind: goal.kind,
        counting: goal.counting,
        ...now,
        previous: prev,
        change: prev
          ? {
              convertedVisitors: change(now.convertedVisitors, prev.convertedVisitors),
              conversionRate: change(now.conversionRate, prev.conversionRate),
              conversions: change(now.conversions, prev.conversions),
              value: now.value && prev.value ? change(now.value.sum, prev.value.sum) : null,
            }
          : null,
      }
    }),
    series: null,
    breakdown: null,
  }
  if (rows.series && spec.interval !== 'none') {
    const interval = spec.interval
    const byStart = new Map(rows.series.map((r) => [String(r.grp), r]))
    report.series = {
      interval,
      buckets: bucketStarts(spec, interval, [...byStart.keys()]).map((start) => {
        const { value: _, ...rest } = groupRow(byStart.get(start), start, goals)
        return { start, ...rest }
      }),
    }
  }
  if (rows.breakdown && spec.breakdown)
    report.breakdown = shapeBreakdown(rows.breakdown, spec.breakdown, goals, report, spec.limit)
  return report
}

function shapeBreakdown(
  rows: RatesRow[],
  breakdown: Breakdown,
  goals: readonly Goal[],
  report: RatesReport,
  limit: number,
): NonNullable<RatesReport['breakdown']> {
  const label = (v: RatesRow[string] | undefined) =>
    v === '' || v === null || v === undefined ? '(none)' : String(v)
  const overlapping = breakdown.dimension === 'page'
  const shaped = rows.map((r) => groupRow(r, label(r.grp), goals))
  let other: RatesGroupRow | null
  let top: RatesGroupRow[]
  if (overlapping) {
    // The second page run already folded everything outside the top pages into "(other)".
    top = shaped.filter((r) => r.value !== '(other)').slice(0, limit)
    other = shaped.find((r) => r.value === '(other)') ?? null
  } else {
    // Each visitor is in exactly one row, so what the top rows miss is the total minus them.
    top = shaped.slice(0, limit)
    other = remainder(report, top, goals)
  }
  return {
    dimension: breakdown.dimension,
    ...(breakdown.dimension === 'property' ? { property: breakdown.property } : {}),
    overlapping,
    rows: top,
    other,
  }
}

function remainder(report: RatesReport, top: RatesGroupRow[], goals: readonly Goal[]): RatesGroupRow | null {
  const visitors = report.visitors - top.reduce((s, r) => s + r.visitors, 0)
  if (visitors <= 0) return null
  const sum = (pick: (g: GoalRates) => number, i: number) =>
    top.reduce((s, r) => s + pick(r.goals[i] as GoalRates), 0)
  return {
    value: '(other)',
    visitors,
    sessions: report.sessions - top.reduce((s, r) => s + r.sessions, 0),
    goals: goals.map((goal, i) => {
      const total = report.goals[i] as GoalReport
      const convertedVisitors = total.convertedVisitors - sum((g) => g.convertedVisitors, i)
      const sessions = total.sessions - sum((g) => g.sessions, i)
      const convertedSessions = total.convertedSessions - sum((g) => g.convertedSessions, i)
      let value: GoalValueTotals | null = null
      if (total.value) {
        const s = total.value.sum - sum((g) => g.value?.sum ?? 0, i)
        const withValue = total.value.withValue - sum((g) => g.value?.withValue ?? 0, i)
        value = { ...total.value, sum: s, withValue, average: ratio(s, withValue) }
      }
      return {
        id: goal.id,
        visitors,
        convertedVisitors,
        conversionRate: ratio(convertedVisitors, visitors),
        conversions: total.conversions - sum((g) => g.conversions, i),
        sessions,
        convertedSessions,
        sessionConversionRate: ratio(convertedSessions, sessions),
        value,
      }
    }),
  }
}
