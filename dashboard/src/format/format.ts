/**
 * Numbers, rates, money, durations and dates for people, in their locale (Intl). A rate that has
 * no denominator (no visitors) is null in the API and shown as "–", never as 0 or NaN.
 */

export const NO_VALUE = '–'

const cache = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`
  let format = cache.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, options)
    cache.set(key, format)
  }
  return format
}

export const formatCount = (n: number | null, locale?: string): string =>
  n === null || !Number.isFinite(n) ? NO_VALUE : numberFormat(locale, { maximumFractionDigits: 0 }).format(n)

/** A rate (0.0153) as a percentage: "1.53%" in en-US, "1,53 %" in de-DE; `digits` after the point. */
export const formatRate = (rate: number | null, locale?: string, digits = 2): string =>
  rate === null || !Number.isFinite(rate)
    ? NO_VALUE
    : numberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(rate)

/** A small statistic such as a p-value, to `digits` significant digits: "0.031", "0,031". */
export const formatSignificant = (n: number | null, locale?: string, digits = 2): string =>
  n === null || !Number.isFinite(n)
    ? NO_VALUE
    : numberFormat(locale, { maximumSignificantDigits: digits }).format(n)

/** A relative change (0.12 → "+12.0%"); null when the previous figure was 0. */
export const formatChange = (relative: number | null, locale?: string): string =>
  relative === null || !Number.isFinite(relative)
    ? NO_VALUE
    : numberFormat(locale, {
        style: 'percent',
        signDisplay: 'exceptZero',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(relative)

/** The change of a rate in percentage points ("+0.42 pp"). */
export function formatPointChange(absolute: number | null, locale?: string): string {
  if (absolute === null || !Number.isFinite(absolute)) return NO_VALUE
  const points = numberFormat(locale, {
    signDisplay: 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(absolute * 100)
  return `${points} pp`
}

export function formatMoney(amount: number | null, currency: string | null, locale?: string): string {
  if (amount === null || !Number.isFinite(amount)) return NO_VALUE
  if (!currency) return numberFormat(locale, { maximumFractionDigits: 2 }).format(amount)
  try {
    return numberFormat(locale, { style: 'currency', currency }).format(amount)
  } catch {
    return `${numberFormat(locale, { maximumFractionDigits: 2 }).format(amount)} ${currency}`
  }
}

/** Seconds as the two largest units: "45s", "3m 20s", "2h 5m", "3d 4h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return NO_VALUE
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ]
  const parts: string[] = []
  let rest = s
  for (const [unit, size] of units) {
    if (parts.length === 2) break
    const n = Math.floor(rest / size)
    rest -= n * size
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`)
  }
  return parts.filter((p) => !/^0\w$/.test(p)).join(' ')
}

/** A calendar day (YYYY-MM-DD) as the locale writes it, without a time zone shift. */
export function formatDay(day: string, locale?: string, options: Intl.DateTimeFormatOptions = {}): string {
  const date = new Date(`${day}T12:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC', ...options }).format(date)
}

export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(date)
}

/** "12s ago", "5 min ago", in the locale's words. */
export function formatAgo(iso: string, now: number, locale?: string): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  if (!Number.isFinite(seconds)) return iso
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })
  const abs = Math.abs(seconds)
  if (abs < 60) return format.format(seconds, 'second')
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour')
  return format.format(Math.round(seconds / 86_400), 'day')
}
