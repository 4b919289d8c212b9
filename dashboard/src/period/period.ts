/**
 * The report period every page shares: a preset (the last 7, 30 or 90 days, this month) or a
 * custom range of whole days in the site's time zone, and whether to compare with the period of
 * equal length just before (as the API's `compare=previous` does).
 */

export const PRESETS = ['7d', '30d', '90d', 'month', 'custom'] as const
export type Preset = (typeof PRESETS)[number]

export interface Period {
  preset: Preset
  from: string
  to: string
  compare: boolean
  /** The period of equal length just before, when compared. */
  previous: { from: string; to: string } | null
}

const DAY_MS = 86_400_000
const DAY = /^\d{4}-\d{2}-\d{2}$/

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

const isDay = (s: string | null): s is string =>
  s !== null && DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)

/** Today's date in a time zone (the site's), as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now)
  } catch {
    return now.toISOString().slice(0, 10)
  }
}

export function previousOf(from: string, to: string): { from: string; to: string } {
  const length = daysBetween(from, to) + 1
  return { from: addDays(from, -length), to: addDays(from, -1) }
}

function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  if (preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today }
  const days = Number(preset.slice(0, -1))
  return { from: addDays(today, -(days - 1)), to: today }
}

/**
 * The period a URL asks for (`range`, `from`, `to`, `compare`); the last 30 days, compared, when
 * it asks for nothing valid. A custom range wins when both days are given and in order.
 */
export function periodFromParams(params: URLSearchParams, today: string): Period {
  const from = params.get('from')
  const to = params.get('to')
  const compare = params.get('compare') !== 'none'
  const range = params.get('range')
  let preset: Preset
  let days: { from: string; to: string }
  if (isDay(from) && isDay(to) && from <= to && (range === null || range === 'custom')) {
    preset = 'custom'
    days = { from, to }
  } else {
    preset =
      (PRESETS as readonly string[]).includes(range ?? '') && range !== 'custom' ? (range as Preset) : '30d'
    days = presetRange(preset as Exclude<Preset, 'custom'>, today)
  }
  return { preset, ...days, compare, previous: compare ? previousOf(days.from, days.to) : null }
}

/** The URL parameters of a period (presets stay relative, so a shared link moves with the days). */
export function periodParams(p: {
  preset: Preset
  from: string
  to: string
  compare: boolean
}): Record<string, string> {
  const params: Record<string, string> =
    p.preset === 'custom' ? { range: 'custom', from: p.from, to: p.to } : { range: p.preset }
  if (!p.compare) params.compare = 'none'
  return params
}

export const PERIOD_PARAMS = ['range', 'from', 'to', 'compare'] as const
