import { describe, expect, it } from 'vitest'
import { goalInputSchema } from '../schema/goal.ts'
import { describeMatch, describeValue } from './describe-goal.ts'

const matchOf = (match: unknown) => goalInputSchema.parse({ name: 'g', kind: 'micro', match }).match

describe('describeMatch', () => {
  it('summarises each kind of match on one line', () => {
    expect(
      describeMatch(
        matchOf({
          type: 'event',
          event: 'Paid\nnow',
          where: 'any',
          conditions: [
            { property: 'total', op: 'gte', value: 10 },
            { field: 'country', op: 'in', value: ['DE', 'AT'] },
            { property: 'coupon', op: 'exists', value: false },
          ],
        }),
      ),
    ).toBe('event "Paid\\nnow" where total >= 10 or country in ["DE", "AT"] or coupon is missing')
    expect(describeMatch(matchOf({ type: 'page', path: { pattern: '/thanks' } }))).toBe('page /thanks')
    expect(
      describeMatch(
        matchOf({
          type: 'engagement',
          metric: 'time_on_page',
          threshold: 30,
          path: { match: 'prefix', pattern: '/blog' },
        }),
      ),
    ).toBe('time_on_page >= 30 on /blog (prefix)')
    expect(
      describeMatch(
        matchOf({
          type: 'all',
          matches: [
            { type: 'event', event: 'A' },
            { type: 'engagement', metric: 'video_progress', threshold: 50, video: 'Intro' },
          ],
        }),
      ),
    ).toBe('all(event "A"; video_progress >= 50 of "Intro")')
  })
})

describe('describeValue', () => {
  it('shows a fixed value with its currency, a property, or a dash for none', () => {
    expect(describeValue({ fixed: 9.5, currency: 'EUR' })).toBe('9.5 EUR')
    expect(describeValue({ property: 'revenue', currency: 'USD' })).toBe('property revenue (USD)')
    expect(describeValue({ property: 'revenue' })).toBe('property revenue')
    expect(describeValue(undefined)).toBe('-')
  })
})
