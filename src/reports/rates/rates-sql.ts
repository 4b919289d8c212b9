import type { CompiledGoal } from '../../goals/compiled-goal.ts'
import type { CountingRule } from '../../schema/choices.ts'
import type { GoalValue } from '../../schema/goal.ts'

/** A goal ready for the rates query: its compiled expressions and what decides its counting. */
export interface RateGoalSql {
  compiled: CompiledGoal
  counting: CountingRule
  value: GoalValue | undefined
}

/**
 * How a breakdown carries a dimension from events to visitors: `first` takes the value of the
 * visitor's first event in the period (`visitor` aggregates the event-level `grp` per visitor);
 * `pages` collects every page a visitor viewed, so a visitor lands in several rows.
 */
export type BreakdownPlan = { kind: 'first'; expr: string; visitor: string } | { kind: 'pages'; top: boolean }

const wantsCurrencies = (g: RateGoalSql) =>
  g.value !== undefined && !('fixed' in g.value) && !g.value.currency

/**
 * The first conversion of each key (visitor or session) from an array of (key, ts, value)
 * tuples sorted by key then time. Counting rules "once per …" value only that one.
 */
// A key differs from the previous element's where its difference is not 0 (all three arrays have
// the same size, empty ones included); a lambda indexing the array itself would copy it per element.
const firsts = (arr: string) =>
  `arrayFilter((x, d, k) -> k = 1 OR d != 0, ${arr}, arrayDifference(arrayMap(y -> y.1, ${arr})), arrayEnumerate(${arr}))`

/**
 * One aggregate of a group: `base[If](args[, cond]) AS name`, optionally wrapped (`arraySort`).
 * Written so that it can also be kept per day and merged over days with the same result: counts
 * and sums as numbers added up (a sum of no value stays NULL, as `sumIf` gives), the others as
 * states (`baseStateIf`, `baseMerge`).
 */
interface GroupAggregate {
  name: string
  base: 'uniqExact' | 'count' | 'sum' | 'groupArray' | 'groupUniqArray'
  args: string
  cond: string | null
  wrap?: (sql: string) => string
}

const call = (fn: string, a: GroupAggregate) => `${fn}(${[a.args, a.cond].filter((x) => x).join(', ')})`
const additive = (a: GroupAggregate) => a.base === 'count' || a.base === 'sum'
const direct = (a: GroupAggregate) => (a.wrap ?? String)(call(a.cond ? `${a.base}If` : a.base, a))
const dayPart = (a: GroupAggregate) =>
  additive(a)
    ? call(a.cond ? `${a.base}If` : a.base, a)
    : call(a.cond ? `${a.base}StateIf` : `${a.base}State`, a)
const merged = (a: GroupAggregate) =>
  (a.wrap ?? String)(additive(a) ? `sum(day_${a.name})` : `${a.base}Merge(day_${a.name})`)

/**
 * What a rates group counts: distinct visitors and sessions, and per goal the distinct converting
 * visitors and sessions and the matching events (`inner`), and the report's columns computed from
 * them (`outer`). The "once per visitor / session" value needs the first conversion of each key:
 * the matching rows' (key, ts, value) are collected (conversions only, not all rows) and the first
 * of each key kept after sorting.
 */
