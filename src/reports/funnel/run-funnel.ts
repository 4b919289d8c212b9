import type { ClickHouseClient } from '@clickhouse/client'
import { reportPeriod } from '../../schema/calendar-day.ts'
import type { FunnelDefinition } from '../../schema/funnel.ts'
import type { Goal } from '../../schema/goal.ts'
import { localDay } from '../../schema/zoned-time.ts'
import { runQuery } from '../query.ts'
import { compileFunnelReport, planFunnel } from './compile-funnel.ts'
import type { FunnelPlan } from './funnel-sql.ts'
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
  /** Only the people of this saved visitor list. */
  visitorListId?: string | undefined
  /** For tests: force the general evaluator of ordered funnels. */
  evaluator?: 'auto' | 'sets'
}

/** Evaluates a funnel over a period: one query, shaped into the report. */
export async function runFunnel(client: ClickHouseClient, input: FunnelRunInput): Promise<FunnelResult> {
  const { site } = input
  const today = localDay(site.timezone, input.now.getTime())
  const period = reportPeriod(input.from, input.to, input.compare === 'previous', today)
  const plan = withVisitorList(
    { ...planFunnel(input.definition, input.goals), evaluator: input.evaluator ?? 'auto' },
    input.visitorListId,
  )
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

/** The plan restricted to a saved visitor list's people, when one is given. */
export function withVisitorList(plan: FunnelPlan, listId: string | undefined): FunnelPlan {
  return listId ? { ...plan, visitorList: true, params: { ...plan.params, visitor_list: listId } } : plan
}
