import { addDays } from '../../schema/calendar-day.ts'
import type { IdentityKind, IdentityLinkRow } from '../../store/events/event-row.ts'
import type { Draft, IngestStep } from '../draft.ts'
import type { SessionTracker } from '../session-tracker.ts'
import { ok } from '../step-result.ts'
import { cookielessVisitorId, type SaltCache, saltDay } from '../visitor-id.ts'

/**
 * Visitor id: the client's `anonymousId` when given, else the cookieless keyed hash of (daily
 * salt, site, IP, user agent), else (server calls that carry neither) the user id. Identify and
 * alias calls, and events carrying both ids, record identity links for later stitching.
 *
 * The salt changes at midnight UTC; a visit still open from before midnight keeps the id made
 * with yesterday's salt, so it is neither split into two visitors nor into two sessions.
 */
export function createIdentityStep(deps: { salts: SaltCache; sessions: SessionTracker }): IngestStep {
  const cookielessId = (
    siteId: string,
    receivedAt: number,
    ts: number,
    ip: string,
    userAgent: string,
  ): string => {
    const today = saltDay(receivedAt)
    const id = cookielessVisitorId(deps.salts.get(today), siteId, ip, userAgent)
    if (deps.sessions.isActive(siteId, id, ts)) return id
    const yesterdays = cookielessVisitorId(deps.salts.get(addDays(today, -1)), siteId, ip, userAgent)
    return deps.sessions.isActive(siteId, yesterdays, ts) ? yesterdays : id
  }
  const recentLinks = new Set<string>()
  const remember = (k: string) => {
    if (recentLinks.size > 100_000) recentLinks.clear()
    recentLinks.add(k)
  }
  return {
    name: 'identity',
    run(draft) {
      const { input, row, meta } = draft
      const anonymousId = input.anonymousId ?? ''
      const userId = input.userId ?? ''
      row.user_id = userId
      if (anonymousId) {
        row.visitor_id = anonymousId
      } else if (draft.ip || draft.userAgent) {
        row.visitor_id = cookielessId(meta.siteId, meta.receivedAt, row.ts, draft.ip, draft.userAgent)
      } else {
        row.visitor_id = `user:${userId}`
      }

      const link = (leftKind: IdentityKind, leftId: string, rightKind: IdentityKind, rightId: string) => {
        if (!leftId || !rightId || (leftKind === rightKind && leftId === rightId)) return
        const k = `${meta.siteId}\u0000${leftKind}\u0000${leftId}\u0000${rightKind}\u0000${rightId}`
        // Identify calls always record (they are rare and explicit); other events only once per process.
        if (input.type !== 'identify' && input.type !== 'alias' && recentLinks.has(k)) return
        remember(k)
        draft.links.push(linkRow(draft, leftKind, leftId, rightKind, rightId))
      }

      if (userId) link('visitor', row.visitor_id, 'user', userId)
      if (input.type === 'identify') {
        const person: [IdentityKind, string] = userId ? ['user', userId] : ['visitor', row.visitor_id]
        link(person[0], person[1], 'email_sha256', draft.emailSha256)
        link(person[0], person[1], 'phone_sha256', draft.phoneSha256)
      }
      if (input.type === 'alias') link('previous_id', input.previousId ?? '', 'user', userId)
      return ok(draft)
    },
  }
}

function linkRow(
  draft: Draft,
  leftKind: IdentityKind,
  leftId: string,
  rightKind: IdentityKind,
  rightId: string,
): IdentityLinkRow {
  return {
    site_id: draft.meta.siteId,
    left_kind: leftKind,
    left_id: leftId,
    right_kind: rightKind,
    right_id: rightId,
    source: draft.meta.source,
    first_seen: draft.row.ts,
    event_id: draft.row.event_id,
  }
}
