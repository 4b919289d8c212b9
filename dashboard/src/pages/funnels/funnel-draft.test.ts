import { describe, expect, it } from 'vitest'
import { funnelDefinitionSchema } from '../../../../src/schema/funnel.ts'
import type { Funnel } from '../../api/api-types.ts'
import { emptyExclusion, emptyFunnel, emptyStep, fromFunnel, runnable, toDefinition } from './funnel-draft.ts'

describe('the funnel builder draft', () => {
  it('builds a definition from goals, events and pages that the server accepts', () => {
    const draft = {
      ...emptyFunnel(),
      mode: 'strict' as const,
      window: '2d',
      steps: [
        { ...emptyStep(), kind: 'goal' as const, goal: 'Add to cart' },
        {
          ...emptyStep(),
          kind: 'page' as const,
          pathMatch: 'prefix' as const,
          pattern: '/checkout',
          within: '1h',
          optional: true,
        },
        { ...emptyStep(), kind: 'event' as const, event: 'Order Completed', label: 'Bought' },
      ],
      exclusions: [{ ...emptyExclusion(), kind: 'event' as const, event: 'Refund', from: '1', to: '3' }],
      breakdown: { dimension: 'device' as const, property: '', attribution: 'step' as const, step: '2' },
    }
    const definition = toDefinition(draft)
    expect(definition).toEqual({
      mode: 'strict',
      window: '2d',
      steps: [
        { goal: 'Add to cart' },
        {
          match: { type: 'page', path: { match: 'prefix', pattern: '/checkout' } },
          optional: true,
          within: '1h',
        },
        { match: { type: 'event', event: 'Order Completed', where: 'all', conditions: [] }, label: 'Bought' },
      ],
      exclusions: [
        { match: { type: 'event', event: 'Refund', where: 'all', conditions: [] }, from: 1, to: 3 },
      ],
      breakdown: { dimension: 'device', attribution: 'step', step: 2 },
    })
    expect(funnelDefinitionSchema.safeParse(definition).success).toBe(true)
    expect(runnable(draft)).toBe(true)
    expect(runnable({ ...draft, steps: [draft.steps[0] as never, emptyStep()] })).toBe(false)
  })

  it('keeps what the builder cannot edit (an OR step) as it was saved', () => {
    const orStep = { any: [{ goal: 'Lead' }, { goal: 'Purchase' }] }
    const funnel: Funnel = {
      id: 'f1',
      siteId: 's1',
      name: 'Either',
      description: '',
      createdAt: '',
      updatedAt: '',
      definition: { steps: [{ goal: 'Visit' }, orStep], window: '7d' } as never,
    }
    const draft = fromFunnel(funnel)
    expect(draft.steps.map((s) => s.kind)).toEqual(['goal', 'custom'])
    expect(toDefinition(draft).steps).toEqual([{ goal: 'Visit' }, orStep])
  })
})
