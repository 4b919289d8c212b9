import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS } from '../schema/autocapture.ts'
import type { ConditionField } from '../schema/choices.ts'
import type {
  Condition,
  EngagementMatch,
  EventMatch,
  GoalDefinition,
  GoalValue,
  Match,
  PathPattern,
} from '../schema/goal.ts'
import type { CompiledGoal } from './compiled-goal.ts'

const PREFIX = /^[a-z][a-z0-9_]*$/

/**
 * Compiles a parsed goal to ClickHouse expressions over one row of `events` (see CompiledGoal).
 *
 * Every user value travels as a `{name:Type}` parameter named `<prefix><role><n>`, numbered in
 * the order the goal is walked, so the same goal always compiles to the same text. Only names
 * the schema restricts to an enum (fields) and the constants of this file appear in the SQL.
 *
 * Semantics of a property condition (a field reads its column instead: a string column is never
 * missing, '' being a value and `exists` meaning not ''; `value` is missing when NULL):
 * - its text is a JSON string's value, or the JSON text of a number or boolean (`12.5`, `true`);
 * - it exists when the key is present and not JSON null;
 * - eq, contains, starts_with, regex, in are false when it does not exist, and their negations
 *   neq, not_contains, not_in are true;
 * - gt, gte, lt, lte, and eq/in with numbers, compare the text read as a number, so "10" > 9 and
 *   10.0 = 10; a missing or non-numeric value compares false.
 *
 * Using the result: give each goal of a query its own prefix that is not the start of another
 * (`g0_`, `g1_`), and alias no output column with a name of `events` (`value`, `currency`,
 * `path`, `session_pages`, …): ClickHouse aliases are query-wide and would replace the column the
 * expressions read.
 */
export function compileGoal(goal: GoalDefinition, prefix: string): CompiledGoal {
  if (!PREFIX.test(prefix))
    throw new Error(`goal parameter prefix must match ${PREFIX}, got ${JSON.stringify(prefix)}`)
  const params = new ParamBag(prefix)
  const condition = compileMatch(goal.match, params)
  const { value, currency } = compileValue(goal.value, params)
  return { condition, value, currency, params: params.values }
}

/**
 * Compiles a bare match (a funnel step's, an exclusion's) to one condition over a row of `events`,
 * with the same rules and parameter naming as compileGoal.
 */
export function compileMatchCondition(
  match: Match,
  prefix: string,
): { condition: string; params: Record<string, unknown> } {
  if (!PREFIX.test(prefix))
    throw new Error(`match parameter prefix must match ${PREFIX}, got ${JSON.stringify(prefix)}`)
  const params = new ParamBag(prefix)
  return { condition: compileMatch(match, params), params: params.values }
}

/** Parameter names and values for one goal; one name per property key, so a key is parsed once. */
class ParamBag {
  readonly values: Record<string, unknown> = {}
  private count = 0
  private readonly keys = new Map<string, string>()

  constructor(private readonly prefix: string) {}

  /** A placeholder `{name:Type}` for a new parameter. */
  add(role: string, type: string, value: unknown): string {
    const name = `${this.prefix}${role}${this.count++}`
    this.values[name] = value
    return `{${name}:${type}}`
  }

  /** The placeholder of a property key, shared by every condition on that key. */
  key(key: string): string {
    let placeholder = this.keys.get(key)
    if (placeholder === undefined) {
      placeholder = this.add('key', 'String', key)
      this.keys.set(key, placeholder)
    }
    return placeholder
  }
}

/**
 * What a condition reads. `exists` and `guard` are UInt8; `text` is String, meaningful only
 * where `guard` holds (no guard: always); `num` is Nullable(Float64), NULL when not numeric.
 */
interface Subject {
  exists: string
  guard: string | null
  text: string
  num: string
}

/**
 * A property read through one JSONExtractRaw, repeated verbatim wherever needed: the engine
 * computes identical sub-expressions once per block, so the key is parsed once per row.
 */
function propertySubject(keySql: string): Subject {
  const raw = `JSONExtractRaw(properties, ${keySql})`
  const exists = `${raw} NOT IN ('', 'null')`
  const text = propertyText(keySql)
  return { exists, guard: exists, text, num: `toFloat64OrNull(${text})` }
}

