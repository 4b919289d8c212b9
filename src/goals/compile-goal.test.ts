import { describe, expect, it } from 'vitest'
import { type GoalDefinition, type GoalInput, goalInputSchema } from '../schema/goal.ts'
import { compileGoal } from './compile-goal.ts'
import { loadGoalCases } from './goal-cases.ts'

const parse = (input: unknown): GoalDefinition => goalInputSchema.parse(input)
const cases = loadGoalCases()

/** A property read as the compiler writes it (text of a JSON string, else the raw JSON). */
const text = (key: string) =>
  `if(startsWith(JSONExtractRaw(properties, ${key}), '"'), JSONExtractString(JSONExtractRaw(properties, ${key})), JSONExtractRaw(properties, ${key}))`
const exists = (key: string) => `JSONExtractRaw(properties, ${key}) NOT IN ('', 'null')`

/** Keys whose string values are the goal's structure (enums), not user values. */
const STRUCTURE = new Set(['type', 'op', 'field', 'match', 'metric', 'where', 'kind', 'counting'])

/** Every user string of a goal: names, keys, values, patterns. */
function userStrings(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return STRUCTURE.has(key) || key === 'name' || key === 'description' ? [] : [v]
  if (Array.isArray(v)) return v.flatMap((x) => userStrings(x, key))
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => userStrings(x, k))
  return []
}

/**
 * The goal with every user string and number replaced (equal ones alike, so keys shared by
 * conditions stay shared): its SQL text must not change.
 */
function masked(v: unknown, key = '', seen = new Map<string, string>()): unknown {
  if (typeof v === 'string') {
    if (STRUCTURE.has(key)) return v
    const marker = seen.get(v) ?? `masked-${seen.size}`
    seen.set(v, marker)
    return marker
  }
  if (typeof v === 'number') return 7
  if (Array.isArray(v)) return v.map((x) => masked(x, key, seen))
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, masked(x, k, seen)]))
  return v
}

describe('compileGoal over goal-cases.json', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const goal = parse(c.goal)
    const compiled = compileGoal(goal, 'g_')
    const sql = [compiled.condition, compiled.value, compiled.currency].join('\n')

    // User values reach the engine only as parameters: none is written into the text (unless it
    // is a word of the SQL anyway, like a key named `path`), and the text stays the same whatever
    // they are.
    const skeleton = compileGoal(masked(goal) as GoalDefinition, 'g_')
    const skeletonSql = [skeleton.condition, skeleton.value, skeleton.currency].join('\n')
    for (const s of userStrings(goal)) {
      if (s === '' || skeletonSql.includes(s)) continue
      expect(sql, `user value ${JSON.stringify(s)} written into the SQL`).not.toContain(s)
    }
    expect(skeletonSql).toBe(sql)
    for (const name of Object.keys(compiled.params)) expect(name.startsWith('g_')).toBe(true)
    expect(compileGoal(goal, 'g_')).toEqual(compiled)
  })
})

