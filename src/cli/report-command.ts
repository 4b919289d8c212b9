import type { RatesReport } from '../reports/rates/shape-rates.ts'
import type { LocalApi } from './local-api.ts'
import { ratesTable, seriesTable } from './rates-table.ts'

export interface ReportOptions {
  site?: string | undefined
  from?: string | undefined
  to?: string | undefined
  goals?: string | undefined
  interval?: string | undefined
  breakdown?: string | undefined
  limit?: string | undefined
  compare?: string | undefined
  json?: boolean | undefined
}

export class ReportUsageError extends Error {}

/** `stepwise report rates`: the rates report through the API, as a table or JSON. */
export async function reportCommand(
  api: LocalApi,
  sub: string | undefined,
  options: ReportOptions,
  out: (line: string) => void,
): Promise<number> {
  if (sub !== 'rates') throw new ReportUsageError(`unknown report "${sub ?? ''}"; available: rates`)
  if (!options.site) throw new ReportUsageError('report rates needs --site')
  const params = new URLSearchParams()
  for (const key of ['from', 'to', 'goals', 'interval', 'breakdown', 'limit', 'compare'] as const) {
    const v = options[key]
    if (v !== undefined) params.set(key, v)
  }
  // The table shows a series only when one is asked for; JSON always carries the default (days).
  if (!options.json && options.interval === undefined) params.set('interval', 'none')
  const query = params.size ? `?${params}` : ''
  const report = await api.call<RatesReport>(
    'GET',
    `/api/v1/sites/${encodeURIComponent(options.site)}/reports/rates${query}`,
  )
  if (options.json) {
    out(JSON.stringify(report))
    return 0
  }
  out(ratesTable(report))
  if (report.series) out(`\nBy ${report.series.interval}:\n${seriesTable(report)}`)
  return 0
}
