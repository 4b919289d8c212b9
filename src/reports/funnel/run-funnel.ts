import type { ClickHouseClient } from '@clickhouse/client'
import { type FunnelDefinition, funnelPeriod } from '../../schema/funnel.ts'
import type { Goal } from '../../schema/goal.ts'
import { runQuery } from '../query.ts'
import { todayIn } from '../rates/rates-spec.ts'
import { compileFunnelReport, planFunnel } from './compile-funnel.ts'
import { type FunnelResult, type FunnelRow, shapeFunnel } from './shape-funnel.ts'

export interface FunnelRunInput {
  site: { id: string; timezone: string }
  definition: FunnelDefinition
  goals: readonly Goal[]
  from?: string
  to?: string
  interval: 'day' | 'week'
  compare: 'previous' | 'none'
  breakdownLimit: number
  now: Date
  /** For tests: force the general evaluator of ordered funnels. */
  evaluator?: 'auto' | 'sets'
}

/** Evaluates a funnel over a period: one query, shaped into the report. */
export async function runFunnel(client: ClickHouseClient, input: FunnelRunInput): Promise<FunnelResult> {
  const { site } = input
  const period = funnelPeriod(input, todayIn(site.timezone, input.now))
  const plan = { ...planFunnel(input.definition, input.goals), evaluator: input.evaluator ?? 'auto' }
  const rows = await runQuery<FunnelRow>(
    client,
    compileFunnelReport(
      site.id,
      site.timezone,
      plan,
      { ...period, interval: input.interval },
      input.breakdownLimit,
    ),
  )
  return shapeFunnel(rows, input.definition, { ...period, timezone: site.timezone }, input.breakdownLimit)
}
