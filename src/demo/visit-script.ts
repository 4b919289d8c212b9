import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS } from '../schema/autocapture.ts'
import type { SeededRandom } from './seeded-random.ts'
import {
  BLOG_POSTS,
  BRAND_VIDEO,
  BROCHURE,
  CATEGORIES,
  type DemoChannel,
  EMAIL_CAMPAIGNS,
  PAGES,
  PAID_SEARCH_CAMPAIGNS,
  PAID_SOCIAL_CAMPAIGNS,
  PRODUCTS,
  type Product,
  REFERRAL_SOURCES,
  SEARCH_QUERIES,
  SEARCH_REFERRERS,
  SHOP_TITLE,
  SOCIAL_SOURCES,
  ZIP_CODES,
} from './shop-catalog.ts'
import { CHECKOUT_STEPS, LEAD_FORM_ID, SHOP_EVENTS } from './shop-events.ts'
import { createVisitWriter, type DemoBrowser, type DemoMessage, type VisitWriter } from './visit-writer.ts'

/** How far into the checkout a visitor gets: the stage reached last. */
export type CheckoutStage = 'none' | 'cart' | 'shipping' | 'payment' | 'purchase'

/** What a visitor does on one visit besides browsing. */
export interface VisitActions {
  zipSearch: boolean
  video: boolean
  /** Deepest threshold passed when `video`; 0 when stopped before 25 %. */
  videoPercent: number
  brochure: boolean
  productSearch: boolean
  newsletter: boolean
  lead: 'none' | 'started' | 'submitted'
  /** Logs in to an existing account at the start of the visit. */
  login: boolean
  checkout: CheckoutStage
}

export interface VisitInput {
  random: SeededRandom
  browser: DemoBrowser
  idPrefix: string
  start: number
  maxDurationMs: number
  timeZone: string
  /** The user id the visitor is already identified with. */
  userId: string | null
  /** The account the visitor logs in to or creates at the order. */
  customer: { userId: string; email: string }
  channel: DemoChannel
  actions: VisitActions
}

export interface WrittenVisit {
  messages: DemoMessage[]
  end: number
  pageViews: number
  userId: string | null
  orderCents: number
}

const euros = (cents: number) => Math.round(cents) / 100

/** One visit: the landing page its channel brings, some browsing, its actions, maybe a checkout. */
export function writeVisit(input: VisitInput): WrittenVisit {
  const { random, actions, customer } = input
  const w = createVisitWriter({
    random,
    browser: input.browser,
    idPrefix: input.idPrefix,
    start: input.start,
    maxDurationMs: input.maxDurationMs,
    userId: input.userId,
    timeZone: input.timeZone,
  })
  land(w, random, input.channel)
  if (actions.login) w.identify({ email: customer.email }, customer.userId)

  const steps: Array<() => void> = []
  const browseCount = random.weighted(input.browser.mobile ? [35, 35, 20, 10] : [20, 30, 30, 20])
  for (let i = 0; i < browseCount; i++) steps.push(() => browse(w, random))
  if (actions.productSearch) steps.push(() => productSearch(w, random))
  if (actions.zipSearch) steps.push(() => zipSearch(w, random))
  if (actions.video) steps.push(() => watchVideo(w, actions.videoPercent))
  if (actions.brochure) steps.push(() => downloadBrochure(w))
  if (actions.lead !== 'none')
    steps.push(() => leadForm(w, random, actions.lead === 'submitted', customer.email))
  if (actions.newsletter) steps.push(() => newsletter(w, customer.email))
  shuffle(random, steps)
  for (const step of steps) step()

  let orderCents = 0
  if (actions.checkout !== 'none') orderCents = checkout(w, random, actions.checkout, customer)
  const done = w.finish()
  return { ...done, orderCents }
}

function shuffle<T>(random: SeededRandom, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    const t = items[i] as T
    items[i] = items[j] as T
    items[j] = t
  }
}

function viewProduct(w: VisitWriter, product: Product, options: { query?: string; referrer?: string } = {}) {
  w.view(`/p/${product.slug}`, `${product.title} – ${SHOP_TITLE}`, options)
  w.track(SHOP_EVENTS.productViewed, productProps(product), 2)
}

function productProps(product: Product, quantity?: number): Record<string, unknown> {
  const props: Record<string, unknown> = {
    product_id: product.id,
    sku: product.sku,
    category: product.category,
    price: euros(product.priceCents),
    currency: 'EUR',
  }
  if (quantity !== undefined) props.quantity = quantity
  return props
}

function viewCategory(
  w: VisitWriter,
  random: SeededRandom,
  options: { query?: string; referrer?: string } = {},
) {
  const c = random.pick(CATEGORIES)
  w.view(`/c/${c.slug}`, `${c.title} – ${SHOP_TITLE}`, options)
}

