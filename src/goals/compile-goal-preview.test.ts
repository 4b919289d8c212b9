import { describe, expect, it } from 'vitest'
import { goalPreviewRequestSchema } from '../schema/goal-preview.ts'
import { compileGoalPreview } from './compile-goal-preview.ts'

const period = { from: '2026-11-01', to: '2026-11-30' }
const signup = { type: 'event', event: "Signed Up'; DROP TABLE events; --" } as const

describe('compileGoalPreview', () => {
  it('counts matching events and visitors of the period, values as parameters only', () => {
    const q = compileGoalPreview(
      'site_1',
      'Europe/Berlin',
      { ...signup, where: 'all', conditions: [] },
      period,
      'none',
    )
    expect(q.query).toBe(`SELECT count() AS n_events, uniqExact(visitor_key) AS n_visitors
FROM events
WHERE site_id = {site:String}
  AND toDate(ts) BETWEEN {from:Date} - 1 AND {to:Date} + 1
  AND toDate(ts, {tz:String}) BETWEEN {from:Date} AND {to:Date}
  AND type IN ('track', 'page', 'screen')
  AND ((name = {m_event0:String}))`)
    expect(q.params).toEqual({
      m_event0: signup.event,
      site: 'site_1',
      tz: 'Europe/Berlin',
      from: '2026-11-01',
      to: '2026-11-30',
    })
    expect(q.query).not.toContain('DROP')
  })

  it('adds a daily grouping beside the totals', () => {
    const q = compileGoalPreview(
      'site_1',
      'UTC',
      { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
      period,
      'day',
    )
    expect(q.query).toMatch(
      /^SELECT toString\(toDate\(ts, \{tz:String\}\)\) AS bucket, grouping\(bucket\) AS is_total,/,
    )
    expect(q.query).toMatch(/GROUP BY GROUPING SETS \(\(bucket\), \(\)\)$/)
  })

  it('tests each match of a top-level any on every event, each with its own parameters', () => {
    const q = compileGoalPreview(
      'site_1',
      'UTC',
      {
        type: 'any',
        matches: [
          { type: 'event', event: 'Signed Up', where: 'all', conditions: [] },
          { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
        ],
      },
      period,
      'none',
    )
    expect(q.query).toContain(
      "AND (arrayExists(hit -> hit, [(name = {m0_event0:String}), (type IN ('page', 'screen') AND ",
    )
    expect(q.params).toMatchObject({ m0_event0: 'Signed Up', m1_path0: '/pricing' })
  })
})

describe('goalPreviewRequestSchema', () => {
  const problem = (input: unknown) => {
    const r = goalPreviewRequestSchema.safeParse(input)
    return r.success ? null : `${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`
  }
  it('names the field at fault', () => {
    expect(problem({})).toBe('match is required')
    expect(problem({ match: signup, from: '2026-11-01' })).toBe('from give both from and to, or neither')
    expect(problem({ match: signup, from: '2026-11-02', to: '2026-11-01' })).toBe(
      'to must not be before from',
    )
    expect(problem({ match: signup, from: '2020-01-01', to: '2026-01-01', interval: 'day' })).toBe(
      'interval a daily series is limited to periods of 732 days',
    )
    expect(problem({ match: signup, extra: 1 })).toMatch(/^ Unrecognized key/)
  })
  it('allows one level of all/any more than a goal, so a kind of goals is counted together', () => {
    const nest = (depth: number): unknown =>
      depth === 0 ? signup : { type: 'any', matches: [nest(depth - 1)] }
    expect(problem({ match: nest(5) })).toBeNull()
    expect(problem({ match: nest(6) })).toBe('match nests all/any 6 deep; at most 5 levels are allowed')
  })
})