function groupAggregates(goals: RateGoalSql[]): { inner: GroupAggregate[]; outer: string[] } {
  const agg = (name: string, base: GroupAggregate['base'], args: string, cond: string | null = null) => ({
    name,
    base,
    args,
    cond,
  })
  const inner: GroupAggregate[] = [
    agg('visitors', 'uniqExact', 'visitor_key'),
    agg('sessions', 'uniqExact', 'session_key'),
  ]
  const outer: string[] = ['grp', 'visitors', 'sessions']
  goals.forEach((goal, i) => {
    const c = `c${i}`
    inner.push(
      agg(`cv${i}`, 'uniqExact', 'visitor_key', c),
      agg(`csess${i}`, 'uniqExact', 'session_key', c),
      agg(`ev${i}`, 'count', '', c),
    )
    outer.push(`cv${i}`, `csess${i}`, `ev${i}`)
    if (goal.value) {
      if (goal.counting === 'every_time') {
        inner.push(
          agg(`value${i}`, 'sum', `v${i}`, c),
          agg(`valuen${i}`, 'count', '', `${c} AND isNotNull(v${i})`),
        )
        outer.push(`value${i}`, `valuen${i}`)
      } else {
        const key = goal.counting === 'once_per_session' ? 'session_key' : 'visitor_key'
        inner.push({
          ...agg(`a${i}`, 'groupArray', `(${key}, ts, v${i})`, c),
          wrap: (sql) => `arraySort(${sql})`,
        })
        outer.push(
          `arraySum(x -> ifNull(x.3, 0), ${firsts(`a${i}`)}) AS value${i}`,
          `arrayCount(x -> isNotNull(x.3), ${firsts(`a${i}`)}) AS valuen${i}`,
        )
      }
    }
    if (wantsCurrencies(goal)) {
      inner.push(agg(`currencies${i}`, 'groupUniqArray', `cur${i}`, `${c} AND cur${i} != ''`))
      outer.push(`currencies${i}`)
    }
  })
  return { inner, outer }
}

/**
 * Totals or a time series in one pass over the events, grouped by an event-level `grp` (the
 * period, or the time bucket). Distinct counts run on the 64-bit `visitor_key` / `session_key`
 * columns, several times faster than on the id strings.
 */
export function ratesSql(goals: RateGoalSql[], groupExpr: string): string {
  const { inner, outer } = groupAggregates(goals)
  return `SELECT ${outer.join(', ')}
FROM (
  SELECT ${['grp', ...inner.map((a) => `${direct(a)} AS ${a.name}`)].join(',\n    ')}
  FROM (${eventRows(goals, `${groupExpr} AS grp`)})
  GROUP BY grp
)
ORDER BY grp`
}

/**
 * The totals of the period (and of the previous one, when compared) and its series by day, week
 * or month, in one pass over the events: each day of the site's zone keeps its figures as states,
 * then every day is merged into its period's row (`grp` 'current' or 'previous') and, in the
 * current period, into its bucket's row (`grp` the bucket's start). The same rows as `ratesSql`
 * with the period and with the bucket gives, for about half the work: the events are read and the
 * goals tested once, not twice. `bucketOfDay` is an expression of `day`.
 */
export function ratesTotalsAndSeriesSql(goals: RateGoalSql[], bucketOfDay: string): string {
  const { inner, outer } = groupAggregates(goals)
  return `SELECT ${outer.join(', ')}
FROM (
  SELECT ${['grp', ...inner.map((a) => `${merged(a)} AS ${a.name}`)].join(',\n    ')}
  FROM (
    SELECT ${['day', ...inner.map((a) => `${dayPart(a)} AS day_${a.name}`)].join(',\n      ')}
    FROM (${eventRows(goals, 'toDate(ts, {tz:String}) AS day')})
    GROUP BY day
  )
  ARRAY JOIN if(day >= {from:Date}, ['current', ${bucketOfDay}], ['previous']) AS grp
  GROUP BY grp
)
ORDER BY grp`
}

/**
 * A breakdown in two levels: per visitor (their dimension value, sessions, and per goal their
 * conversions, converted sessions and value by the counting rule), then per dimension value.
 * Every visitor is in one row (or, for pages, in each page's row), so each figure is exact.
 */
