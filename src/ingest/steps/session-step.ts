import type { IngestStep } from '../draft.ts'
import type { SessionTracker } from '../session-tracker.ts'
import { ok } from '../step-result.ts'

/**
 * Session id per visitor (new after 30 minutes of inactivity or a new campaign), and the event's
 * position in it: page views so far and seconds since the session began.
 */
export function createSessionStep(deps: { sessions: SessionTracker }): IngestStep {
  return {
    name: 'session',
    run(draft) {
      const { row } = draft
      const isView = row.type === 'page' || row.type === 'screen'
      const at = deps.sessions.assign(row.site_id, row.visitor_id, row.ts, campaignKey(row), isView)
      row.session_id = at.id
      row.session_pages = at.pages
      row.session_seconds = at.seconds
      row.session_prev_seconds = at.prevSeconds
      return ok(draft)
    },
  }
}

/** What makes an arrival "a new campaign"; empty when the event carries no campaign at all. */
export function campaignKey(row: {
  utm_source: string
  utm_medium: string
  utm_campaign: string
  gclid: string
  fbclid: string
  msclkid: string
}): string {
  const parts = [row.utm_source, row.utm_medium, row.utm_campaign, row.gclid, row.fbclid, row.msclkid]
  return parts.some((p) => p !== '') ? parts.join('|') : ''
}