describe('compileGoal SQL text', () => {
  const compile = (input: GoalInput, prefix = 'g0_') => compileGoal(parse(input), prefix)

  it('an event with a property condition and a fixed value', () => {
    const compiled = compile({
      name: 'Pro signup',
      kind: 'macro',
      match: { type: 'event', event: 'Signup', conditions: [{ property: 'plan', op: 'eq', value: 'pro' }] },
      value: { fixed: 49, currency: 'EUR' },
    })
    const key = '{g0_key1:String}'
    expect(compiled).toEqual({
      condition: `(name = {g0_event0:String} AND (${exists(key)} AND ${text(key)} = {g0_val2:String}))`,
      value: 'toNullable({g0_value3:Float64})',
      currency: '{g0_currency4:String}',
      params: { g0_event0: 'Signup', g0_key1: 'plan', g0_val2: 'pro', g0_value3: 49, g0_currency4: 'EUR' },
    })
  })

  it('any of a numeric comparison and a mixed not_in on a field; value from a property', () => {
    const compiled = compile({
      name: 'Big order',
      kind: 'macro',
      match: {
        type: 'event',
        event: 'Purchase',
        where: 'any',
        conditions: [
          { property: 'qty', op: 'gte', value: 10 },
          { field: 'country', op: 'not_in', value: ['DE', 5] },
        ],
      },
      value: { property: 'revenue' },
    })
    expect(compiled.condition).toBe(
      `(name = {g0_event0:String} AND (ifNull(toFloat64OrNull(${text('{g0_key1:String}')}) >= {g0_num2:Float64}, 0)` +
        ' OR NOT ((has({g0_vals3:Array(String)}, country) OR has({g0_nums4:Array(Float64)}, toFloat64OrNull(country))))))',
    )
    expect(compiled.value).toBe(`toFloat64OrNull(${text('{g0_key5:String}')})`)
    expect(compiled.currency).toBe('toString(currency)')
    expect(compiled.params).toEqual({
      g0_event0: 'Purchase',
      g0_key1: 'qty',
      g0_num2: 10,
      g0_vals3: ['DE'],
      g0_nums4: [5],
      g0_key5: 'revenue',
    })
  })

  it('conditions on one key share its parameter, so the engine parses the key once', () => {
    const compiled = compile({
      name: 'Mid order',
      kind: 'micro',
      match: {
        type: 'event',
        event: 'Purchase',
        conditions: [
          { property: 'qty', op: 'gt', value: 1 },
          { property: 'qty', op: 'lt', value: 5 },
        ],
      },
      value: { property: 'qty', currency: 'USD' },
    })
    expect(Object.keys(compiled.params)).toEqual([
      'g0_event0',
      'g0_key1',
      'g0_num2',
      'g0_num3',
      'g0_currency4',
    ])
    expect(compiled.value).toBe(`toFloat64OrNull(${text('{g0_key1:String}')})`)
  })

  it('a wildcard page pattern becomes an anchored regex parameter', () => {
    const compiled = compile({
      name: 'Blog post',
      kind: 'micro',
      match: { type: 'page', path: { match: 'wildcard', pattern: '/blog/*/**.html' } },
    })
    expect(compiled.condition).toBe("(type IN ('page', 'screen') AND match(path, {g0_path0:String}))")
    expect(compiled.params).toEqual({ g0_path0: '^/blog/[^/]*/.*\\.html$' })
    expect(compiled.value).toBe("CAST(NULL, 'Nullable(Float64)')")
    expect(compiled.currency).toBe("''")
  })

  it('exact and prefix page patterns compare the column without a regex', () => {
    const exact = compile({ name: 'P', kind: 'micro', match: { type: 'page', path: { pattern: '/a.b' } } })
    expect(exact.condition).toBe("(type IN ('page', 'screen') AND path = {g0_path0:String})")
    const prefix = compile({
      name: 'P',
      kind: 'micro',
      match: { type: 'page', path: { match: 'prefix', pattern: '/a' } },
    })
    expect(prefix.condition).toBe("(type IN ('page', 'screen') AND startsWith(path, {g0_path0:String}))")
  })

  it('session engagement reads the session columns and says so', () => {
    const compiled = compile({
      name: 'Engaged',
      kind: 'micro',
      match: {
        type: 'any',
        matches: [
          { type: 'engagement', metric: 'pages_per_session', threshold: 3 },
          { type: 'engagement', metric: 'session_duration', threshold: 60 },
        ],
      },
    })
    expect(compiled.condition).toBe(
      "((type IN ('page', 'screen') AND session_pages = {g0_pages0:UInt64})" +
        ' OR (session_seconds >= {g0_seconds1:Float64} AND session_prev_seconds < {g0_seconds1:Float64}))',
    )
    expect(compiled.params).toEqual({ g0_pages0: 3, g0_seconds1: 60 })
  })

  it('page-leave engagement tests the name, then the path, then the property', () => {
    const compiled = compile({
      name: 'Read docs',
      kind: 'micro',
      match: {
        type: 'engagement',
        metric: 'time_on_page',
        threshold: 30,
        path: { match: 'prefix', pattern: '/docs/' },
      },
    })
    expect(compiled.condition).toBe(
      "(name = '$page_leave' AND startsWith(path, {g0_path1:String})" +
        ` AND ifNull(toFloat64OrNull(${text("'engaged_seconds'")}) >= {g0_seconds0:Float64}, 0))`,
    )
  })

  it('two goals with different prefixes share no parameter name', () => {
    const input: GoalInput = { name: 'S', kind: 'micro', match: { type: 'event', event: 'Signup' } }
    const a = compile(input, 'g0_')
    const b = compile(input, 'g1_')
    expect(a.condition).toBe('(name = {g0_event0:String})')
    expect(b.condition).toBe('(name = {g1_event0:String})')
    expect(Object.keys({ ...a.params, ...b.params })).toHaveLength(2)
  })

  it('rejects a prefix that is not a plain identifier', () => {
    const goal = parse({ name: 'S', kind: 'micro', match: { type: 'event', event: 'Signup' } })
    for (const prefix of ['', 'G0_', '0g', 'g-0', 'g0:', "g'", 'g0_}']) {
      expect(() => compileGoal(goal, prefix), prefix).toThrow(/prefix/)
    }
  })
})
