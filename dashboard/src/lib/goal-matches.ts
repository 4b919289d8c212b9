import type { Goal, Match } from '../api/api-types.ts'

/** At most this many goals go into one match (the API's limit of alternatives of an `any`). */
export const MAX_COMBINED = 50

/**
 * One match for "any of these goals": a visitor converted on a kind (micro or macro) when they
 * did at least one of its goals. Null without goals.
 */
export function anyOfGoals(goals: readonly Goal[]): Match | null {
  const matches = goals.slice(0, MAX_COMBINED).map((g) => g.match)
  if (matches.length === 0) return null
  if (matches.length === 1) return matches[0] as Match
  return { type: 'any', matches }
}

/** numerator / denominator, or null with no denominator (shown as "–"). */
export const rateOf = (numerator: number, denominator: number | null | undefined): number | null =>
  denominator ? numerator / denominator : null
