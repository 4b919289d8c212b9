import type { Condition, GoalValue, Match, PathPattern } from '../schema/goal.ts'

/** One-line summaries of a goal's parts, for tables a person reads (CLI listings). */
export function describeMatch(match: Match): string {
  switch (match.type) {
    case 'event': {
      const event = `event ${quote(match.event)}`
      if (match.conditions.length === 0) return event
      return `${event} where ${match.conditions.map(describeCondition).join(match.where === 'all' ? ' and ' : ' or ')}`
    }
    case 'page':
      return `page ${describePath(match.path)}`
    case 'engagement': {
      const on = match.path ? ` on ${describePath(match.path)}` : ''
      const of = match.video !== undefined ? ` of ${quote(match.video)}` : ''
      return `${match.metric} >= ${match.threshold}${on}${of}`
    }
    case 'all':
    case 'any':
      return `${match.type}(${match.matches.map(describeMatch).join('; ')})`
  }
}

export function describeValue(value: GoalValue | undefined): string {
  if (!value) return '-'
  if ('fixed' in value) return `${value.fixed} ${value.currency}`
  return `property ${value.property}${value.currency ? ` (${value.currency})` : ''}`
}

const OPS: Record<Condition['op'], string> = {
  eq: '=',
  neq: '!=',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  regex: '~',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  in: 'in',
  not_in: 'not in',
  exists: 'exists',
}

function describeCondition(c: Condition): string {
  const target = c.property ?? c.field ?? '?'
  if (c.op === 'exists') return c.value ? `${target} exists` : `${target} is missing`
  const value = Array.isArray(c.value) ? `[${c.value.map(quote).join(', ')}]` : quote(c.value)
  return `${target} ${OPS[c.op]} ${value}`
}

function describePath(p: PathPattern): string {
  return p.match === 'exact' ? p.pattern : `${p.pattern} (${p.match})`
}

/** Strings in double quotes with control characters escaped, so one goal stays on one line. */
function quote(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}
