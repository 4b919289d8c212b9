import { describe, expect, it } from 'vitest'
import { normalCdf, twoSidedP } from './normal.ts'
import { twoProportionTest } from './proportions.ts'

describe('normal distribution', () => {
  it('matches tabulated values, tails included', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7)
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 7)
    // P(Z > 6) = 9.8658765e-10: relative error stays small far out.
    expect(twoSidedP(6) / 2 / 9.865876450377012e-10).toBeCloseTo(1, 5)
    expect(twoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 7)
  })
})

describe('two-proportion z-test', () => {
  it('gives the pooled z and its two-sided p-value', () => {
    // 120/1000 against 90/1000: pooled 0.105, z = 0.03 / sqrt(0.105 × 0.895 × 0.002).
    const t = twoProportionTest(120, 1000, 90, 1000)
    expect(t?.z).toBeCloseTo(2.1882658846, 8)
    expect(t?.pValue).toBeCloseTo(0.0286502404, 7)
    expect(t?.difference).toBeCloseTo(0.03, 12)
  })

  it('has no answer for an empty group or a rate of 0 or 1 in both', () => {
    expect(twoProportionTest(0, 0, 5, 10)).toBeNull()
    expect(twoProportionTest(0, 10, 0, 10)).toBeNull()
    expect(twoProportionTest(10, 10, 20, 20)).toBeNull()
  })
})