export function breakdownSql(goals: RateGoalSql[], plan: BreakdownPlan): string {
  const visitor: string[] = ['visitor_key', 'uniqExact(session_key) AS sessions']
  const totals: string[] = ['count() AS visitors', 'sum(sessions) AS sessions']
  visitor.push(
    plan.kind === 'first' ? `${plan.visitor} AS vgrp` : `groupUniqArrayIf(grp, grp != '') AS pages`,
  )
  goals.forEach((goal, i) => {
    const c = `c${i}`
    visitor.push(`countIf(${c}) AS e${i}`, `uniqExactIf(session_key, ${c}) AS cs${i}`)
    totals.push(`countIf(e${i} > 0) AS cv${i}`, `sum(cs${i}) AS csess${i}`, `sum(e${i}) AS ev${i}`)
    if (goal.value) {
      if (goal.counting === 'every_time') {
        visitor.push(`sumIf(v${i}, ${c}) AS val${i}`, `countIf(${c} AND isNotNull(v${i})) AS valn${i}`)
        totals.push(`sum(val${i}) AS value${i}`, `sum(valn${i}) AS valuen${i}`)
      } else if (goal.counting === 'once_per_session') {
        visitor.push(`arraySort(groupArrayIf((session_key, ts, v${i}), ${c})) AS a${i}`)
        totals.push(
          `sum(arraySum(x -> ifNull(x.3, 0), ${firsts(`a${i}`)})) AS value${i}`,
          `sum(arrayCount(x -> isNotNull(x.3), ${firsts(`a${i}`)})) AS valuen${i}`,
        )
      } else {
        visitor.push(`argMinIf(tuple(v${i}), ts, ${c}).1 AS val${i}`)
        totals.push(
          `sumIf(val${i}, e${i} > 0) AS value${i}`,
          `countIf(e${i} > 0 AND isNotNull(val${i})) AS valuen${i}`,
        )
      }
    }
    if (wantsCurrencies(goal)) {
      visitor.push(`groupUniqArrayIf(cur${i}, ${c} AND cur${i} != '') AS vcu${i}`)
      totals.push(`groupUniqArrayArray(vcu${i}) AS currencies${i}`)
    }
  })
  const grpExpr =
    plan.kind === 'first' ? `${plan.expr} AS grp` : `if(type IN ('page', 'screen'), path, '') AS grp`
  const perVisitor = `SELECT ${visitor.join(',\n    ')}
  FROM (${eventRows(goals, grpExpr)})
  GROUP BY visitor_key`
  if (plan.kind === 'pages') {
    const pages = plan.top
      ? `if(empty(pages), ['(none)'], arrayDistinct(arrayMap(p -> if(has({top:Array(String)}, p), p, '(other)'), pages)))`
      : `if(empty(pages), ['(none)'], pages)`
    return `SELECT grp, ${totals.join(',\n  ')}
FROM (${perVisitor})
ARRAY JOIN ${pages} AS grp
GROUP BY grp
ORDER BY visitors DESC, grp${plan.top ? '' : '\nLIMIT {limit:UInt32}'}`
  }
  return `SELECT vgrp AS grp, ${totals.join(',\n  ')}
FROM (${perVisitor})
GROUP BY grp
ORDER BY visitors DESC, grp
LIMIT {limit:UInt32}`
}

/**
 * The site's events of the period (plus the previous one when compared), each with the goal
 * flags, values and the group value. Identify, group and alias calls are not visits.
 * The UTC range, widened by a day each side, lets the primary key prune; the exact day test runs
 * in the site's zone.
 */
function eventRows(goals: RateGoalSql[], grp: string): string {
  const cols = ['visitor_key', 'session_key', 'ts', grp]
  goals.forEach((goal, i) => {
    cols.push(`${goal.compiled.condition} AS c${i}`)
    // Values are read only on matching rows (\`if\` short-circuits): parsing every row's
    // properties would cost more than the rest of the report.
    if (goal.value) cols.push(`if(c${i}, ${goal.compiled.value}, NULL) AS v${i}`)
    if (wantsCurrencies(goal)) cols.push(`if(c${i}, ${goal.compiled.currency}, '') AS cur${i}`)
  })
  return `SELECT ${cols.join(',\n      ')}
    FROM events
    WHERE site_id = {site:String}
      AND toDate(ts) BETWEEN {lo:Date} - 1 AND {hi:Date} + 1
      AND toDate(ts, {tz:String}) BETWEEN {lo:Date} AND {hi:Date}
      AND type IN ('track', 'page', 'screen')`
}
