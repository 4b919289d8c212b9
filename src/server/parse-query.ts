import type { z } from 'zod'
import { AppError } from '../schema/app-error.ts'

/** Validates query or body input with a zod schema; the first problem names its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const details = result.error.issues.map((i) => ({ field: i.path.join('.') || 'input', reason: i.message }))
  const first = details[0]
  throw new AppError('invalid_parameter', first ? `${first.field} ${first.reason}` : undefined, details)
}
