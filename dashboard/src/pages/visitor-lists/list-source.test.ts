import { describe, expect, it } from 'vitest'
import { describeListSource } from './list-source.ts'

describe('describeListSource', () => {
  it('names the funnel, the step, who and the period, in the locale', () => {
    const source = {
      kind: 'funnel',
      funnel: 'fnl_1',
      funnelName: 'Checkout',
      step: 2,
      status: 'dropped',
      from: '2026-09-24',
      to: '2026-11-22',
      timezone: 'Europe/Berlin',
    }
    expect(describeListSource(source, 'en-US')).toEqual({
      funnelId: 'fnl_1',
      period: { from: '2026-09-24', to: '2026-11-22' },
      text: 'Dropped after step 2 of “Checkout”, Sep 24, 2026 – Nov 22, 2026',
    })
    expect(describeListSource({ ...source, status: 'completed' }, 'de-DE').text).toBe(
      'Completed step 2 of “Checkout”, 24.09.2026 – 22.11.2026',
    )
  })

  it('says an inline definition is an unsaved funnel, and guesses nothing else', () => {
    const inline = { kind: 'funnel', definition: { steps: [] }, step: 1, status: 'completed' }
    expect(describeListSource(inline, 'en-US')).toEqual({
      funnelId: null,
      period: null,
      text: 'Completed step 1 of an unsaved funnel',
    })
    expect(describeListSource({ kind: 'import' }, 'en-US')).toEqual({
      funnelId: null,
      period: null,
      text: 'Saved list',
    })
  })
})
