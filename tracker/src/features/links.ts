import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { DOWNLOAD_EXTENSIONS, linkEvent } from './link-event.ts'

/**
 * `outbound` and `downloads`: clicks on links (left click, and middle click, which opens a tab).
 * Sent by beacon, so the event survives the navigation the click starts. `data-extensions`
 * replaces the list of download extensions (comma-separated, lower case, no dots).
 */
export function links(t: Tracker): void {
  const outbound = isOn(t.config_, 'outbound')
  const extensions = isOn(t.config_, 'downloads')
    ? (t.config_.attr_('data-extensions') || DOWNLOAD_EXTENSIONS).replace(/\s/g, '')
    : ''
  if (!outbound && !extensions) return
  const onClick = (e: MouseEvent) => {
    const a = e.button < 2 && ((e.target as Element).closest('a[href]') as HTMLAnchorElement | null)
    const event = a && linkEvent(a, a.hasAttribute('download'), location.host, outbound, extensions)
    if (event) t.send_(event[0], event[1])
  }
  addEventListener('click', onClick, true)
  addEventListener('auxclick', onClick, true)
}
