import { randomUUID } from 'node:crypto'

/**
 * Segment-shaped calls as `@segment/analytics-node` sends them (type, messageId
 * `node-next-<ms>-<uuid>`, timestamp, context.library, integrations, _metadata), with the
 * browser context a server forwards: ~20 real user agents, page URLs (some with utm
 * parameters or click ids), revenue and currency, and anonymous ids from a visitor pool.
 *
 * Each call is serialised once into a template; a request then only splices a fresh
 * messageId and timestamp into it, so the load generator spends its CPU on sending, not on
 * JSON.stringify.
 */

export const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
]

const ORIGIN = 'https://shop.example.com'

const PAGES: ReadonlyArray<{ path: string; title: string }> = [
  { path: '/', title: 'Example Shop' },
  { path: '/pricing', title: 'Pricing – Example Shop' },
  { path: '/products/trail-runner-2', title: 'Trail Runner 2 – Example Shop' },
  { path: '/products/city-backpack', title: 'City Backpack – Example Shop' },
  { path: '/collections/summer', title: 'Summer collection – Example Shop' },
  { path: '/blog/how-to-choose-running-shoes', title: 'How to choose running shoes' },
  { path: '/cart', title: 'Cart – Example Shop' },
  { path: '/checkout', title: 'Checkout – Example Shop' },
  { path: '/signup', title: 'Create your account' },
  { path: '/account/orders', title: 'Your orders' },
]

/** Query strings of landing pages; most visits carry none. Ad click ids are unique per click. */
const CAMPAIGNS: readonly string[] = [
  '',
  '',
  '',
  '',
  '?utm_source=google&utm_medium=cpc&utm_campaign=brand_eu&utm_term=trail+shoes&gclid=Cj0KCQiA@@CLICK_ID@@',
  '?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-black-friday',
  '?utm_source=facebook&utm_medium=paid_social&utm_campaign=retargeting_q4&fbclid=IwAR2x@@CLICK_ID@@',
  '?utm_source=partner-blog&utm_medium=referral&utm_content=sidebar',
  '?ref=producthunt',
]

const REFERRERS: readonly string[] = [
  '',
  '',
  'https://www.google.com/',
  'https://duckduckgo.com/',
  'https://t.co/',
  'https://www.bing.com/',
  'https://news.ycombinator.com/',
]

const LOCALES: readonly string[] = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ja-JP', 'nl-NL']
const CURRENCIES: readonly string[] = ['USD', 'EUR', 'GBP', 'usd']

const MESSAGE_ID = '@@MESSAGE_ID@@'
const TIMESTAMP = '@@TIMESTAMP@@'
// `@@CLICK_ID@@` sits in the CAMPAIGNS strings above.
const SLOT = /@@(MESSAGE_ID|TIMESTAMP|CLICK_ID)@@/

type Slot = 'MESSAGE_ID' | 'TIMESTAMP' | 'CLICK_ID'

/** One serialised call: `parts[0] + slot[0] + parts[1] + … + parts[n]` is its JSON. */
export interface EventTemplate {
  type: 'track' | 'page'
  parts: string[]
  slots: Slot[]
}

export interface EventPoolOptions {
  size: number
  visitors: number
  seed: number
}