/** The landing page and URL by channel: the query carries UTM tags and ad click ids. */
function land(w: VisitWriter, random: SeededRandom, channel: DemoChannel): void {
  const r = random.next()
  switch (channel) {
    case 'Organic Search': {
      const referrer = random.pick(SEARCH_REFERRERS)
      if (r < 0.45) viewProduct(w, random.pick(PRODUCTS), { referrer })
      else if (r < 0.75) viewCategory(w, random, { referrer })
      else {
        const post = random.pick(BLOG_POSTS)
        w.view(`/blog/${post.slug}`, post.title, { referrer })
      }
      return
    }
    case 'Paid Search': {
      const c = random.pick(PAID_SEARCH_CAMPAIGNS)
      const query = `utm_source=google&utm_medium=cpc&utm_campaign=${c.campaign}&utm_term=${encodeURIComponent(c.term)}&gclid=Cj0KCQiA${random.hex(28)}`
      const referrer = 'https://www.google.com/'
      if (r < 0.6) viewCategory(w, random, { query, referrer })
      else viewProduct(w, random.pick(PRODUCTS), { query, referrer })
      return
    }
    case 'Paid Social': {
      const s = random.pick(SOCIAL_SOURCES)
      const query = `utm_source=${s.source}&utm_medium=paid_social&utm_campaign=${random.pick(PAID_SOCIAL_CAMPAIGNS)}&fbclid=IwAR${random.hex(30)}`
      viewProduct(w, random.pick(PRODUCTS), { query, referrer: s.referrer })
      return
    }
    case 'Email': {
      const query = `utm_source=newsletter&utm_medium=email&utm_campaign=${random.pick(EMAIL_CAMPAIGNS)}`
      if (r < 0.4) w.view(PAGES.home.path, PAGES.home.title, { query })
      else viewCategory(w, random, { query })
      return
    }
    case 'Referral': {
      const referrer = random.pick(REFERRAL_SOURCES)
      if (r < 0.6) viewProduct(w, random.pick(PRODUCTS), { referrer })
      else {
        const post = random.pick(BLOG_POSTS)
        w.view(`/blog/${post.slug}`, post.title, { referrer })
      }
      return
    }
    case 'Direct':
      if (r < 0.8) w.view(PAGES.home.path, PAGES.home.title)
      else viewProduct(w, random.pick(PRODUCTS))
      return
  }
}

function browse(w: VisitWriter, random: SeededRandom): void {
  const r = random.next()
  if (r < 0.35) viewCategory(w, random)
  else if (r < 0.8) viewProduct(w, random.pick(PRODUCTS))
  else if (r < 0.9) {
    const post = random.pick(BLOG_POSTS)
    w.view(`/blog/${post.slug}`, post.title)
  } else w.view(PAGES.about.path, PAGES.about.title)
}

function productSearch(w: VisitWriter, random: SeededRandom): void {
  const q = random.pick(SEARCH_QUERIES)
  w.view(PAGES.search.path, PAGES.search.title, { query: `q=${encodeURIComponent(q)}` })
  w.track(SHOP_EVENTS.productsSearched, { query: q }, 2)
}

function zipSearch(w: VisitWriter, random: SeededRandom): void {
  w.view(PAGES.stores.path, PAGES.stores.title)
  // `query`, not `zip_code`: the ingest hashes properties named like postal codes.
  w.track(SHOP_EVENTS.zipCodeSearched, { query: random.pick(ZIP_CODES), results: random.int(1, 4) }, 10)
}

function watchVideo(w: VisitWriter, percent: number): void {
  if (w.currentPath() !== PAGES.story.path) w.view(PAGES.story.path, PAGES.story.title)
  const video = {
    [AUTOCAPTURE_PROPS.videoSrc]: BRAND_VIDEO.src,
    [AUTOCAPTURE_PROPS.videoTitle]: BRAND_VIDEO.title,
    [AUTOCAPTURE_PROPS.videoDuration]: BRAND_VIDEO.durationSeconds,
  }
  w.track(AUTOCAPTURE_EVENTS.videoPlay, video, 4)
  for (let p = 25; p <= percent; p += 25) {
    w.track(
      AUTOCAPTURE_EVENTS.videoProgress,
      { ...video, [AUTOCAPTURE_PROPS.videoPercent]: p },
      BRAND_VIDEO.durationSeconds / 4,
    )
  }
}

