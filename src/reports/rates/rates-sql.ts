import type { CompiledGoal } from '../../goals/compiled-goal.ts'
import { SESSION_COLUMNS, SESSION_WINDOW } from '../../goals/session-columns.ts'
import type { CountingRule, GoalValue } from '../../schema/goal.ts'

/** A goal ready for the rates query: its compiled expressions and what decides its counting. */
export interface RateGoalSql {
  compiled: CompiledGoal
  counting: CountingRule
  value: GoalValue | undefined
}

/**
 * How rows are grouped: `event` is computed on each event row (period, time bucket), `session`
 * and `visitor` say how a dimension's value is carried from events to sessions to visitors.
 * `pages` collects every page a visitor viewed (a visitor lands in several rows).
 */
export type GroupPlan =
  | { kind: 'event'; expr: string }
  | { kind: 'first'; expr: string; session: string; visitor: string }
  | { kind: 'pages'; top: boolean }

/**
 * The rates query, in three levels so each counting rule is exact:
 * 1. sessions (visitor, session, group): conversions, the first conversion's time and value;
 * 2. visitors (visitor, group): sessions, converted sessions, conversions, the value by rule;
 * 3. the group: visitors, converted visitors, conversions by the goal's rule, value.
 * The first conversion's value is taken with `argMin(tuple(v), …)` because aggregate functions
 * skip NULL arguments, which would pick a later conversion when the first has no value.
 */
export function ratesSql(goals: RateGoalSql[], group: GroupPlan | null, needsSession: boolean): string {
  const rows = eventRows(goals, group, needsSession)
  const g = group !== null
  const session: string[] = ['visitor_id']
  const visitorCols: string[] = []
  const totalCols: string[] = ['count() AS visitors', 'sum(sessions) AS sessions']
  if (group?.kind === 'event') session.push('grp')
  if (group?.kind === 'first') session.push(`${group.session} AS sgrp`, 'min(ts) AS s_start')
  if (group?.kind === 'pages') session.push(`groupUniqArrayIf(grp, grp != '') AS s_pages`)

  goals.forEach((goal, i) => {
    const c = `c${i}`
    session.push(`countIf(${c}) AS n${i}`)
    visitorCols.push(`sum(n${i}) AS e${i}`, `countIf(n${i} > 0) AS cs${i}`)
    totalCols.push(`countIf(e${i} > 0) AS cv${i}`, `sum(cs${i}) AS csess${i}`, `sum(e${i}) AS ev${i}`)
    if (!goal.value) return
    if (goal.counting === 'every_time') {
      session.push(`sumIf(v${i}, ${c}) AS sv${i}`, `countIf(${c} AND isNotNull(v${i})) AS svn${i}`)
      visitorCols.push(`sum(sv${i}) AS val${i}`, `sum(svn${i}) AS valn${i}`)
      totalCols.push(`sum(val${i}) AS value${i}`, `sum(valn${i}) AS valuen${i}`)
    } else {
      session.push(`minIf(ts, ${c}) AS t${i}`, `argMinIf(tuple(v${i}), ts, ${c}).1 AS fv${i}`)
      if (goal.counting === 'once_per_session') {
        visitorCols.push(
          `sumIf(fv${i}, n${i} > 0) AS val${i}`,
          `countIf(n${i} > 0 AND isNotNull(fv${i})) AS valn${i}`,
        )
        totalCols.push(`sum(val${i}) AS value${i}`, `sum(valn${i}) AS valuen${i}`)
      } else {
        visitorCols.push(`argMinIf(tuple(fv${i}), t${i}, n${i} > 0).1 AS val${i}`)
        totalCols.push(
          `sumIf(val${i}, e${i} > 0) AS value${i}`,
          `countIf(e${i} > 0 AND isNotNull(val${i})) AS valuen${i}`,
        )
      }
    }
    if (!('fixed' in goal.value) && !goal.value.currency) {
      session.push(`groupUniqArrayIf(cur${i}, ${c} AND cur${i} != '') AS scu${i}`)
      visitorCols.push(`groupUniqArrayArray(scu${i}) AS vcu${i}`)
      totalCols.push(`groupUniqArrayArray(vcu${i}) AS currencies${i}`)
    }
  })

  const sessionKey = ['visitor_id', 'session_id', ...(group?.kind === 'event' ? ['grp'] : [])]
  const visitorKey = ['visitor_id', ...(group?.kind === 'event' ? ['grp'] : [])]
  const visitorGroup =
    group?.kind === 'first'
      ? [`${group.visitor} AS grp`]
      : group?.kind === 'pages'
        ? ['groupUniqArrayArray(s_pages) AS pages']
        : []
  const level1 = `SELECT ${session.join(',\n    ')}\n  FROM (${rows})\n  GROUP BY ${sessionKey.join(', ')}`
  const level2 = `SELECT ${[...visitorKey, ...visitorGroup, 'count() AS sessions', ...visitorCols].join(',\n    ')}\n  FROM (${level1})\n  GROUP BY visitor_id${group?.kind === 'event' ? ', grp' : ''}`

  if (group?.kind === 'pages') {
    const pageRows = group.top
      ? `if(empty(pages), ['(none)'], arrayDistinct(arrayMap(p -> if(has({top:Array(String)}, p), p, '(other)'), pages)))`
      : `if(empty(pages), ['(none)'], pages)`
    return `SELECT grp, ${totalCols.join(',\n  ')}\nFROM (${level2})\nARRAY JOIN ${pageRows} AS grp\nGROUP BY grp\nORDER BY visitors DESC, grp${group.top ? '' : '\nLIMIT {limit:UInt32}'}`
  }
  if (!g) return `SELECT ${totalCols.join(',\n  ')}\nFROM (${level2})`
  return `SELECT grp, ${totalCols.join(',\n  ')}\nFROM (${level2})\nGROUP BY grp\nORDER BY ${group?.kind === 'first' ? 'visitors DESC, grp\nLIMIT {limit:UInt32}' : 'grp'}`
}

