import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import type { IngestService } from '../../ingest/ingest-service.ts'
import { AppError } from '../../schema/app-error.ts'
import { compactEventSchema, compactToSegment } from '../../schema/compact-event.ts'
import { COLLECT_LIMITS, SEGMENT_TYPES, type SegmentType } from '../../schema/segment-event.ts'
import { basicUser, bearerToken } from '../auth.ts'
import { clientIp } from '../client-ip.ts'
import type { KeyResolver } from '../key-resolver.ts'
import { readJsonBody } from '../read-json-body.ts'

const SHORT_PATHS: Record<string, SegmentType | 'batch'> = {
  t: 'track',
  p: 'page',
  s: 'screen',
  i: 'identify',
  g: 'group',
  a: 'alias',
  b: 'batch',
  batch: 'batch',
  import: 'batch',
}

export interface CollectRouteDeps {
  ingest: IngestService
  resolver: KeyResolver
  trustProxy: boolean
}

/** Segment Tracking API: `/v1/{track,page,…,batch}` and the browser short paths `/v1/{t,p,…,b}`. */
export function createCollectRoutes(deps: CollectRouteDeps) {
  // `incoming` is there when served by node:http, absent for in-memory `app.request` calls.
  const app = new Hono<{ Bindings: Partial<HttpBindings> }>()
  app.use(
    '*',
    cors({
      origin: (origin) => origin || '*',
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', 'X-Retry-Count', 'Content-Encoding'],
      maxAge: 86_400,
    }),
  )

  /** Resolves a presented write key; only write and server keys may send events. */
  const writeKeyOf = async (presented: string | null, field = 'writeKey') => {
    if (!presented) {
      throw new AppError('missing_key', 'Send the write key as HTTP Basic user or as writeKey in the body', [
        { field, reason: 'is required' },
      ])
    }
    const resolved = await deps.resolver.resolve(presented)
    if (!resolved) throw new AppError('unknown_key', undefined, [{ field, reason: 'unknown or revoked key' }])
    const keyKind = resolved.key.kind
    if (keyKind !== 'write' && keyKind !== 'server') {
      throw new AppError('forbidden', `A ${keyKind} key cannot send events; use the site's write key`, [
        { field, reason: 'is not a write key' },
      ])
    }
    return resolved
  }

  /** Rejections of a request that stored nothing become its error answer. */
  const answer = (result: Awaited<ReturnType<IngestService['collect']>>) => {
    const nothingTaken = result.accepted + result.duplicates === 0 && Object.keys(result.dropped).length === 0
    if (result.rejected.length > 0 && nothingTaken) {
      const first = result.rejected[0]
      throw new AppError(
        'invalid_event',
        first ? `${first.field} ${first.reason}` : undefined,
        result.rejected.map((r) => ({ field: r.field, reason: r.reason })),
      )
    }
    return { success: true as const, ...result }
  }

  // The browser tracker's compact event (see src/schema/compact-event.ts); the key is in the body.
  app.post('/e', async (c) => {
    const receivedAt = Date.now()
    const body = await readJsonBody(c.req.raw, COLLECT_LIMITS.maxEventBytes, c.env?.incoming)
    const parsed = compactEventSchema.safeParse(body.value)
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({
        field: i.path.join('.') || 'body',
        reason: i.message,
      }))
      const first = details[0]
      throw new AppError('invalid_event', first ? `${first.field} ${first.reason}` : undefined, details)
    }
    const resolved = await writeKeyOf(parsed.data.k, 'k')
    const result = await deps.ingest.collect({
      meta: {
        siteId: resolved.site.id,
        siteDomain: resolved.site.domain,
        receivedAt,
        source: 'browser',
        requestIp: clientIp(c, deps.trustProxy),
        requestUserAgent: c.req.header('user-agent') ?? '',
      },
      events: [compactToSegment(parsed.data)],
      prefix: 'event',
      pathType: parsed.data.t,
      batchSentAt: null,
      batchContext: null,
      checkEventSize: false,
    })
    return c.json(answer(result))
  })

  app.post('/:call', async (c) => {
    const call = c.req.param('call')
    const kind = (SEGMENT_TYPES as readonly string[]).includes(call)
      ? (call as SegmentType)
      : SHORT_PATHS[call]
    if (!kind) throw new AppError('not_found', `Unknown collect path /v1/${call}`)
    const receivedAt = Date.now()
    const isBatch = kind === 'batch'
    const body = await readJsonBody(
      c.req.raw,
      isBatch ? COLLECT_LIMITS.maxRequestBytes : Math.max(COLLECT_LIMITS.maxEventBytes, 64 * 1024),
      c.env?.incoming,
    )
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      throw new AppError('invalid_body', 'The body must be a JSON object', [
        { field: 'body', reason: 'must be an object' },
      ])
    }
    const payload = body.value as Record<string, unknown>
    if (!isBatch && body.bytes > COLLECT_LIMITS.maxEventBytes) {
      throw new AppError('payload_too_large', 'An event may be at most 32 KB', [
        { field: 'event', reason: 'must be at most 32 KB' },
      ])
    }

    const authorization = c.req.header('authorization')
    const presented =
      basicUser(authorization) ??
      bearerToken(authorization) ??
      (typeof payload.writeKey === 'string' ? payload.writeKey : null)
    const resolved = await writeKeyOf(presented)
    const keyKind = resolved.key.kind

    let events: unknown[]
    if (isBatch) {
      if (!Array.isArray(payload.batch)) {
        throw new AppError('invalid_body', 'batch must be an array of calls', [
          { field: 'batch', reason: payload.batch === undefined ? 'is required' : 'must be an array' },
        ])
      }
      if (payload.batch.length > COLLECT_LIMITS.maxBatchEvents) {
        throw new AppError(
          'payload_too_large',
          `A batch may hold at most ${COLLECT_LIMITS.maxBatchEvents} calls`,
          [
            {
              field: 'batch',
              reason: `has ${payload.batch.length} calls, at most ${COLLECT_LIMITS.maxBatchEvents} allowed`,
            },
          ],
        )
      }
      events = payload.batch
    } else {
      const { writeKey: _ignored, ...event } = payload
      if (event.type !== undefined && event.type !== kind) {
        throw new AppError(
          'invalid_event',
          `type ${String(event.type)} does not match the path /v1/${call}`,
          [{ field: 'event.type', reason: `must be ${kind} on this path` }],
        )
      }
      events = [event]
    }

    const hasOrigin = Boolean(c.req.header('origin'))
    const source = keyKind === 'server' || !hasOrigin ? 'server' : 'browser'
    const result = await deps.ingest.collect({
      meta: {
        siteId: resolved.site.id,
        siteDomain: resolved.site.domain,
        receivedAt,
        source,
        requestIp: clientIp(c, deps.trustProxy),
        requestUserAgent: c.req.header('user-agent') ?? '',
      },
      events,
      prefix: isBatch ? 'batch' : 'event',
      pathType: isBatch ? null : kind,
      batchSentAt: isBatch ? payload.sentAt : null,
      batchContext: isBatch ? payload.context : null,
      checkEventSize: isBatch && body.bytes > COLLECT_LIMITS.maxEventBytes,
    })
    return c.json(answer(result))
  })
  return app
}
