import { twoSidedP } from './normal.ts'

export interface TwoProportionTest {
  /** Difference of the rates, a − b. */
  difference: number
  z: number
  pValue: number
}

/**
 * Two-proportion z-test with the pooled rate (H0: both rates equal): x successes of n in each
 * group. Null when a group is empty or the pooled rate is 0 or 1 (no variance, nothing to test).
 */
export function twoProportionTest(xa: number, na: number, xb: number, nb: number): TwoProportionTest | null {
  if (na <= 0 || nb <= 0) return null
  const pooled = (xa + xb) / (na + nb)
  if (pooled <= 0 || pooled >= 1) return null
  const difference = xa / na - xb / nb
  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
  return { difference, z, pValue: twoSidedP(z) }
}