function downloadBrochure(w: VisitWriter): void {
  w.view(PAGES.catalog.path, PAGES.catalog.title)
  w.track(
    AUTOCAPTURE_EVENTS.fileDownload,
    {
      [AUTOCAPTURE_PROPS.targetUrl]: BROCHURE.url,
      [AUTOCAPTURE_PROPS.fileExtension]: 'pdf',
      [AUTOCAPTURE_PROPS.fileName]: BROCHURE.fileName,
    },
    6,
  )
}

function leadForm(w: VisitWriter, random: SeededRandom, submitted: boolean, email: string): void {
  w.view(PAGES.business.path, PAGES.business.title)
  const form = {
    [AUTOCAPTURE_PROPS.formId]: LEAD_FORM_ID,
    [AUTOCAPTURE_PROPS.formName]: 'team-orders',
    [AUTOCAPTURE_PROPS.formAction]: '/api/leads',
  }
  w.track(AUTOCAPTURE_EVENTS.formStart, form, 15)
  if (!submitted) return
  w.track(AUTOCAPTURE_EVENTS.formSubmit, form, 40 + random.int(0, 40))
  w.identify({ email, company_size: random.pick(['1-10', '11-50', '51-200']) })
}

function newsletter(w: VisitWriter, email: string): void {
  w.track(SHOP_EVENTS.newsletterSignedUp, { list: 'weekly', location: 'footer' }, 10)
  w.identify({ email, newsletter: true })
}

/** Cart, then the checkout steps as far as `stage`; returns the order's revenue in cents (0 without). */
function checkout(
  w: VisitWriter,
  random: SeededRandom,
  stage: CheckoutStage,
  customer: { userId: string; email: string },
): number {
  const cartId = `cart_${random.hex(12)}`
  const items: Array<{ product: Product; quantity: number }> = []
  const count = random.chance(0.3) ? 2 : 1
  for (let i = 0; i < count; i++) {
    const product = random.pick(PRODUCTS)
    const quantity = random.chance(0.15) ? 2 : 1
    viewProduct(w, product)
    w.track(SHOP_EVENTS.productAdded, { cart_id: cartId, ...productProps(product, quantity) }, 12)
    items.push({ product, quantity })
  }
  const cents = items.reduce((sum, i) => sum + i.product.priceCents * i.quantity, 0)
  const products = items.map((i) => ({
    product_id: i.product.id,
    sku: i.product.sku,
    price: euros(i.product.priceCents),
    quantity: i.quantity,
  }))
  w.view(PAGES.cart.path, PAGES.cart.title)
  w.track(SHOP_EVENTS.cartViewed, { cart_id: cartId, products }, 3)
  if (stage === 'cart') return 0

  const checkoutId = `chk_${random.hex(12)}`
  w.track(
    SHOP_EVENTS.checkoutStarted,
    { checkout_id: checkoutId, value: euros(cents), currency: 'EUR', products },
    10,
  )
  w.view(PAGES.shipping.path, PAGES.shipping.title)
  w.track(
    SHOP_EVENTS.checkoutStepViewed,
    { checkout_id: checkoutId, step: CHECKOUT_STEPS.shipping, step_name: 'shipping' },
    1,
  )
  if (stage === 'shipping') return 0

  const shippingMethod = random.chance(0.8) ? 'standard' : 'express'
  w.track(
    SHOP_EVENTS.checkoutStepCompleted,
    { checkout_id: checkoutId, step: CHECKOUT_STEPS.shipping, shipping_method: shippingMethod },
    45,
  )
  w.view(PAGES.payment.path, PAGES.payment.title)
  w.track(
    SHOP_EVENTS.checkoutStepViewed,
    { checkout_id: checkoutId, step: CHECKOUT_STEPS.payment, step_name: 'payment' },
    1,
  )
  if (stage === 'payment') return 0

  const paymentMethod = random.pick(['paypal', 'card', 'klarna', 'card'])
  w.track(
    SHOP_EVENTS.checkoutStepCompleted,
    { checkout_id: checkoutId, step: CHECKOUT_STEPS.payment, payment_method: paymentMethod },
    40,
  )
  w.identify({ email: customer.email }, customer.userId)
  const shippingCents =
    cents >= 5000 && shippingMethod === 'standard' ? 0 : shippingMethod === 'express' ? 990 : 490
  w.view(PAGES.confirmation.path, PAGES.confirmation.title)
  w.track(
    SHOP_EVENTS.orderCompleted,
    {
      order_id: `ord_${random.hex(10)}`,
      checkout_id: checkoutId,
      revenue: euros(cents),
      shipping: euros(shippingCents),
      // Prices include 19 % VAT.
      tax: euros(Math.round((cents * 19) / 119)),
      total: euros(cents + shippingCents),
      currency: 'EUR',
      payment_method: paymentMethod,
      products,
    },
    2,
  )
  return cents
}