/**
 * Level 0: the site's events of the period (plus the previous one when compared), each with the
 * goal flags, values and the group value. Identify, group and alias calls are not visits.
 * The UTC range, widened by a day each side, lets the primary key prune; the exact day test runs
 * in the site's zone. Session columns need whole sessions, so their window reads one more day.
 */
function eventRows(goals: RateGoalSql[], group: GroupPlan | null, needsSession: boolean): string {
  const source = needsSession
    ? `(SELECT *, ${SESSION_COLUMNS}
      FROM events
      WHERE site_id = {site:String} AND toDate(ts) BETWEEN {lo:Date} - 2 AND {hi:Date} + 1
      ${SESSION_WINDOW})`
    : 'events'
  const cols = ['visitor_id', 'session_id', 'ts']
  if (group?.kind === 'event' || group?.kind === 'first') cols.push(`${group.expr} AS grp`)
  if (group?.kind === 'pages') cols.push(`if(type IN ('page', 'screen'), path, '') AS grp`)
  goals.forEach((goal, i) => {
    cols.push(`${goal.compiled.condition} AS c${i}`)
    if (goal.value) cols.push(`${goal.compiled.value} AS v${i}`)
    if (goal.value && !('fixed' in goal.value) && !goal.value.currency)
      cols.push(`${goal.compiled.currency} AS cur${i}`)
  })
  return `SELECT ${cols.join(',\n      ')}
    FROM ${source}
    WHERE site_id = {site:String}
      AND toDate(ts) BETWEEN {lo:Date} - 1 AND {hi:Date} + 1
      AND toDate(ts, {tz:String}) BETWEEN {lo:Date} AND {hi:Date}
      AND type IN ('track', 'page', 'screen')`
}
