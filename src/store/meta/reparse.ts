import type { z } from 'zod'

/**
 * A stored jsonb definition parsed again by its model: jsonb keeps values but not key order, and
 * defaults added to the model since are filled in. One the model no longer accepts is shown as
 * stored rather than hidden.
 */
export function reparse<S extends z.ZodType>(schema: S, stored: unknown): z.output<S> {
  const parsed = schema.safeParse(stored)
  return parsed.success ? parsed.data : (stored as z.output<S>)
}