/**
 * A property's value as text: a JSON string's value, else the JSON text (`12.5`, `true`);
 * '' when the key is missing. `keySql` is the key's placeholder (`{k:String}`) or a constant.
 */
export function propertyText(keySql: string): string {
  const raw = `JSONExtractRaw(properties, ${keySql})`
  return `if(startsWith(${raw}, '"'), JSONExtractString(${raw}), ${raw})`
}

/** Columns have no "missing": '' is a value like any other, and `exists` means not ''. */
function fieldSubject(field: ConditionField): Subject {
  if (field === 'value') {
    return {
      exists: 'isNotNull(value)',
      guard: 'isNotNull(value)',
      text: 'toString(assumeNotNull(value))',
      num: 'value',
    }
  }
  return { exists: `${field} != ''`, guard: null, text: field, num: `toFloat64OrNull(${field})` }
}

const guarded = (s: Subject, test: string): string => (s.guard === null ? test : `(${s.guard} AND ${test})`)
const not = (sql: string): string => `NOT (${sql})`
/** Numeric comparisons are NULL when the value is not a number; that is a non-match. */
const numeric = (s: Subject, op: string, placeholder: string): string =>
  `ifNull(${s.num} ${op} ${placeholder}, 0)`

const COMPARISONS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const

function compileCondition(c: Condition, params: ParamBag): string {
  const s = c.field !== undefined ? fieldSubject(c.field) : propertySubject(params.key(c.property ?? ''))
  switch (c.op) {
    case 'eq':
    case 'neq': {
      const eq =
        typeof c.value === 'number'
          ? numeric(s, '=', params.add('num', 'Float64', c.value))
          : guarded(s, `${s.text} = ${params.add('val', 'String', String(c.value))}`)
      return c.op === 'eq' ? eq : not(eq)
    }
    case 'contains':
    case 'not_contains': {
      const contains = guarded(s, `position(${s.text}, ${params.add('val', 'String', c.value)}) > 0`)
      return c.op === 'contains' ? contains : not(contains)
    }
    case 'starts_with':
      return guarded(s, `startsWith(${s.text}, ${params.add('val', 'String', c.value)})`)
    case 'regex':
      return guarded(s, `match(${s.text}, ${params.add('re', 'String', c.value)})`)
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return numeric(s, COMPARISONS[c.op], params.add('num', 'Float64', c.value))
    case 'in':
    case 'not_in': {
      const texts = c.value.filter((v): v is string => typeof v === 'string')
      const nums = c.value.filter((v): v is number => typeof v === 'number')
      const parts: string[] = []
      if (texts.length > 0)
        parts.push(guarded(s, `has(${params.add('vals', 'Array(String)', texts)}, ${s.text})`))
      if (nums.length > 0) parts.push(`has(${params.add('nums', 'Array(Float64)', nums)}, ${s.num})`)
      const isIn = parts.length === 1 ? (parts[0] ?? '0') : `(${parts.join(' OR ')})`
      return c.op === 'in' ? isIn : not(isIn)
    }
    case 'exists':
      return c.value ? s.exists : not(s.exists)
  }
}

function compileMatch(m: Match, params: ParamBag): string {
  switch (m.type) {
    case 'event':
      return compileEventMatch(m, params)
    case 'page':
      return `(type IN ('page', 'screen') AND ${compilePath(m.path, params)})`
    case 'engagement':
      return compileEngagement(m, params)
    case 'all':
    case 'any': {
      const parts = m.matches.map((child) => compileMatch(child, params))
      return parts.length === 1 ? (parts[0] ?? '0') : `(${parts.join(m.type === 'all' ? ' AND ' : ' OR ')})`
    }
  }
}

/** The name test comes first: the engine short-circuits AND, so other rows parse no JSON. */
function compileEventMatch(m: EventMatch, params: ParamBag): string {
  const name = `name = ${params.add('event', 'String', m.event)}`
  if (m.conditions.length === 0) return `(${name})`
  const conditions = m.conditions.map((c) => compileCondition(c, params))
  const joined =
    conditions.length === 1
      ? (conditions[0] ?? '1')
      : `(${conditions.join(m.where === 'all' ? ' AND ' : ' OR ')})`
  return `(${name} AND ${joined})`
}

