import type { SegmentEvent } from '../schema/segment-event.ts'
import type { EventRow, EventSource, IdentityLinkRow } from '../store/events/event-row.ts'
import type { StepResult } from './step-result.ts'

/** What the collect endpoint knows about the request that carried an event. */
export interface RequestMeta {
  siteId: string
  siteDomain: string
  receivedAt: number
  source: EventSource
  /** Client IP: the socket's (or the proxy's header) for browsers, `context.ip` for servers. */
  requestIp: string
  requestUserAgent: string
}

/** An event on its way through the pipeline: the validated input and the row being built. */
export interface Draft {
  readonly input: SegmentEvent
  readonly meta: RequestMeta
  readonly context: Record<string, unknown>
  row: EventRow
  links: IdentityLinkRow[]
  /** End-user IP and agent, used for the visitor hash and never stored. */
  ip: string
  userAgent: string
  /** Hashed identifiers found in traits, for identity links. */
  emailSha256: string
  phoneSha256: string
}

export interface IngestStep {
  readonly name: string
  run(draft: Draft): StepResult<Draft>
}
