import { describe, expect, it } from 'vitest'
import { formProps } from './form-props.ts'
import { scrollPercent } from './scroll-percent.ts'
import { taggedClick } from './tagged-click.ts'
import { newSteps } from './video-steps.ts'

describe('formProps', () => {
  const form = (attrs: Record<string, string>) => ({ getAttribute: (n: string) => attrs[n] ?? null })
  it('names a form by id, name and the path it posts to, never its fields', () => {
    expect(formProps(form({ id: 'lead', name: 'l', action: '/api/lead?src=x' }), 'https://a.test/p')).toEqual(
      {
        form_id: 'lead',
        form_name: 'l',
        form_action: '/api/lead',
      },
    )
    expect(formProps(form({}), 'https://a.test/p')).toEqual({ form_id: '', form_name: '', form_action: '' })
  })
})

describe('newSteps', () => {
  it('passes each step once, several at a seek, none for an unknown duration', () => {
    expect(newSteps(30, [])).toEqual([25])
    expect(newSteps(80, [25])).toEqual([50, 75])
    expect(newSteps(100, [25, 50, 75])).toEqual([100])
    expect(newSteps(Number.NaN, [])).toEqual([])
  })
})

describe('scrollPercent', () => {
  it('counts the viewport bottom over the page height; a short page is seen whole', () => {
    expect(scrollPercent(0, 800, 3200)).toBe(25)
    expect(scrollPercent(2400, 800, 3200)).toBe(100)
    expect(scrollPercent(0, 800, 600)).toBe(100)
  })
})

describe('taggedClick', () => {
  it('takes the event name and data-stepwise-prop-* attributes as properties', () => {
    const attrs = [
      { name: 'class', value: 'btn' },
      { name: 'data-stepwise-event', value: 'pricing_cta' },
      { name: 'data-stepwise-prop-plan-id', value: 'pro' },
    ]
    expect(taggedClick(attrs)).toEqual(['pricing_cta', { 'plan-id': 'pro' }])
    expect(taggedClick([{ name: 'data-stepwise-prop-x', value: '1' }])).toBeUndefined()
  })
})
