import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { taggedClick } from './tagged-click.ts'

/** `clicks`: custom events declared in HTML by `data-stepwise-event` (on the element or an ancestor). */
export function clicks(t: Tracker): void {
  if (!isOn(t.config_, 'clicks')) return
  addEventListener(
    'click',
    (e) => {
      const el = (e.target as Element).closest('[data-stepwise-event]')
      const event = el && taggedClick(el.attributes)
      if (event) t.send_(event[0], event[1])
    },
    true,
  )
}
