import type { GoalDefinition } from '../schema/goal.ts'
import { checkGoalInput, type GoalCheck } from './check-goal-input.ts'

/** The most goals one import (or goal file) may hold. */
export const MAX_GOALS_PER_IMPORT = 1000

type Problems = Extract<GoalCheck, { ok: false }>['details']

export type GoalListCheck = { ok: true; definitions: GoalDefinition[] } | { ok: false; details: Problems }

/**
 * Validates a list of goals as imported (API `goals`, a goal file): every goal by itself, named
 * `goals.<index>.<field>`, and no name twice.
 */
export function checkGoalList(inputs: unknown): GoalListCheck {
  if (!Array.isArray(inputs))
    return { ok: false, details: [{ field: 'goals', path: ['goals'], reason: 'must be a list of goals' }] }
  if (inputs.length > MAX_GOALS_PER_IMPORT) {
    return {
      ok: false,
      details: [
        { field: 'goals', path: ['goals'], reason: `must hold at most ${MAX_GOALS_PER_IMPORT} goals` },
      ],
    }
  }
  const details: Problems = []
  const definitions: GoalDefinition[] = []
  const firstIndexOf = new Map<string, number>()
  for (const [i, input] of inputs.entries()) {
    const check = checkGoalInput(input, ['goals', i])
    if (!check.ok) {
      details.push(...check.details)
      continue
    }
    const earlier = firstIndexOf.get(check.definition.name)
    if (earlier !== undefined) {
      const path = ['goals', i, 'name']
      details.push({ field: path.join('.'), path, reason: `repeats the name of goals.${earlier}` })
      continue
    }
    firstIndexOf.set(check.definition.name, i)
    definitions.push(check.definition)
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, definitions }
}
