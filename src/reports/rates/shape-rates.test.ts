import { describe, expect, it } from 'vitest'
import { type Goal, goalInputSchema } from '../../schema/goal.ts'
import { compileRatesBreakdown, compileRatesTotals } from './compile-rates.ts'
import { ratesQuerySchema, resolveRatesSpec } from './rates-spec.ts'
import { shapeRates } from './shape-rates.ts'

const goal = (id: string, input: unknown): Goal => ({
  id,
  siteId: 'site_1',
  createdAt: '',
  updatedAt: '',
  ...goalInputSchema.parse(input),
})

const signup = goal('goal_a', {
  name: 'Signed up',
  kind: 'micro',
  match: { type: 'event', event: 'Signed Up' },
})
const purchase = goal('goal_b', {
  name: 'Purchase',
  kind: 'macro',
  counting: 'every_time',
  match: { type: 'event', event: 'Order Completed' },
  value: { property: 'revenue' },
})
const spec = (query: Record<string, string>) =>
  resolveRatesSpec(ratesQuerySchema.parse(query), 'Europe/Berlin', new Date('2026-03-15T12:00:00Z'))

describe('rates spec', () => {
  it('defaults to the last 30 days up to today in the site zone, compared with the 30 before', () => {
    const s = resolveRatesSpec(
      ratesQuerySchema.parse({}),
      'Pacific/Kiritimati',
      new Date('2026-03-15T12:00:00Z'),
    )
    // 12:00 UTC is already the 16th at UTC+14.
    expect(s).toMatchObject({
      from: '2026-02-15',
      to: '2026-03-16',
      previous: { from: '2026-01-16', to: '2026-02-14' },
    })
  })

  it('names the parameter of a bad query', () => {
    for (const [query, field] of [
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
      [{ from: '2026-13-01', to: '2026-03-01' }, 'from'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
      [{ from: '2026-03-01' }, 'from'],
      [{ interval: 'year' }, 'interval'],
      [{ breakdown: 'planet' }, 'breakdown'],
      [{ limit: '0' }, 'limit'],
      [{ from: '2026-01-01', to: '2026-12-31', interval: 'hour' }, 'interval'],
    ] as const) {
      const r = ratesQuerySchema.safeParse(query)
      expect(r.success).toBe(false)
      expect(r.error?.issues[0]?.path.join('.')).toBe(field)
    }
  })
})

describe('compiled rates query', () => {
  it('carries user values only as parameters', () => {
    const evil = goal('goal_x', {
      name: "x'); DROP TABLE events; --",
      kind: 'micro',
      match: { type: 'event', event: "Signed Up'; DROP TABLE events; --" },
    })
    const q = compileRatesBreakdown('site_1', 'Europe/Berlin', [evil], {
      ...spec({ from: '2026-03-01', to: '2026-03-02', breakdown: "property:plan'--" }),
      breakdown: { dimension: 'property', property: "plan'--" },
    })
    expect(q.query).not.toContain('DROP')
    expect(q.query).not.toContain("plan'")
    expect(q.params).toMatchObject({
      site: 'site_1',
      tz: 'Europe/Berlin',
      bk: "plan'--",
      lo: '2026-03-01',
      hi: '2026-03-02',
    })
    expect(Object.values(q.params)).toContain("Signed Up'; DROP TABLE events; --")
  })

  it('reads the previous period in the same scan', () => {
    const q = compileRatesTotals('site_1', 'UTC', [signup], spec({ from: '2026-03-01', to: '2026-03-10' }))
    expect(q.params).toMatchObject({ lo: '2026-02-19', hi: '2026-03-10', from: '2026-03-01' })
    expect(q.query).toContain(`if(toDate(ts, {tz:String}) >= {from:Date}, 'current', 'previous') AS grp`)
  })
})

describe('shaping', () => {
  it('reads missing rows as zero visitors with null rates, never NaN', () => {
    const r = shapeRates(
      { totals: [], series: [], breakdown: null },
      [signup, purchase],
      spec({ from: '2026-03-01', to: '2026-03-03' }),
      'UTC',
    )
    expect(r.visitors).toBe(0)
    expect(r.goals[0]).toMatchObject({
      conversionRate: null,
      sessionConversionRate: null,
      previous: { conversionRate: null },
    })
    expect(r.goals[0]?.change?.conversionRate).toEqual({ absolute: null, relative: null })
    expect(r.goals[1]?.value).toEqual({ sum: 0, withValue: 0, average: null, currency: null, currencies: [] })
    expect(r.series?.buckets.map((b) => b.start)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03'])
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/)
  })

  it('fills weeks from their Monday and months from their first day', () => {
    const weeks = shapeRates(
      { totals: [], series: [], breakdown: null },
      [],
      spec({ from: '2026-03-04', to: '2026-03-17', interval: 'week' }),
      'UTC',
    )
    expect(weeks.series?.buckets.map((b) => b.start)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16'])
    const months = shapeRates(
      { totals: [], series: [], breakdown: null },
      [],
      spec({ from: '2025-11-20', to: '2026-01-05', interval: 'month' }),
      'UTC',
    )
    expect(months.series?.buckets.map((b) => b.start)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01'])
  })

  it('derives the "(other)" row of a partitioning breakdown from the total', () => {
    const totals = [
      {
        grp: 'current',
        visitors: '10',
        sessions: '14',
        cv0: '4',
        csess0: '5',
        ev0: '6',
        cv1: '3',
        csess1: '3',
        ev1: '5',
        value1: 50,
        valuen1: 4,
        currencies1: ['EUR', 'USD'],
      },
    ]
    const breakdown = [
      {
        grp: 'mobile',
        visitors: '6',
        sessions: '8',
        cv0: '3',
        csess0: '3',
        ev0: '4',
        cv1: '1',
        csess1: '1',
        ev1: '2',
        value1: 20,
        valuen1: 2,
        currencies1: ['EUR'],
      },
    ]
    const r = shapeRates(
      { totals, series: null, breakdown },
      [signup, purchase],
      spec({ from: '2026-03-01', to: '2026-03-01', breakdown: 'device', limit: '1', compare: 'none' }),
      'UTC',
    )
    expect(r.goals[1]?.value).toMatchObject({ sum: 50, currency: null, currencies: ['EUR', 'USD'] })
    expect(r.breakdown?.other).toMatchObject({
      value: '(other)',
      visitors: 4,
      sessions: 6,
      goals: [
        { convertedVisitors: 1, conversions: 1, conversionRate: 0.25 },
        { convertedVisitors: 2, conversions: 3, value: { sum: 30, withValue: 2, average: 15 } },
      ],
    })
  })
})
