import { checkInput, type InputProblem } from '../schema/check-input.ts'
import { type GoalDefinition, goalInputSchema } from '../schema/goal.ts'

export type GoalCheck = { ok: true; definition: GoalDefinition } | { ok: false; details: InputProblem[] }

/**
 * Validates one goal as a user wrote it (API body, CLI flags, a file entry); problems are named
 * from `prefix` on (see checkInput).
 */
export function checkGoalInput(input: unknown, prefix: Array<string | number> = []): GoalCheck {
  const check = checkInput(goalInputSchema, input, prefix)
  return check.ok ? { ok: true, definition: check.data } : check
}