/** A test of the `path` column. Wildcards become an anchored RE2 pattern built here. */
function compilePath(p: PathPattern, params: ParamBag): string {
  switch (p.match) {
    case 'exact':
      return `path = ${params.add('path', 'String', p.pattern)}`
    case 'prefix':
      return `startsWith(path, ${params.add('path', 'String', p.pattern)})`
    case 'wildcard':
      return `match(path, ${params.add('path', 'String', wildcardToRegex(p.pattern))})`
    case 'regex':
      return `match(path, ${params.add('path', 'String', p.pattern)})`
  }
}

/**
 * `*` is any run of characters except `/`, `**` any run at all; everything else is literal and
 * the whole path must match, so RE2's metacharacters are escaped.
 */
function wildcardToRegex(pattern: string): string {
  let out = '^'
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? ''
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*'
        i++
      } else out += '[^/]*'
    } else out += /[\\.+?()|[\]{}^$]/.test(ch) ? `\\${ch}` : ch
  }
  return `${out}$`
}

/** An autocaptured name or key, written into the SQL: constants of this codebase, not user input. */
function constant(s: string): string {
  if (!/^\$?[a-z_]+$/.test(s)) throw new Error(`not a safe SQL constant: ${s}`)
  return `'${s}'`
}

function compileEngagement(m: EngagementMatch, params: ParamBag): string {
  switch (m.metric) {
    case 'pages_per_session':
      return `(type IN ('page', 'screen') AND session_pages = ${params.add('pages', 'UInt64', m.threshold)})`
    case 'session_duration': {
      const seconds = params.add('seconds', 'Float64', m.threshold)
      return `(session_seconds >= ${seconds} AND session_prev_seconds < ${seconds})`
    }
    case 'time_on_page':
    case 'scroll_depth': {
      const isTime = m.metric === 'time_on_page'
      const prop = propertySubject(
        constant(isTime ? AUTOCAPTURE_PROPS.engagedSeconds : AUTOCAPTURE_PROPS.scrollDepth),
      )
      const threshold = params.add(isTime ? 'seconds' : 'percent', 'Float64', m.threshold)
      // The path test is cheaper than parsing the properties, so it goes before.
      const parts = [`name = ${constant(AUTOCAPTURE_EVENTS.pageLeave)}`]
      if (m.path) parts.push(compilePath(m.path, params))
      parts.push(numeric(prop, '>=', threshold))
      return `(${parts.join(' AND ')})`
    }
    case 'video_progress': {
      const percent = propertySubject(constant(AUTOCAPTURE_PROPS.videoPercent))
      const parts = [
        `name = ${constant(AUTOCAPTURE_EVENTS.videoProgress)}`,
        numeric(percent, '>=', params.add('percent', 'Float64', m.threshold)),
      ]
      if (m.video !== undefined) {
        const video = params.add('video', 'String', m.video)
        const src = propertySubject(constant(AUTOCAPTURE_PROPS.videoSrc))
        const title = propertySubject(constant(AUTOCAPTURE_PROPS.videoTitle))
        parts.push(
          `(${guarded(src, `${src.text} = ${video}`)} OR ${guarded(title, `${title.text} = ${video}`)})`,
        )
      }
      return `(${parts.join(' AND ')})`
    }
  }
}

/**
 * A fixed value, or a property read as a number (numeric strings too; anything else is NULL).
 * The currency is the goal's when given, else the event's own `currency` column; '' without a value.
 */
function compileValue(v: GoalValue | undefined, params: ParamBag): { value: string; currency: string } {
  if (v === undefined) return { value: "CAST(NULL, 'Nullable(Float64)')", currency: "''" }
  if ('fixed' in v) {
    return {
      value: `toNullable(${params.add('value', 'Float64', v.fixed)})`,
      currency: params.add('currency', 'String', v.currency),
    }
  }
  return {
    value: propertySubject(params.key(v.property)).num,
    currency: v.currency === undefined ? 'toString(currency)' : params.add('currency', 'String', v.currency),
  }
}