/** A deterministic pool of calls: about 60 % track (a quarter of them orders), 40 % page. */
export function createEventPool(options: EventPoolOptions): EventTemplate[] {
  const random = mulberry32(options.seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const visitors = Array.from({ length: options.visitors }, (_, i) => ({
    anonymousId: uuidFrom(random),
    userId: i % 5 === 0 ? `user_${100_000 + i}` : null,
    userAgent: pick(USER_AGENTS),
    ip: `${10 + (i % 200)}.${(i >> 8) % 256}.${i % 256}.${1 + (i % 250)}`,
    locale: pick(LOCALES),
  }))

  const pool: EventTemplate[] = []
  for (let i = 0; i < options.size; i++) {
    const visitor = pick(visitors)
    const page = pick(PAGES)
    const search = page.path === '/' || page.path.startsWith('/products') ? pick(CAMPAIGNS) : ''
    const url = `${ORIGIN}${page.path}${search}`
    const context = {
      library: { name: '@segment/analytics-node', version: '3.1.0' },
      userAgent: visitor.userAgent,
      ip: visitor.ip,
      locale: visitor.locale,
      page: { path: page.path, url, search, title: page.title, referrer: pick(REFERRERS) },
    }
    const common = {
      messageId: MESSAGE_ID,
      timestamp: TIMESTAMP,
      anonymousId: visitor.anonymousId,
      ...(visitor.userId ? { userId: visitor.userId } : {}),
      context,
      integrations: {},
      _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' },
    }
    const isTrack = random() < 0.6
    const call = isTrack
      ? { type: 'track', ...trackCall(random, pick), ...common }
      : {
          type: 'page',
          name: page.title,
          properties: { path: page.path, url, title: page.title, referrer: context.page.referrer, search },
          ...common,
        }
    pool.push(toTemplate(isTrack ? 'track' : 'page', JSON.stringify(call)))
  }
  return pool
}

function trackCall(random: () => number, pick: <T>(list: readonly T[]) => T) {
  const roll = random()
  if (roll < 0.25) {
    const revenue = Math.round((15 + random() * 285) * 100) / 100
    return {
      event: 'Order Completed',
      properties: {
        order_id: `ord_${Math.floor(random() * 1e9)}`,
        revenue,
        total: revenue,
        currency: pick(CURRENCIES),
        coupon: random() < 0.2 ? 'WELCOME10' : null,
        products: [{ product_id: 'sku-trail-2', name: 'Trail Runner 2', price: revenue, quantity: 1 }],
      },
    }
  }
  if (roll < 0.5) {
    return {
      event: 'Product Added',
      properties: {
        product_id: 'sku-city-bp',
        name: 'City Backpack',
        price: 89,
        currency: 'EUR',
        quantity: 1,
      },
    }
  }
  if (roll < 0.75) {
    return { event: 'Product Viewed', properties: { product_id: 'sku-trail-2', category: 'Shoes' } }
  }
  if (roll < 0.9) return { event: 'Checkout Started', properties: { value: 129.9, currency: 'EUR' } }
  return { event: 'Signed Up', properties: { plan: pick(['free', 'pro', 'team']), method: 'email' } }
}

function toTemplate(type: EventTemplate['type'], json: string): EventTemplate {
  // split() with a capturing group alternates text and slot names.
  const pieces = json.split(SLOT)
  const parts = pieces.filter((_, i) => i % 2 === 0)
  const slots = pieces.filter((_, i) => i % 2 === 1) as Slot[]
  if (!slots.includes('MESSAGE_ID') || !slots.includes('TIMESTAMP')) {
    throw new Error('event template lacks its messageId or timestamp marker')
  }
  return { type, parts, slots }
}

let clicks = 0

/** A fresh messageId in analytics-node's format. */
export function messageId(nowMs: number): string {
  return `node-next-${nowMs}-${randomUUID()}`
}

/**
 * One call's JSON with a new messageId, the given timestamp and, on ad landings, a new click
 * id (the same one everywhere the URL appears), as each real click has its own.
 */
export function renderEvent(template: EventTemplate, nowMs: number, timestamp: string): string {
  const { parts, slots } = template
  let click = ''
  let out = parts[0] ?? ''
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]
    if (slot === 'MESSAGE_ID') out += messageId(nowMs)
    else if (slot === 'TIMESTAMP') out += timestamp
    else {
      if (click === '') click = (++clicks).toString(36)
      out += click
    }
    out += parts[i + 1] ?? ''
  }
  return out
}

/** Cycles through the pool; `next` hands out templates in a fixed order shared by all connections. */
export function createTemplateCycle(pool: readonly EventTemplate[]) {
  if (pool.length === 0) throw new Error('the event pool is empty')
  let index = 0
  return {
    next(): EventTemplate {
      const t = pool[index] as EventTemplate
      index = (index + 1) % pool.length
      return t
    },
  }
}

export type TemplateCycle = ReturnType<typeof createTemplateCycle>

/** Body of `POST /v1/track`: one call, timestamped now. */
export function singleBody(cycle: TemplateCycle): string {
  const now = Date.now()
  return renderEvent(cycle.next(), now, new Date(now).toISOString())
}

/**
 * Body of `POST /v1/batch` as analytics-node flushes it: `{ batch, writeKey, sentAt }`. The
 * calls share one timestamp (formatting 100 dates per request would cost the load generator
 * more CPU than the server's JSON.parse of them).
 */
export function batchBody(cycle: TemplateCycle, size: number, writeKey: string): string {
  const now = Date.now()
  const iso = new Date(now).toISOString()
  const parts: string[] = new Array<string>(size)
  for (let i = 0; i < size; i++) parts[i] = renderEvent(cycle.next(), now, iso)
  return `{"batch":[${parts.join(',')}],"writeKey":${JSON.stringify(writeKey)},"sentAt":"${iso}"}`
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`
}

/** Small seeded PRNG so every run sends the same mix. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
