import type { FunnelResult } from '../reports/funnel/shape-funnel.ts'
import type { RatesReport } from '../reports/rates/shape-rates.ts'
import { funnelTable, funnelTrendTable } from './funnel-table.ts'
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
  funnel?: string | undefined
  steps?: string | undefined
  definition?: string | undefined
  mode?: string | undefined
  window?: string | undefined
  attribution?: string | undefined
}

export class ReportUsageError extends Error {}

/** `stepwise report rates|funnel`: a report through the API, as a table or JSON. */
export async function reportCommand(
  api: LocalApi,
  sub: string | undefined,
  options: ReportOptions,
  out: (line: string) => void,
): Promise<number> {
  if (sub === 'funnel') return funnelReport(api, options, out)
  if (sub !== 'rates') throw new ReportUsageError(`unknown report "${sub ?? ''}"; available: rates, funnel`)
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

/**
 * `stepwise report funnel`: a saved funnel (`--funnel`), a definition (`--definition JSON`) or
 * goals as steps (`--steps A,B,C`); `--mode`, `--window`, `--breakdown` and `--attribution`
 * change any of them for this report.
 */
async function funnelReport(
  api: LocalApi,
  options: ReportOptions,
  out: (line: string) => void,
): Promise<number> {
  if (!options.site) throw new ReportUsageError('report funnel needs --site')
  const sources = [options.funnel, options.definition, options.steps].filter((s) => s !== undefined)
  if (sources.length !== 1)
    throw new ReportUsageError(
      'report funnel needs one of --funnel NAME, --steps GOAL,GOAL or --definition JSON',
    )
  const site = `/api/v1/sites/${encodeURIComponent(options.site)}`
  const overrides = definitionOverrides(options)
  const body: Record<string, unknown> = {}
  if (options.funnel !== undefined && Object.keys(overrides).length === 0) body.funnel = options.funnel
  else {
    let definition: Record<string, unknown>
    if (options.funnel !== undefined) {
      const { funnel } = await api.call<{ funnel: { definition: Record<string, unknown> } }>(
        'GET',
        `${site}/funnels/${encodeURIComponent(options.funnel)}`,
      )
      definition = funnel.definition
    } else if (options.definition !== undefined) {
      try {
        definition = JSON.parse(options.definition) as Record<string, unknown>
      } catch {
        throw new ReportUsageError('--definition must be a funnel definition in JSON')
      }
    } else {
      const steps = (options.steps ?? '').split(',').map((s) => s.trim())
      definition = { steps: steps.map((goal) => ({ goal })) }
    }
    body.definition = { ...definition, ...overrides }
  }
  if (options.from !== undefined) body.from = options.from
  if (options.to !== undefined) body.to = options.to
  if (options.interval !== undefined) body.interval = options.interval
  if (options.compare !== undefined) body.compare = options.compare
  if (options.limit !== undefined) body.breakdownLimit = Number(options.limit)
  const report = await api.call<FunnelResult & { funnel: { name: string } | null }>(
    'POST',
    `${site}/reports/funnel`,
    body,
  )
  if (options.json) {
    out(JSON.stringify(report))
    return 0
  }
  out(funnelTable({ ...report, funnel: report.funnel ?? (options.funnel ? { name: options.funnel } : null) }))
  if (options.interval !== undefined)
    out(`\nBy ${report.trend.length ? options.interval : 'day'} of entry:\n${funnelTrendTable(report)}`)
  return 0
}

function definitionOverrides(options: ReportOptions): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  if (options.mode !== undefined) o.mode = options.mode
  if (options.window !== undefined) o.window = options.window
  if (options.breakdown !== undefined) {
    const [dimension, ...rest] = options.breakdown.split(':')
    const breakdown: Record<string, unknown> =
      dimension === 'property' ? { dimension, property: rest.join(':') } : { dimension }
    const attribution = options.attribution
    if (attribution?.startsWith('step:'))
      Object.assign(breakdown, { attribution: 'step', step: Number(attribution.slice(5)) })
    else if (attribution !== undefined) breakdown.attribution = attribution
    o.breakdown = breakdown
  } else if (options.attribution !== undefined) {
    throw new ReportUsageError('--attribution goes with --breakdown')
  }
  return o
}
