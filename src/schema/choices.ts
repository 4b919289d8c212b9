/**
 * The value lists of the API's enums, as plain constants: the zod schemas check input against
 * them (`z.enum(LIST)`) and the dashboard offers them in its forms. No imports, so that the
 * dashboard's bundle takes these lists without zod; the labels people read stay in the dashboard.
 */

// Goals (src/schema/goal.ts)

export const GOAL_KINDS = ['micro', 'macro'] as const
export type GoalKind = (typeof GOAL_KINDS)[number]

/** once_per_visitor: a visitor converts at most once; once_per_session: once per session; every_time: each matching event. */
export const COUNTING_RULES = ['once_per_visitor', 'once_per_session', 'every_time'] as const
export type CountingRule = (typeof COUNTING_RULES)[number]

export const CONDITION_OPS = [
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
] as const
export type ConditionOp = (typeof CONDITION_OPS)[number]

/** Stored event columns a condition may test besides properties. */
export const CONDITION_FIELDS = [
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
] as const
export type ConditionField = (typeof CONDITION_FIELDS)[number]

export const PATH_MATCH_KINDS = ['exact', 'prefix', 'wildcard', 'regex'] as const
export type PathMatchKind = (typeof PATH_MATCH_KINDS)[number]

export const ENGAGEMENT_METRICS = [
  'pages_per_session',
  'session_duration',
  'time_on_page',
  'scroll_depth',
  'video_progress',
] as const
export type EngagementMetric = (typeof ENGAGEMENT_METRICS)[number]

// Funnels (src/schema/funnel.ts)

export const FUNNEL_MODES = ['ordered', 'strict', 'any_order'] as const
export type FunnelMode = (typeof FUNNEL_MODES)[number]

/** Dimensions a funnel can be broken down by; each is read from the person's funnel events. */
export const FUNNEL_DIMENSIONS = [
  'channel',
  'source',
  'medium',
  'campaign',
  'device',
  'browser',
  'os',
  'country',
  'path',
] as const
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number]

export const ATTRIBUTIONS = ['first_touch', 'last_touch', 'step'] as const
export type Attribution = (typeof ATTRIBUTIONS)[number]

export const FUNNEL_INTERVALS = ['day', 'week'] as const
export type FunnelInterval = (typeof FUNNEL_INTERVALS)[number]

export const PEOPLE_STATUSES = ['completed', 'dropped'] as const
export type PeopleStatus = (typeof PEOPLE_STATUSES)[number]

// Keys and roles (src/store/meta/)

/**
 * - `write`: public, for browsers and SDKs; may only send events.
 * - `server`: secret, for server-side sending; marks events as server-sourced.
 * - `read`: secret, reads the API.
 * - `admin`: secret, reads the API and manages the site's keys.
 */
export const KEY_KINDS = ['write', 'server', 'read', 'admin'] as const
export type KeyKind = (typeof KEY_KINDS)[number]

/** What a user may do on a site (see src/accounts/permissions.ts), weakest first. */
export const SITE_ROLES = ['viewer', 'editor', 'admin'] as const
export type SiteRole = (typeof SITE_ROLES)[number]
