import type {
  ConditionField,
  ConditionOp,
  CountingRule,
  EngagementMetric,
  GoalKind,
  PathMatchKind,
} from '../../../../src/schema/choices.ts'
import type { Condition, Goal, GoalInput, Match } from '../../api/api-types.ts'

/**
 * A goal as the editor holds it: every field as the user typed it (numbers as text), turned into
 * the API's goal by `toGoalInput`. The server validates the result and names any field at fault.
 */
export interface ConditionDraft {
  target: 'property' | 'field'
  property: string
  field: ConditionField
  op: ConditionOp
  /** The value as typed; a comma list for `in` / `not_in`; "true"/"false" for `exists`. */
  value: string
}

export type MatchDraft =
  | { type: 'event'; event: string; where: 'all' | 'any'; conditions: ConditionDraft[] }
  | { type: 'page'; match: PathMatchKind; pattern: string }
  | {
      type: 'engagement'
      metric: EngagementMetric
      threshold: string
      pathMatch: PathMatchKind
      pathPattern: string
      video: string
    }
  | { type: 'all' | 'any'; matches: MatchDraft[] }

export interface GoalDraft {
  name: string
  kind: GoalKind
  description: string
  counting: CountingRule
  valueMode: 'none' | 'fixed' | 'property'
  fixed: string
  property: string
  currency: string
  match: MatchDraft
}

export const emptyCondition = (): ConditionDraft => ({
  target: 'property',
  property: '',
  field: 'path',
  op: 'eq',
  value: '',
})

export function emptyMatch(type: MatchDraft['type']): MatchDraft {
  switch (type) {
    case 'event':
      return { type, event: '', where: 'all', conditions: [] }
    case 'page':
      return { type, match: 'exact', pattern: '' }
    case 'engagement':
      return {
        type,
        metric: 'pages_per_session',
        threshold: '4',
        pathMatch: 'prefix',
        pathPattern: '',
        video: '',
      }
    case 'all':
    case 'any':
      return { type, matches: [emptyMatch('event')] }
  }
}

export const emptyGoal = (): GoalDraft => ({
  name: '',
  kind: 'micro',
  description: '',
  counting: 'once_per_visitor',
  valueMode: 'none',
  fixed: '',
  property: '',
  currency: '',
  match: emptyMatch('event'),
})

const NUMERIC: readonly ConditionOp[] = ['gt', 'gte', 'lt', 'lte']

/** Text typed as a number; '' stays '' so the server can say the field is missing. */
const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))

function toCondition(d: ConditionDraft): Condition {
  const target = d.target === 'property' ? { property: d.property.trim() } : { field: d.field }
  let value: unknown
  if (NUMERIC.includes(d.op)) value = toNumber(d.value)
  else if (d.op === 'in' || d.op === 'not_in')
    value = d.value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
  else if (d.op === 'exists') value = d.value !== 'false'
  else value = d.value
  return { ...target, op: d.op, value } as Condition
}

function fromCondition(c: Condition): ConditionDraft {
  const value = Array.isArray(c.value) ? c.value.join(', ') : String(c.value)
  return {
    target: c.property !== undefined ? 'property' : 'field',
    property: c.property ?? '',
    field: c.field ?? 'path',
    op: c.op,
    value,
  }
}

export function toMatch(d: MatchDraft): Match {
  switch (d.type) {
    case 'event':
      return {
        type: 'event',
        event: d.event.trim(),
        where: d.where,
        conditions: d.conditions.map(toCondition),
      }
    case 'page':
      return { type: 'page', path: { match: d.match, pattern: d.pattern.trim() } }
    case 'engagement': {
      const withPath =
        (d.metric === 'time_on_page' || d.metric === 'scroll_depth') && d.pathPattern.trim() !== ''
      const withVideo = d.metric === 'video_progress' && d.video.trim() !== ''
      return {
        type: 'engagement',
        metric: d.metric,
        threshold: toNumber(d.threshold),
        ...(withPath ? { path: { match: d.pathMatch, pattern: d.pathPattern.trim() } } : {}),
        ...(withVideo ? { video: d.video.trim() } : {}),
      }
    }
    case 'all':
    case 'any':
      return { type: d.type, matches: d.matches.map(toMatch) }
  }
}

export function fromMatch(m: Match): MatchDraft {
  switch (m.type) {
    case 'event':
      return { type: 'event', event: m.event, where: m.where, conditions: m.conditions.map(fromCondition) }
    case 'page':
      return { type: 'page', match: m.path.match, pattern: m.path.pattern }
    case 'engagement':
      return {
        type: 'engagement',
        metric: m.metric,
        threshold: String(m.threshold),
        pathMatch: m.path?.match ?? 'prefix',
        pathPattern: m.path?.pattern ?? '',
        video: m.video ?? '',
      }
    case 'all':
    case 'any':
      return { type: m.type, matches: m.matches.map(fromMatch) }
  }
}

export function toGoalInput(d: GoalDraft): GoalInput {
  const currency = d.currency.trim().toUpperCase()
  const value =
    d.valueMode === 'fixed'
      ? { fixed: toNumber(d.fixed), currency }
      : d.valueMode === 'property'
        ? { property: d.property.trim(), ...(currency ? { currency } : {}) }
        : undefined
  return {
    name: d.name.trim(),
    kind: d.kind,
    description: d.description,
    counting: d.counting,
    match: toMatch(d.match),
    ...(value ? { value } : {}),
  }
}

export function fromGoal(g: Goal): GoalDraft {
  return {
    name: g.name,
    kind: g.kind,
    description: g.description,
    counting: g.counting,
    valueMode: g.value ? ('fixed' in g.value ? 'fixed' : 'property') : 'none',
    fixed: g.value && 'fixed' in g.value ? String(g.value.fixed) : '',
    property: g.value && 'property' in g.value ? g.value.property : '',
    currency: g.value?.currency ?? '',
    match: fromMatch(g.match),
  }
}

/** Whether a match is complete enough to preview (the server still has the last word). */
export function previewable(d: MatchDraft): boolean {
  switch (d.type) {
    case 'event':
      return (
        d.event.trim() !== '' && d.conditions.every((c) => c.target === 'field' || c.property.trim() !== '')
      )
    case 'page':
      return d.pattern.trim() !== ''
    case 'engagement':
      return d.threshold.trim() !== '' && Number.isFinite(Number(d.threshold))
    case 'all':
    case 'any':
      return d.matches.length > 0 && d.matches.every(previewable)
  }
}
