import type {
  Attribution,
  ConditionOp,
  CountingRule,
  EngagementMetric,
  FunnelMode,
  KeyKind,
} from '../../../src/schema/choices.ts'

/**
 * What people read for the choices of the dashboard's forms. The choices themselves come from
 * src/schema/choices.ts, the lists the server's schemas check with; each record here must name
 * every one of them, or the compiler refuses it.
 */

export const COUNTING_LABELS: Record<CountingRule, string> = {
  once_per_visitor: 'Once per visitor',
  once_per_session: 'Once per session',
  every_time: 'Every time',
}

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

export const METRIC_LABELS: Record<EngagementMetric, string> = {
  pages_per_session: 'Pages per session ≥',
  session_duration: 'Session duration (seconds) ≥',
  time_on_page: 'Time on page (seconds) ≥',
  scroll_depth: 'Scroll depth (%) ≥',
  video_progress: 'Video progress (%) ≥',
}

export const MODE_LABELS: Record<FunnelMode, string> = {
  ordered: 'Ordered (other events allowed between steps)',
  strict: 'Strict (no other action between steps)',
  any_order: 'Any order',
}
export const ATTRIBUTION_LABELS: Record<Attribution, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  step: 'Value on a step',
}

export const KEY_LABELS: Record<KeyKind, string> = {
  write: 'Write (public, for the tracker and SDKs)',
  server: 'Server (secret, server-side sending)',
  read: 'Read (secret, reads the API)',
  admin: 'Admin (secret, manages the site)',
}
