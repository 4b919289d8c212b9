import { describe, expect, it } from 'vitest'
import { FUNNEL_LIMITS, funnelDefinitionSchema } from '../../../../src/schema/funnel.ts'
import { storable } from '../../../../src/store/meta/funnels-repository.ts'
import type { Funnel } from '../../api/api-types.ts'
import {
  addAlternative,
  emptyExclusion,
  emptyFunnel,
  emptyMatcher,
  emptyStep,
  fromFunnel,
  removeMatcher,
  runnable,
  type StepDraft,
  toDefinition,
} from './funnel-draft.ts'

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

  it('builds an OR step from a step with alternatives, and a plain step again without them', () => {
    let step: StepDraft = { ...emptyStep(), kind: 'goal', goal: 'Lead', label: 'Converted' }
    step = addAlternative(addAlternative(step))
    step = {
      ...step,
      alternatives: [
        { ...emptyMatcher(), kind: 'event', event: 'Order Completed' },
        { ...emptyMatcher(), kind: 'page', pathMatch: 'prefix', pattern: '/thanks' },
      ],
    }
    const draft = { ...emptyFunnel(), steps: [{ ...emptyStep(), goal: 'Visit' }, step] }
    expect(runnable(draft)).toBe(true)
    const definition = toDefinition(draft)
    expect(definition.steps[1]).toEqual({
      any: [
        { goal: 'Lead' },
        { match: { type: 'event', event: 'Order Completed', where: 'all', conditions: [] } },
        { match: { type: 'page', path: { match: 'prefix', pattern: '/thanks' } } },
      ],
      label: 'Converted',
    })
    expect(funnelDefinitionSchema.safeParse(definition).success).toBe(true)
    // An alternative left empty keeps the funnel from running.
    expect(runnable({ ...draft, steps: [draft.steps[0] as StepDraft, addAlternative(step)] })).toBe(false)

    // Removing the first matcher makes the next one first; with one left the step is plain again.
    const withoutLead = removeMatcher(step, 0)
    expect(withoutLead).toMatchObject({ kind: 'event', event: 'Order Completed', label: 'Converted' })
    const plain = removeMatcher(withoutLead, 1)
    expect(plain.alternatives).toEqual([])
    expect(toDefinition({ ...draft, steps: [draft.steps[0] as StepDraft, plain] }).steps[1]).toEqual({
      match: { type: 'event', event: 'Order Completed', where: 'all', conditions: [] },
      label: 'Converted',
    })
    expect(removeMatcher(plain, 0)).toBe(plain)
  })

  it("stops at the API's limit of alternatives", () => {
    let step = emptyStep()
    for (let i = 0; i < 20; i++) step = addAlternative(step)
    expect(1 + step.alternatives.length).toBe(FUNNEL_LIMITS.maxAlternatives)
  })

  it('round-trips a saved funnel with an OR step and matches it cannot edit, unchanged', () => {
    const conditional = {
      type: 'event',
      event: 'Signup',
      where: 'all',
      conditions: [{ property: 'plan', op: 'eq', value: 'pro' }],
    } as const
    const written = {
      mode: 'ordered',
      window: '14d',
      steps: [
        { goal: 'Visit' },
        {
          label: 'Lead or trial',
          any: [
            { goal: 'Lead' },
            { match: conditional },
            { match: { type: 'page', path: { pattern: '/trial' } } },
          ],
          optional: true,
          within: '2d',
        },
        { match: { type: 'engagement', metric: 'scroll_depth', threshold: 75 } },
        { goal: 'Purchase' },
      ],
      exclusions: [{ match: conditional, from: 1, to: 3 }],
      breakdown: { dimension: 'channel', attribution: 'first_touch' },
    }
    // As the API answers: parsed (defaults filled in), durations written back.
    const saved = storable(funnelDefinitionSchema.parse(written))
    const funnel: Funnel = {
      id: 'fnl_1',
      siteId: 's1',
      name: 'Either',
      description: '',
      createdAt: '',
      updatedAt: '',
      definition: saved as Funnel['definition'],
    }
    const draft = fromFunnel(funnel)
    expect(draft.steps.map((s) => [s.kind, ...s.alternatives.map((a) => a.kind)])).toEqual([
      ['goal'],
      ['goal', 'custom', 'page'],
      ['custom'],
      ['goal'],
    ])
    expect(draft.exclusions.map((e) => e.kind)).toEqual(['custom'])
    expect(storable(funnelDefinitionSchema.parse(toDefinition(draft)))).toEqual(saved)
  })
})
