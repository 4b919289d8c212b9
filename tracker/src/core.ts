import type { StepwiseApi } from '../stepwise.d.ts'
import type { Config } from './config.ts'
import { pageKey } from './page-key.ts'

export type Props = Record<string, unknown>

/**
 * What the autocapture features get from the core. Internal names end in `_`: the build
 * shortens them (esbuild `mangleProps`), the public API keeps its names.
 */
export interface Tracker {
  /** The public API, as `window.stepwise` exposes it. */
  api_: StepwiseApi
  config_: Config
  /** Sends a track event; `url` stands in for location.href (a page just left by SPA navigation). */
  send_(name: string, props?: Props, url?: string): void
  /** Run before the page view of an SPA navigation, with the URL of the page being left. */
  beforePage_: Array<(leftUrl: string) => void>
  /** Fields added to every event (the visit's campaign parameters). */
  extra_: Props
}

const ID_KEY = 'stepwise_id'

/**
 * A random id of about 100 bits, for the consent-mode anonymous id. Math.random
 * is enough for ids that only need to be unique (crypto would cost bytes and, for randomUUID, a
 * secure context).
 */
export function randomId(): string {
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)
}

/**
 * The core: builds events and sends each at once, one per request. `off` (Do Not Track honoured)
 * makes every call a no-op. In cookieless mode nothing touches cookies or storage;
 * `consent(true)` switches to a first-party id kept in localStorage.
 */
export function createTracker(config: Config, off: boolean): Tracker {
  let anonymousId: string | undefined
  let lastHref = ''

  const post = (event: Props) => {
    if (off) return
    // Neither a time nor a message id: each event goes out once, as it happens (a beacon is never
    // retried), so the server's receiving time is its time, free of the browser's clock error.
    const body = JSON.stringify(Object.assign(event, t.extra_, { k: config.key_, a: anonymousId }))
    // A string body goes as text/plain: no CORS preflight. The beacon outlives the page (sent on
    // leave too) and never reports back: a server that is down costs nothing but the event.
    try {
      navigator.sendBeacon(config.api_, body)
    } catch {}
  }

  const api: StepwiseApi = {
    track(name, props) {
      t.send_(name, props)
    },
    identify(userId, traits) {
      post({ t: 'identify', i: userId, tr: traits })
    },
    page(props) {
      const left = lastHref
      if (left) for (const f of t.beforePage_) f(left)
      lastHref = location.href
      // After an SPA navigation the page came from is the previous URL, as a full load would say.
      post({ t: 'page', u: lastHref, r: left || document.referrer, ti: document.title, p: props })
    },
    consent(granted) {
      if (off) return
      try {
        if (granted) {
          anonymousId = localStorage.getItem(ID_KEY) || randomId()
          localStorage.setItem(ID_KEY, anonymousId)
        } else {
          anonymousId = undefined
          localStorage.removeItem(ID_KEY)
        }
      } catch {}
    },
  }
  const t: Tracker = {
    api_: api,
    config_: config,
    beforePage_: [],
    extra_: {},
    send_(name, props, url) {
      post({ t: 'track', n: name, u: url || location.href, p: props })
    },
  }
  if (config.consent_) api.consent(true)
  return t
}

/**
 * Automatic page views: the first now, then one per history change to a new URL
 * (pushState, replaceState, back/forward), never two for the same page.
 */
export function trackPageViews(t: Tracker): void {
  let last = ''
  const check = () => {
    const key = pageKey(location.href)
    if (key !== last) {
      last = key
      t.api_.page()
    }
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args)
      check()
    }
  }
  addEventListener('popstate', check)
  check()
}
