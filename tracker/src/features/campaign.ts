import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { campaignParams } from './campaign-params.ts'

/**
 * `utm`: the landing URL's campaign parameters go with every event of this page load, so a
 * single-page app keeps its attribution after navigating away from the landing URL. Kept in memory
 * only (no storage): a full page load starts over, and the server attributes by its session.
 */
export function campaign(t: Tracker): void {
  const c = isOn(t.config_, 'utm') && campaignParams(location.search)
  if (c) t.extra_.c = c
}
