import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS } from '../schema/autocapture.ts'
import type { SeededRandom } from './seeded-random.ts'
import { ORIGIN } from './shop-catalog.ts'

/** One Segment call as the demo sends it to `POST /v1/batch`. */
export interface DemoMessage {
  type: 'page' | 'track' | 'identify'
  messageId: string
  anonymousId: string
  userId?: string
  event?: string
  properties?: Record<string, unknown>
  traits?: Record<string, unknown>
  /** ISO-8601 UTC; sent without `sentAt`, so the ingest keeps it as the event time. */
  timestamp: string
  context: Record<string, unknown>
}

/** The browser the visitor uses: the same on every visit (the first-party id lives in it). */
export interface DemoBrowser {
  anonymousId: string
  userAgent: string
  locale: string
  country: string
  mobile: boolean
}

interface OpenPage {
  path: string
  url: string
  title: string
  referrer: string
  search: string
  viewedAt: number
  scrollDepth: number
}

const LIBRARY = { name: 'analytics.js', version: 'next-1.72.0' }

/**
 * Writes the calls of one visit, as the browser tracker would send them: a page call per view,
 * a `$page_leave` when the page is left, track calls in between. Time only moves forward and
 * never by 30 minutes or more, so the ingest keeps the visit in one session.
 */
export function createVisitWriter(deps: {
  random: SeededRandom
  browser: DemoBrowser
  /** Prefix of message ids; a counter is appended. */
  idPrefix: string
  start: number
  /** A visit that would run this long is a bug in the plan: it could split into two sessions. */
  maxDurationMs: number
  userId: string | null
  timeZone: string
}) {
  const { random, browser } = deps
  const messages: DemoMessage[] = []
  let now = deps.start
  let page: OpenPage | null = null
  let userId = deps.userId
  let counter = 0
  let pageViews = 0

  const context = (p: OpenPage | null): Record<string, unknown> => {
    const ctx: Record<string, unknown> = {
      userAgent: browser.userAgent,
      locale: browser.locale,
      timezone: deps.timeZone,
      library: LIBRARY,
      location: { country: browser.country },
    }
    if (p) ctx.page = { path: p.path, url: p.url, title: p.title, referrer: p.referrer, search: p.search }
    return ctx
  }

  const base = (type: DemoMessage['type']): DemoMessage => {
    const m: DemoMessage = {
      type,
      messageId: `${deps.idPrefix}-${(counter++).toString(36)}`,
      anonymousId: browser.anonymousId,
      timestamp: new Date(now).toISOString(),
      context: context(page),
    }
    if (userId) m.userId = userId
    return m
  }

  /** Moves the clock on by about `seconds` (never less than a quarter second). */
  const wait = (seconds: number) => {
    now += Math.max(250, Math.round(seconds * 1000 * (0.75 + random.next() * 0.5)))
  }

  const leave = () => {
    if (!page) return
    wait(browser.mobile ? 12 : 20)
    const engaged = Math.max(1, Math.round((now - page.viewedAt) / 1000))
    const m = base('track')
    m.event = AUTOCAPTURE_EVENTS.pageLeave
    m.properties = {
      [AUTOCAPTURE_PROPS.engagedSeconds]: engaged,
      [AUTOCAPTURE_PROPS.scrollDepth]: page.scrollDepth,
    }
    messages.push(m)
    page = null
  }

  return {
    /** Leaves the current page (if any) and views another; `query` is the landing URL's query. */
    view(path: string, title: string, options: { query?: string; referrer?: string } = {}): void {
      const previous = page
      leave()
      if (previous) wait(1)
      const search = options.query ? `?${options.query}` : ''
      page = {
        path,
        url: `${ORIGIN}${path}${search}`,
        title,
        referrer: options.referrer ?? previous?.url ?? '',
        search,
        viewedAt: now,
        scrollDepth: 5 * random.int(2, 20),
      }
      pageViews++
      const m = base('page')
      m.properties = { path, url: page.url, title, referrer: page.referrer, search }
      messages.push(m)
    },
    /** A track call on the current page after about `afterSeconds`. */
    track(event: string, properties: Record<string, unknown>, afterSeconds = 8): void {
      wait(afterSeconds)
      const m = base('track')
      m.event = event
      m.properties = properties
      messages.push(m)
    },
    /** Identifies the visitor; later calls carry the user id when there is one. */
    identify(traits: Record<string, unknown>, newUserId?: string): void {
      wait(1)
      if (newUserId) userId = newUserId
      const m = base('identify')
      m.traits = traits
      messages.push(m)
    },
    /** Ends the visit: the last page is left. */
    finish(): { messages: DemoMessage[]; end: number; pageViews: number; userId: string | null } {
      leave()
      if (now - deps.start > deps.maxDurationMs)
        throw new Error(
          `demo visit ${deps.idPrefix} lasts ${now - deps.start} ms, over ${deps.maxDurationMs}`,
        )
      return { messages, end: now, pageViews, userId }
    },
    currentPath: () => page?.path ?? '',
  }
}

export type VisitWriter = ReturnType<typeof createVisitWriter>
