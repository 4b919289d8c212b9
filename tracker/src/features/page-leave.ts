import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { scrollPercent } from './scroll-percent.ts'

/**
 * `scroll` and `engagement`: one `$page_leave` with the deepest scroll reached and the seconds the
 * page was engaged with (visible: shown in the front tab). Sent when the page is hidden
 * (`visibilitychange`, which browsers also fire on close and navigation, and the last moment mobile
 * browsers reliably allow) and before an SPA navigation's page view. Values are running totals for the page view: hidden and shown again, a page sends another
 * `$page_leave` with larger values (none if nothing changed), so a report takes the largest.
 */
export function pageLeave(t: Tracker): void {
  const scroll = isOn(t.config_, 'scroll')
  const engagement = isOn(t.config_, 'engagement')
  if (!scroll && !engagement) return
  const d = document
  let depth = 0
  let engagedMs = 0
  let since = 0 // when the current engaged stretch began; 0: not engaged now
  let lastSent = ''

  const measure = () => {
    depth = Math.max(depth, scrollPercent(scrollY, innerHeight, d.documentElement.scrollHeight))
  }
  const engage = (on: boolean) => {
    const now = Date.now()
    if (since) engagedMs += now - since
    since = on ? now : 0
  }
  const flush = (url?: string) => {
    // Measured here too, not when the script starts: a script in <head> runs before the page has
    // its height, and a page left unscrolled still had its first screen seen.
    measure()
    const props: Record<string, number> = {}
    if (scroll) props[STEPWISE_PROPS.scrollDepth] = depth
    if (engagement) props[STEPWISE_PROPS.engagedSeconds] = Math.round(engagedMs / 1000)
    const key = JSON.stringify(props)
    if (key !== lastSent) t.send_(STEPWISE_EVENTS.pageLeave, props, url)
    lastSent = key
  }

  addEventListener('scroll', measure, { passive: true })
  d.addEventListener('visibilitychange', () => {
    engage(!d.hidden)
    if (d.hidden) flush()
  })
  // The page left by an SPA navigation: its totals go with its URL, then the new page starts at 0.
  t.beforePage_.push((url) => {
    engage(true)
    flush(url)
    depth = engagedMs = 0
    lastSent = ''
  })
  engage(!d.hidden)
}
