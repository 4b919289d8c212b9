import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'

/**
 * `utm`: the landing URL's query string goes with every event of this page load, so a single-page
 * app keeps its UTM parameters and click ids after navigating away from the landing URL. The
 * server reads only the campaign parameters from it (see compactToSegment). Kept in memory only
 * (no storage): a full page load starts over, and the server attributes by its session.
 */
export function campaign(t: Tracker): void {
  const query = location.search
  if (query && isOn(t.config_, 'utm')) t.extra_.c = query
}
