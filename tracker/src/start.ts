import type { Stepwise } from '../stepwise.d.ts'
import { isOn, readConfig } from './config.ts'
import { createTracker, type Tracker, trackPageViews } from './core.ts'
import { replayQueue } from './replay-queue.ts'

/** An autocapture feature: installs its listeners if `data-auto` switches it on (see isOn). */
export type Feature = (t: Tracker) => void

declare const STEPWISE_VERSION: string

/**
 * Starts the tracker from its script tag: reads the configuration, installs the features that are
 * on, replaces the snippet's queue by the real `window.stepwise` and replays the queued calls.
 */
export function start(features: Feature[]): void {
  const queued = window.stepwise
  // Loaded twice: the first copy stays in charge.
  if (queued && queued.v) return
  // Also set for a script a tag manager inserts; only module scripts lack it.
  const script = document.currentScript
  const config = script && readConfig((name) => script.getAttribute(name), (script as HTMLScriptElement).src)
  if (!config) return
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  const off = config.respectDnt_ && (nav.doNotTrack === '1' || !!nav.globalPrivacyControl)
  const t = createTracker(config, off)
  const methods = t.api_ as unknown as Record<string, ((...args: unknown[]) => void) | undefined>
  const api = Object.assign(
    (method: string, ...args: unknown[]) => {
      const f = methods[method]
      if (f) f(...args)
    },
    t.api_,
    { v: STEPWISE_VERSION },
  ) as Stepwise
  window.stepwise = api

  if (!off) for (const install of features) install(t)
  replayQueue(
    (queued && queued.q) || [],
    (args) => (api as (...a: unknown[]) => void)(...args),
    () => !off && isOn(config, 'pageviews') && trackPageViews(t),
  )
}
