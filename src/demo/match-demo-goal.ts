import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS } from '../schema/autocapture.ts'
import type { Condition, Match, PathPattern } from '../schema/goal.ts'
import type { DemoMessage } from './visit-writer.ts'

/** Where a message sits in its session, for the engagement metrics that depend on it. */
export interface SessionPosition {
  /** Page views in the session up to and including this message. */
  pageViews: number
  /** Milliseconds since the session's first message. */
  sinceStart: number
  /** Whether an earlier message of the session already met `session_duration` (it matches once). */
  durationMetBefore?: boolean
}

/**
 * Goal matching over the generator's own messages, written from the goal model's documentation
 * (not from the SQL compiler), so the demo's ground truth is an independent check of the reports.
 * Covers the whole match model; columns are read from the message as the ingest would store them.
 */
export function matchesDemoGoal(match: Match, m: DemoMessage, at: SessionPosition): boolean {
  switch (match.type) {
    case 'all':
      return match.matches.every((x) => matchesDemoGoal(x, m, at))
    case 'any':
      return match.matches.some((x) => matchesDemoGoal(x, m, at))
    case 'page':
      return m.type === 'page' && pathMatches(match.path, pathOf(m))
    case 'event': {
      if (nameOf(m) !== match.event) return false
      const conditions = match.conditions ?? []
      if (conditions.length === 0) return true
      const test = (c: Condition) => conditionHolds(c, m)
      return (match.where ?? 'all') === 'all' ? conditions.every(test) : conditions.some(test)
    }
    case 'engagement': {
      const props = m.properties ?? {}
      switch (match.metric) {
        case 'pages_per_session':
          return m.type === 'page' && at.pageViews === match.threshold
        case 'session_duration':
          return !at.durationMetBefore && at.sinceStart >= match.threshold * 1000
        case 'time_on_page':
        case 'scroll_depth': {
          if (m.event !== AUTOCAPTURE_EVENTS.pageLeave) return false
          if (match.path && !pathMatches(match.path, pathOf(m))) return false
          const key =
            match.metric === 'time_on_page' ? AUTOCAPTURE_PROPS.engagedSeconds : AUTOCAPTURE_PROPS.scrollDepth
          return numberOf(props[key]) >= match.threshold
        }
        case 'video_progress': {
          if (m.event !== AUTOCAPTURE_EVENTS.videoProgress) return false
          if (
            match.video !== undefined &&
            props[AUTOCAPTURE_PROPS.videoSrc] !== match.video &&
            props[AUTOCAPTURE_PROPS.videoTitle] !== match.video
          )
            return false
          return numberOf(props[AUTOCAPTURE_PROPS.videoPercent]) >= match.threshold
        }
      }
    }
  }
  return false
}

/** The stored `name`: the event of a track call, '' for the demo's unnamed pages and identifies. */
function nameOf(m: DemoMessage): string {
  return m.type === 'track' ? (m.event ?? '') : ''
}

function pathOf(m: DemoMessage): string {
  if (m.type === 'page') return String(m.properties?.path ?? '')
  const page = m.context.page as { path?: string } | undefined
  return page?.path ?? ''
}

function numberOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
  return Number.isFinite(n) ? n : Number.NaN
}

export function pathMatches(p: PathPattern, path: string): boolean {
  switch (p.match ?? 'exact') {
    case 'exact':
      return path === p.pattern
    case 'prefix':
      return path.startsWith(p.pattern)
    case 'wildcard': {
      const re = p.pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')
      return new RegExp(`^${re}$`).test(path)
    }
    case 'regex':
      return new RegExp(p.pattern).test(path)
  }
  return false
}

function conditionHolds(c: Condition, m: DemoMessage): boolean {
  if (c.field !== undefined) throw new Error(`demo goals test properties only, not the column ${c.field}`)
  const present = m.properties !== undefined && c.property !== undefined && c.property in m.properties
  const v = present ? (m.properties as Record<string, unknown>)[c.property as string] : undefined
  switch (c.op) {
    case 'exists':
      return (c.value ?? true) === present
    case 'eq':
      return present && looseEqual(v, c.value)
    case 'neq':
      return !present || !looseEqual(v, c.value)
    case 'in':
      return present && c.value.some((x) => looseEqual(v, x))
    case 'not_in':
      return !present || !c.value.some((x) => looseEqual(v, x))
    case 'contains':
      return present && String(v).includes(c.value)
    case 'not_contains':
      return !present || !String(v).includes(c.value)
    case 'starts_with':
      return present && String(v).startsWith(c.value)
    case 'regex':
      return present && new RegExp(c.value).test(String(v))
    case 'gt':
      return numberOf(v) > c.value
    case 'gte':
      return numberOf(v) >= c.value
    case 'lt':
      return numberOf(v) < c.value
    case 'lte':
      return numberOf(v) <= c.value
  }
  return false
}

/** `1` equals `"1"`: properties arrive as JSON and goal values are typed by hand. */
function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof b === 'number') return numberOf(a) === b
  if (typeof b === 'boolean') return a === b || String(a) === String(b)
  return String(a) === b
}
