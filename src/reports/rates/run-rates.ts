import type { ClickHouseClient } from '@clickhouse/client'
import { AppError } from '../../schema/app-error.ts'
import type { Goal } from '../../schema/goal.ts'
import { runQuery } from '../query.ts'
import {
  compileRatesBreakdown,
  compileRatesSeries,
  compileRatesTotals,
  compileRatesTotalsAndSeries,
  isDayInterval,
} from './compile-rates.ts'
import { type RatesQuery, type RatesSpec, resolveRatesSpec } from './rates-spec.ts'
import { type RatesReport, type RatesRow, shapeRates } from './shape-rates.ts'

export const MAX_REPORT_GOALS = 50

/** The goals a report asks for, by id or name, in the order asked; all of them by default. */
export function chooseGoals(all: readonly Goal[], wanted: readonly string[] | undefined): Goal[] {
  if (!wanted || wanted.length === 0) return all.slice(0, MAX_REPORT_GOALS)
  const chosen: Goal[] = []
  for (const key of wanted) {
    const goal = all.find((g) => g.id === key) ?? all.find((g) => g.name === key)
    if (!goal)
      throw new AppError('invalid_parameter', `goals names "${key}", which is not a goal of this site`, [
        { field: 'goals', reason: `"${key}" is not a goal of this site` },
      ])
    if (!chosen.includes(goal)) chosen.push(goal)
  }
  if (chosen.length > MAX_REPORT_GOALS)
    throw new AppError('invalid_parameter', `goals may list at most ${MAX_REPORT_GOALS} goals`, [
      { field: 'goals', reason: `at most ${MAX_REPORT_GOALS} goals` },
    ])
  return chosen
}

export interface RatesInput {
  site: { id: string; timezone: string }
  goals: readonly Goal[]
  query: RatesQuery
  now: Date
}

/** Runs the totals, series and breakdown queries of one rates report, side by side. */
export async function runRates(client: ClickHouseClient, input: RatesInput): Promise<RatesReport> {
  const { site, query } = input
  const goals = chooseGoals(input.goals, query.goals)
  const spec: RatesSpec = resolveRatesSpec(query, site.timezone, input.now)
  const breakdown = spec.breakdown
  const [{ totals, series }, rows] = await Promise.all([
    runTotalsAndSeries(client, site, goals, spec),
    breakdown ? runBreakdown(client, site, goals, { ...spec, breakdown }) : Promise.resolve(null),
  ])
  const report = shapeRates({ totals, series, breakdown: rows }, goals, spec, site.timezone)
  const omitted = query.goals?.length ? 0 : input.goals.length - goals.length
  return omitted > 0 ? { ...report, omittedGoals: omitted } : report
}

const isPeriodRow = (r: RatesRow) => r.grp === 'current' || r.grp === 'previous'

/** Series by day, week or month come with the totals from one scan; hours need a scan of their own. */
async function runTotalsAndSeries(
  client: ClickHouseClient,
  site: { id: string; timezone: string },
  goals: readonly Goal[],
  spec: RatesSpec,
): Promise<{ totals: RatesRow[]; series: RatesRow[] | null }> {
  const interval = spec.interval
  if (isDayInterval(interval)) {
    const rows = await runQuery<RatesRow>(
      client,
      compileRatesTotalsAndSeries(site.id, site.timezone, goals, { ...spec, interval }),
    )
    return { totals: rows.filter(isPeriodRow), series: rows.filter((r) => !isPeriodRow(r)) }
  }
  const [totals, series] = await Promise.all([
    runQuery<RatesRow>(client, compileRatesTotals(site.id, site.timezone, goals, spec)),
    interval === 'none'
      ? Promise.resolve(null)
      : runQuery<RatesRow>(client, compileRatesSeries(site.id, site.timezone, goals, { ...spec, interval })),
  ])
  return { totals, series }
}

async function runBreakdown(
  client: ClickHouseClient,
  site: { id: string; timezone: string },
  goals: readonly Goal[],
  spec: RatesSpec & { breakdown: NonNullable<RatesSpec['breakdown']> },
): Promise<RatesRow[]> {
  const first = await runQuery<RatesRow>(client, compileRatesBreakdown(site.id, site.timezone, goals, spec))
  if (spec.breakdown.dimension !== 'page') return first
  // Pages overlap: the top pages are known only now; a second run folds the rest into "(other)".
  const top = first.map((r) => String(r.grp)).filter((p) => p !== '(none)')
  return runQuery<RatesRow>(client, compileRatesBreakdown(site.id, site.timezone, goals, spec, top))
}
