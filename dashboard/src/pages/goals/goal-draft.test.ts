import { describe, expect, it } from 'vitest'
import { goalInputSchema } from '../../../../src/schema/goal.ts'
import type { Goal } from '../../api/api-types.ts'
import { emptyGoal, emptyMatch, fromGoal, previewable, toGoalInput, toMatch } from './goal-draft.ts'

describe('the goal editor draft', () => {
  it('turns typed text into a goal the server accepts', () => {
    const draft = {
      ...emptyGoal(),
      name: ' Big basket ',
      kind: 'macro' as const,
      valueMode: 'property' as const,
      property: 'revenue',
      currency: 'eur',
      match: {
        type: 'event' as const,
        event: 'Order Completed',
        where: 'all' as const,
        conditions: [
          {
            target: 'property' as const,
            property: 'revenue',
            field: 'path' as const,
            op: 'gte' as const,
            value: '100',
          },
          {
            target: 'field' as const,
            property: '',
            field: 'device' as const,
            op: 'in' as const,
            value: 'mobile, tablet,',
          },
          {
            target: 'property' as const,
            property: 'coupon',
            field: 'path' as const,
            op: 'exists' as const,
            value: 'false',
          },
        ],
      },
    }
    const input = toGoalInput(draft)
    expect(input).toEqual({
      name: 'Big basket',
      kind: 'macro',
      description: '',
      counting: 'once_per_visitor',
      value: { property: 'revenue', currency: 'EUR' },
      match: {
        type: 'event',
        event: 'Order Completed',
        where: 'all',
        conditions: [
          { property: 'revenue', op: 'gte', value: 100 },
          { field: 'device', op: 'in', value: ['mobile', 'tablet'] },
          { property: 'coupon', op: 'exists', value: false },
        ],
      },
    })
    expect(goalInputSchema.safeParse(input).success).toBe(true)
  })

  it('reads a stored goal back into the same draft', () => {
    const stored = goalInputSchema.parse({
      name: 'Engaged on pricing',
      kind: 'micro',
      match: {
        type: 'all',
        matches: [
          {
            type: 'engagement',
            metric: 'scroll_depth',
            threshold: 75,
            path: { match: 'prefix', pattern: '/pricing' },
          },
          { type: 'page', path: { match: 'wildcard', pattern: '/plans/*' } },
        ],
      },
      value: { fixed: 2.5, currency: 'USD' },
    })
    const goal: Goal = { ...stored, id: 'g1', siteId: 's1', createdAt: '', updatedAt: '' }
    const input = toGoalInput(fromGoal(goal))
    expect(goalInputSchema.parse(input)).toEqual(stored)
  })

  it('leaves a missing number missing, so the server names the field', () => {
    const m = toMatch({
      ...(emptyMatch('engagement') as Extract<ReturnType<typeof emptyMatch>, { type: 'engagement' }>),
      threshold: '',
    })
    const result = goalInputSchema.safeParse({ name: 'x', kind: 'micro', match: m })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['match', 'threshold'])
  })

  it('previews only a match that is complete', () => {
    expect(previewable(emptyMatch('event'))).toBe(false)
    expect(previewable({ type: 'event', event: 'Signed Up', where: 'all', conditions: [] })).toBe(true)
    expect(previewable({ type: 'any', matches: [{ type: 'page', match: 'exact', pattern: '' }] })).toBe(false)
  })
})
