import { AppError } from '../schema/app-error.ts'
import { COLLECT_LIMITS, parseSegmentEvent, type SegmentType } from '../schema/segment-event.ts'
import type { EventWriter } from '../store/events/event-writer.ts'
import { buildDraft } from './build-draft.ts'
import type { DedupRegistry } from './dedup-registry.ts'
import type { Draft, RequestMeta } from './draft.ts'
import type { IngestPipeline } from './ingest-pipeline.ts'
import { resolveTimestamp } from './resolve-timestamp.ts'
import type { DropReason } from './step-result.ts'
import { type SaltCache, saltDay } from './visitor-id.ts'

export interface CollectInput {
  meta: RequestMeta
  /** The calls of the request: one for the single-call paths, the `batch` array otherwise. */
  events: readonly unknown[]
  /** Field-path prefix for each call's errors: `event` for single calls, `batch` for batches. */
  prefix: 'event' | 'batch'
  /** Type implied by the path (`/v1/track`), used when a call does not name one. */
  pathType: SegmentType | null
  batchSentAt: unknown
  batchContext: unknown
  /** Whether any single call could exceed the per-event limit (the request is larger than it). */
  checkEventSize: boolean
}

export interface RejectedEvent {
  index: number
  messageId?: string
  field: string
  reason: string
}

export interface CollectResult {
  /** Calls now stored. */
  accepted: number
  /** Calls already stored by an earlier request (a retry): acknowledged, stored once. */
  duplicates: number
  /** Calls deliberately not stored, by reason (bots). */
  dropped: Partial<Record<DropReason, number>>
  rejected: RejectedEvent[]
}

export interface IngestDeps {
  pipeline: IngestPipeline
  dedup: DedupRegistry
  writer: EventWriter
  salts: SaltCache
}

/**
 * Validates, enriches, de-duplicates and stores the calls of one request. Returns only after
 * every accepted call is in the event store ("acknowledged means stored"); throws
 * `store_unavailable` when the store failed, in which case nothing of the request was stored.
 */
export function createIngestService(deps: IngestDeps) {
  const totals = { accepted: 0, rejected: 0 }

  async function collect(input: CollectInput): Promise<CollectResult> {
    const { meta } = input
    await deps.salts.prepare(saltDay(meta.receivedAt))
    const result: CollectResult = { accepted: 0, duplicates: 0, dropped: {}, rejected: [] }
    const batchContext = isRecord(input.batchContext) ? input.batchContext : null
    const batchSentAt = typeof input.batchSentAt === 'string' ? input.batchSentAt : null

    const fresh: Draft[] = []
    const waiting: Array<{ draft: Draft; settled: Promise<boolean> }> = []

    for (const [index, raw] of input.events.entries()) {
      const outcome = prepare(raw, index)
      if (outcome) fresh.push(outcome)
    }

    function prepare(raw: unknown, index: number): Draft | null {
      const prefix = input.prefix === 'batch' ? `batch[${index}]` : 'event'
      const reject = (field: string, reason: string, messageId?: string) => {
        result.rejected.push(messageId ? { index, messageId, field, reason } : { index, field, reason })
      }
      if (!isRecord(raw)) {
        reject(prefix, 'must be a JSON object')
        return null
      }
      const rawMessageId = typeof raw.messageId === 'string' ? raw.messageId : undefined
      if (input.checkEventSize && Buffer.byteLength(JSON.stringify(raw)) > COLLECT_LIMITS.maxEventBytes) {
        reject(prefix, `exceeds ${COLLECT_LIMITS.maxEventBytes / 1024} KB`, rawMessageId)
        return null
      }
      const candidate = withDefaults(raw, input.pathType, batchContext)
      const parsed = parseSegmentEvent(candidate, prefix)
      if (!parsed.ok) {
        reject(parsed.problem.field, parsed.problem.reason, rawMessageId)
        return null
      }
      const event = parsed.event
      const time = resolveTimestamp(event, batchSentAt, meta.receivedAt, prefix)
      if (!time.ok) {
        reject(time.problem.field, time.problem.reason, event.messageId)
        return null
      }
      const draft = buildDraft(event, meta, time.ts)
      if (!draft.ip && !draft.userAgent && !event.anonymousId && !event.userId) {
        reject(
          `${prefix}.anonymousId`,
          'anonymousId or userId is required when the call carries no context.ip or context.userAgent',
        )
        return null
      }
      const processed = deps.pipeline.run(draft)
      if (!processed.ok) {
        result.dropped[processed.reason] = (result.dropped[processed.reason] ?? 0) + 1
        return null
      }
      if (!event.messageId) return processed.value
      const claim = deps.dedup.claim(meta.siteId, event.messageId)
      if (claim.status === 'new') return processed.value
      if (claim.status === 'pending') waiting.push({ draft: processed.value, settled: claim.settled })
      else countDuplicate(result)
      return null
    }

    await store(meta.siteId, fresh)
    result.accepted += fresh.length

    // Ids another request was storing at the same moment: once that settles they are either
    // stored (a duplicate) or released by a failure, in which case this request stores them.
    const retry: Draft[] = []
    for (const w of waiting) {
      if (await w.settled) countDuplicate(result)
      else if (deps.dedup.claim(meta.siteId, w.draft.row.event_id).status === 'new') retry.push(w.draft)
      else countDuplicate(result)
    }
    await store(meta.siteId, retry)
    result.accepted += retry.length

    totals.accepted += result.accepted
    totals.rejected += result.rejected.length
    return result
  }

  function countDuplicate(result: CollectResult) {
    result.duplicates++
    result.dropped.duplicate = (result.dropped.duplicate ?? 0) + 1
    deps.pipeline.countDrop('duplicate')
  }

  async function store(siteId: string, drafts: Draft[]): Promise<void> {
    if (drafts.length === 0) return
    // Only client message ids were claimed; generated ids are unique and never need remembering.
    const ids = drafts.flatMap((d) => (d.input.messageId ? [d.input.messageId] : []))
    try {
      await deps.writer.write({ events: drafts.map((d) => d.row), links: drafts.flatMap((d) => d.links) })
    } catch (err) {
      deps.dedup.settle(siteId, ids, false)
      throw new AppError('store_unavailable', undefined, [{ reason: errorMessage(err) }])
    }
    deps.dedup.settle(siteId, ids, true)
  }

  return { collect, totals: () => ({ ...totals }) }
}

export type IngestService = ReturnType<typeof createIngestService>

function withDefaults(
  raw: Record<string, unknown>,
  pathType: SegmentType | null,
  batchContext: Record<string, unknown> | null,
): Record<string, unknown> {
  if (!pathType && !batchContext) return raw
  const out: Record<string, unknown> = { ...raw }
  if (pathType && out.type === undefined) out.type = pathType
  if (batchContext) out.context = isRecord(raw.context) ? { ...batchContext, ...raw.context } : batchContext
  return out
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]?.slice(0, 300) || 'store error' : 'store error'
}
