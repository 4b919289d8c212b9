import { describe, expect, it } from 'vitest'
import { dropBar, durationText } from './funnel-table.ts'

describe('funnel table pieces', () => {
  it('writes waits as a person reads them', () => {
    expect(
      [null, 0, 44.6, 90, 3599, 3600, 86_399, 3 * 3600 + 5 * 60, 86_400, 2 * 86_400 + 4 * 3600].map(
        durationText,
      ),
    ).toEqual(['–', '0s', '45s', '2m', '1h', '1h', '1d', '3h 5m', '1d', '2d 4h'])
  })

  it('draws a drop-off bar as long as its rate is of 30 characters, a sliver for any loss', () => {
    expect(dropBar(null)).toBe('')
    expect(dropBar(0)).toBe('')
    expect(dropBar(0.001)).toBe('█')
    expect(dropBar(0.5)).toBe('█'.repeat(15))
    expect(dropBar(1)).toBe('█'.repeat(30))
  })
})
