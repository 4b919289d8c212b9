import { z } from 'zod'
import { SEGMENT_TYPES } from '../../schema/segment-event.ts'

export const eventsListSpecSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page')
    .optional(),
  type: z.enum(SEGMENT_TYPES).optional(),
  name: z.string().min(1).max(500).optional(),
})

export type EventsListSpec = z.infer<typeof eventsListSpecSchema>

export interface Cursor {
  ts: number
  eventId: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.ts, c.eventId])).toString('base64url')
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string')
      return { ts: v[0], eventId: v[1] }
  } catch {
    return null
  }
  return null
}
