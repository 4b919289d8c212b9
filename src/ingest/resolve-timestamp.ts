import type { EventProblem } from '../schema/segment-event.ts'

/** Corrected times further ahead of the server clock than this are refused. */
export const MAX_FUTURE_MS = 60 * 60 * 1000
/** Nothing before this is a plausible event time. */
export const EARLIEST_TS = Date.UTC(2000, 0, 1)

export interface TimestampInput {
  timestamp?: string | null
  originalTimestamp?: string | null
  sentAt?: string | null
}

/**
 * Event time, corrected for the client's clock: `receivedAt − (sentAt − originalTimestamp)`.
 * - `originalTimestamp` (RudderStack), or `timestamp` sent together with a `sentAt` (analytics.js,
 *   analytics-node), is a device time and is corrected;
 * - a `timestamp` without any `sentAt` is a deliberate historical time and is kept as is;
 * - no time at all means "now".
 * The event's own `sentAt` wins over the batch's.
 */
export function resolveTimestamp(
  event: TimestampInput,
  batchSentAt: string | null | undefined,
  receivedAt: number,
  prefix: string,
): { ok: true; ts: number } | { ok: false; problem: EventProblem } {
  const sentAtText = event.sentAt ?? batchSentAt ?? null
  const sentAt = sentAtText === null ? null : Date.parse(sentAtText)
  const deviceText = event.originalTimestamp ?? event.timestamp ?? null
  const deviceField = event.originalTimestamp ? 'originalTimestamp' : 'timestamp'

  let ts: number
  if (deviceText === null) {
    ts = receivedAt
  } else {
    const device = Date.parse(deviceText)
    ts = sentAt === null ? device : receivedAt - (sentAt - device)
  }
  if (ts > receivedAt + MAX_FUTURE_MS) {
    const field = deviceText === null ? 'sentAt' : deviceField
    return {
      ok: false,
      problem: {
        field: `${prefix}.${field}`,
        reason: 'lies more than one hour in the future after clock correction',
      },
    }
  }
  if (ts < EARLIEST_TS) {
    return {
      ok: false,
      problem: {
        field: `${prefix}.${deviceText === null ? 'sentAt' : deviceField}`,
        reason: 'lies before the year 2000 after clock correction',
      },
    }
  }
  return { ok: true, ts: Math.round(ts) }
}
