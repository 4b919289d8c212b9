import { describe, expect, it } from 'vitest'
import { funnelDefinitionSchema } from '../../schema/funnel.ts'
import { compileFunnelReport, planFunnel } from './compile-funnel.ts'

const event = (name: string) => ({ match: { type: 'event', event: name } })
const parse = (d: unknown) => funnelDefinitionSchema.safeParse(d)
const problems = (d: unknown) => {
  const r = parse(d)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('funnel definition errors name the field', () => {
  it('refuses fewer than 2 and more than 20 steps', () => {
    expect(problems({ steps: [event('A')] })).toEqual(['steps: a funnel needs at least 2 steps'])
    expect(problems({ steps: Array.from({ length: 21 }, (_, i) => event(`S${i}`)) })).toEqual([
      'steps: a funnel has at most 20 steps',
    ])
  })

  it('refuses an exclusion range outside the steps, or backwards', () => {
    const steps = [event('A'), event('B'), event('C')]
    expect(problems({ steps, exclusions: [{ ...event('X'), from: 1, to: 4 }] })).toEqual([
      'exclusions.0.to: must be a step of the funnel (2 to 3)',
    ])
    expect(problems({ steps, exclusions: [{ ...event('X'), from: 5 }] })).toEqual([
      'exclusions.0.from: must be a step of the funnel (1 to 3)',
    ])
    expect(problems({ steps, exclusions: [{ ...event('X'), from: 3, to: 2 }] })).toEqual([
      'exclusions.0.to: must be after from',
    ])
  })

  it('refuses a window of 0 or less, or not a duration', () => {
    const steps = [event('A'), event('B')]
    expect(problems({ steps, window: '0d' })).toEqual(['window: must be longer than 0'])
    expect(problems({ steps, window: '-1h' })[0]).toMatch(/^window: must be a duration such as 30m/)
    expect(problems({ steps, window: 7 })[0]).toMatch(/^window: must be a duration/)
    expect(problems({ steps: [event('A'), { ...event('B'), within: '0m' }] })).toEqual([
      'steps.1.within: must be longer than 0',
    ])
    expect(problems({ steps, window: '400d' })).toEqual(['window: must be at most 365 days'])
  })

  it('refuses optional first or last steps, a window on step 1, and options any_order cannot honour', () => {
    expect(problems({ steps: [{ ...event('A'), optional: true }, event('B')] })).toEqual([
      'steps.0.optional: the first and the last step cannot be optional',
    ])
    expect(problems({ steps: [{ ...event('A'), within: '1h' }, event('B')] })).toEqual([
      'steps.0.within: the first step has no previous step',
    ])
    expect(
      problems({ mode: 'any_order', steps: [event('A'), { ...event('B'), within: '1h' }, event('C')] }),
    ).toEqual(['steps.1.within: any_order funnels have no optional steps and no per-step windows'])
    expect(problems({ steps: [event('A'), { goal: 'g', match: { type: 'event', event: 'B' } }] })).toEqual([
      'steps.1: give exactly one of goal, match or any',
    ])
  })
})

describe('compiled funnel SQL', () => {
  const definition = funnelDefinitionSchema.parse({
    steps: [
      event("Robert'); DROP TABLE events; --"),
      { match: { type: 'page', path: { match: 'prefix', pattern: '/checkout/{x}' } } },
      { any: [event('Paid'), event('Invoiced')] },
    ],
    exclusions: [{ ...event('Refund requested'), from: 1, to: 3 }],
    breakdown: { dimension: 'property', property: 'plan"' },
  })
  const compile = () =>
    compileFunnelReport(
      'site_x',
      'Europe/Berlin',
      planFunnel(definition, []),
      { from: '2026-03-01', to: '2026-03-31', previous: null, interval: 'day' },
      25,
    )

  it('carries every user value as a parameter, never in the SQL text', () => {
    const { query, params } = compile()
    for (const value of [
      "Robert'); DROP TABLE events; --",
      '/checkout/{x}',
      'Paid',
      'Invoiced',
      'Refund requested',
      'plan"',
    ]) {
      expect(Object.values(params)).toContain(value)
      expect(query).not.toContain(value)
    }
    expect(params).toMatchObject({ site: 'site_x', tz: 'Europe/Berlin', periods: [0], win: 7 * 86_400_000 })
    // Midnight in Berlin (UTC+1 in March before the switch) is 23:00 UTC the day before.
    expect(params.cur_lo).toBe(Date.parse('2026-02-28T23:00:00Z'))
    expect(params.cur_hi).toBe(Date.parse('2026-03-31T22:00:00Z'))
  })

  it('compiles the same definition to the same text', () => {
    expect(compile().query).toBe(compile().query)
  })
})
