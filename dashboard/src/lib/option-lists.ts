import type { Attribution, FunnelDimension, FunnelMode } from '../../../src/schema/funnel.ts'
import type {
  ConditionField,
  ConditionOp,
  CountingRule,
  EngagementMetric,
  GoalKind,
  PathMatchKind,
} from '../../../src/schema/goal.ts'
import type { KeyKind } from '../../../src/store/meta/keys-repository.ts'
import type { SiteRole } from '../../../src/store/meta/site-roles-repository.ts'
import { allOf } from './all-of.ts'

/** The choices of the dashboard's forms, each checked by the compiler against the server's enums. */

export const GOAL_KINDS = allOf<GoalKind>()(['micro', 'macro'])
export const COUNTING_RULES = allOf<CountingRule>()(['once_per_visitor', 'once_per_session', 'every_time'])
export const COUNTING_LABELS: Record<CountingRule, string> = {
  once_per_visitor: 'Once per visitor',
  once_per_session: 'Once per session',
  every_time: 'Every time',
}

export const CONDITION_OPS = allOf<ConditionOp>()([
  'eq',
  'neq',
  'contains',
  'not_contains',
  'starts_with',
  'regex',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'exists',
])
export const OP_LABELS: Record<ConditionOp, string> = {
  eq: 'equals',
  neq: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  regex: 'matches regex',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'is one of',
  not_in: 'is none of',
  exists: 'exists',
}

export const CONDITION_FIELDS = allOf<ConditionField>()([
  'type',
  'source',
  'url',
  'path',
  'referrer_host',
  'channel',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'device',
  'browser',
  'os',
  'country',
  'locale',
  'value',
  'currency',
  'user_id',
])

export const PATH_MATCH_KINDS = allOf<PathMatchKind>()(['exact', 'prefix', 'wildcard', 'regex'])

export const ENGAGEMENT_METRICS = allOf<EngagementMetric>()([
  'pages_per_session',
  'session_duration',
  'time_on_page',
  'scroll_depth',
  'video_progress',
])
export const METRIC_LABELS: Record<EngagementMetric, string> = {
  pages_per_session: 'Pages per session ≥',
  session_duration: 'Session duration (seconds) ≥',
  time_on_page: 'Time on page (seconds) ≥',
  scroll_depth: 'Scroll depth (%) ≥',
  video_progress: 'Video progress (%) ≥',
}

export const FUNNEL_MODES = allOf<FunnelMode>()(['ordered', 'strict', 'any_order'])
export const MODE_LABELS: Record<FunnelMode, string> = {
  ordered: 'Ordered (other events allowed between steps)',
  strict: 'Strict (no other action between steps)',
  any_order: 'Any order',
}
export const FUNNEL_DIMENSIONS = allOf<FunnelDimension>()([
  'channel',
  'source',
  'medium',
  'campaign',
  'device',
  'browser',
  'os',
  'country',
  'path',
])
export const ATTRIBUTIONS = allOf<Attribution>()(['first_touch', 'last_touch', 'step'])
export const ATTRIBUTION_LABELS: Record<Attribution, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  step: 'Value on a step',
}

export const KEY_KINDS = allOf<KeyKind>()(['write', 'server', 'read', 'admin'])
export const KEY_LABELS: Record<KeyKind, string> = {
  write: 'Write (public, for the tracker and SDKs)',
  server: 'Server (secret, server-side sending)',
  read: 'Read (secret, reads the API)',
  admin: 'Admin (secret, manages the site)',
}
export const SITE_ROLES = allOf<SiteRole>()(['viewer', 'editor', 'admin'])
