import { DEMO_GOALS } from './demo-goals.ts'
import { createTruthAccumulator, type DemoTruth } from './ground-truth.ts'
import { createSeededRandom, mixSeed, type SeededRandom } from './seeded-random.ts'
import {
  CHANNEL_INTENT,
  COUNTRIES,
  DEMO_CHANNELS,
  DEMO_SITE,
  type DemoChannel,
  type DemoDevice,
  FIRST_VISIT_CHANNEL_WEIGHTS,
  RETURN_VISIT_CHANNEL_WEIGHTS,
  USER_AGENTS,
} from './shop-catalog.ts'
import { createTrafficCalendar, type DemoPeriod, demoPeriod } from './traffic-calendar.ts'
import { type CheckoutStage, type VisitActions, writeVisit } from './visit-script.ts'
import type { DemoBrowser, DemoMessage } from './visit-writer.ts'

export interface DemoOptions {
  /** Distinct visitor ids (anonymous ids) to generate. */
  visitors: number
  seed: number
  /** Whole local days of traffic, ending the day before `end`. Default 60. */
  days?: number
  /** Default: now. Only its local date matters. */
  end?: Date
  /** The site's time zone; day and hour patterns are local to it. Default Europe/Berlin. */
  timezone?: string
}

export interface DemoSession {
  /** Index of the visit within the visitor's journey, from 0. */
  index: number
  channel: DemoChannel
  start: number
  end: number
  pageViews: number
  messages: DemoMessage[]
}

/** What the generator decided about a visitor: the planted causes, and what followed. */
export interface DemoVisitorPlan {
  consent: boolean
  zipSearch: boolean
  videoPlayed: boolean
  /** Deepest video threshold reached: 0 (not played, or stopped before 25 %), 25, 50, 75 or 100. */
  videoPercent: number
  newsletter: boolean
  brochure: boolean
  lead: 'none' | 'started' | 'submitted'
  checkout: CheckoutStage
}

export interface DemoVisitor {
  index: number
  anonymousId: string
  device: DemoDevice
  userAgent: string
  country: string
  /** The user id the visitor ends up identified with, if any. */
  userId: string | null
  plan: DemoVisitorPlan
  /** Revenue of the visitor's order in cents; 0 without one. */
  orderCents: number
  sessions: DemoSession[]
}

export const DEMO_DEFAULTS = { visitors: 5000, seed: 1, days: 60, timezone: DEMO_SITE.timezone } as const

/** The planted effects, as multipliers on the chance to put something in the cart. */
export const PLANTED = {
  baseCartRate: 0.06,
  zipSearchRate: 0.15,
  zipSearchLift: 4,
  videoPlayRate: 0.2,
  /** Chance to pass 25 %, then each further threshold given the one before. */
  videoContinue: [0.9, 0.8, 0.7, 0.7],
  video75Lift: 2,
  mobileShare: 0.55,
  /** Of those who see the shipping step, the share who go on to the payment step. */
  shippingToPayment: { desktop: 0.75, mobile: 0.35 } as Record<DemoDevice, number>,
  cartToShipping: 0.6,
  paymentToPurchase: 0.8,
  consentRate: 0.45,
  /** Of visitors with a first-party id, the share who come back on a later day. */
  returnRate: 0.5,
} as const

/** A run of the generator, resolved: what the output depends on. */
export interface DemoRun {
  seed: number
  visitors: number
  period: DemoPeriod
}

export function resolveDemoRun(options: DemoOptions): DemoRun {
  if (!Number.isInteger(options.visitors) || options.visitors < 1)
    throw new Error(`visitors must be a whole number of at least 1, got ${options.visitors}`)
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be a whole number, got ${options.seed}`)
  const days = options.days ?? DEMO_DEFAULTS.days
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new Error(`days must be a whole number from 1 to 3650, got ${days}`)
  const end = options.end ?? new Date()
  return {
    seed: options.seed,
    visitors: options.visitors,
    period: demoPeriod(end, days, options.timezone ?? DEMO_DEFAULTS.timezone),
  }
}

/**
 * The demo's visitors one by one, each with all its visits, in visitor order. Each visitor
 * depends only on (seed, index, period), so the stream needs no memory of earlier visitors and
 * any slice of it can be made alone.
 */
export function* streamDemoVisitors(run: DemoRun): Generator<DemoVisitor> {
  const calendar = createTrafficCalendar(run.period)
  const offsets = quasiOffsets(run.seed)
  for (let index = 0; index < run.visitors; index++) {
    yield makeVisitor(run, calendar, offsets, index)
  }
}

export interface DemoShop {
  run: DemoRun
  /** Every visitor with its sessions and their messages: compute any expectation from these. */
  visitors: DemoVisitor[]
  /** Every message of every visitor, in time order (ties keep visitor order). */
  messages: DemoMessage[]
  truth: DemoTruth
}

/** The whole demo in memory: journeys, messages in time order, and the ground truth. */
export function generateDemoShop(options: DemoOptions): DemoShop {
  const run = resolveDemoRun(options)
  const truth = createTruthAccumulator(run, DEMO_GOALS)
  const visitors: DemoVisitor[] = []
  for (const v of streamDemoVisitors(run)) {
    visitors.push(v)
    truth.add(v)
  }
  const timed: Array<{ ts: number; message: DemoMessage }> = []
  for (const v of visitors)
    for (const s of v.sessions)
      for (const m of s.messages) timed.push({ ts: Date.parse(m.timestamp), message: m })
  timed.sort((a, b) => a.ts - b.ts)
  return { run, visitors, messages: timed.map((t) => t.message), truth: truth.result() }
}

const HOUR = 3_600_000
/** No visit lasts this long (checked), so visits this far apart never share a session. */
const MAX_VISIT_MS = 2 * HOUR
const MIN_VISIT_SPACING_MS = 4 * HOUR

function makeVisitor(
  run: DemoRun,
  calendar: ReturnType<typeof createTrafficCalendar>,
  offsets: QuasiOffsets,
  index: number,
): DemoVisitor {
  const random = createSeededRandom(mixSeed(run.seed, index))
  const quasi = quasiUniforms(offsets, index)
  const mobile = quasi[3] < PLANTED.mobileShare
  const device: DemoDevice = mobile ? 'mobile' : 'desktop'
  const place = COUNTRIES[random.weighted(COUNTRIES.map((c) => c.weight))] ?? COUNTRIES[0]
  const browser: DemoBrowser = {
    anonymousId: random.uuid(),
    userAgent: random.pick(USER_AGENTS[device]),
    locale: place?.locale ?? 'de-DE',
    country: place?.country ?? 'DE',
    mobile,
  }
  const consent = random.chance(PLANTED.consentRate)
  const starts = visitStarts(random, run, calendar, consent)
  const channels = starts.map((_, i) =>
    i === 0
      ? pickChannel(quasi[4], FIRST_VISIT_CHANNEL_WEIGHTS)
      : pickChannel(random.next(), RETURN_VISIT_CHANNEL_WEIGHTS),
  )
  const plan = planVisitor(random, quasi, device, consent, channels[0] ?? 'Direct')

  // Where each action happens: discoveries on the first visit, the checkout on the last.
  const last = starts.length - 1
  const actions: VisitActions[] = starts.map((_, i) => ({
    zipSearch: i === 0 && plan.zipSearch,
    video: i === 0 && plan.videoPlayed,
    videoPercent: i === 0 ? plan.videoPercent : 0,
    brochure: i === 0 && plan.brochure,
    productSearch: false,
    newsletter: false,
    lead: 'none',
    login: false,
    checkout: i === last ? plan.checkout : 'none',
  }))
  const someVisit = () => actions[random.int(0, last)] as VisitActions
  if (plan.newsletter) someVisit().newsletter = true
  if (plan.lead !== 'none') someVisit().lead = plan.lead
  for (const a of actions) a.productSearch = random.chance(0.12)
  // Some returning visitors have an account and log in.
  if (last > 0 && random.chance(0.2)) (actions[random.int(1, last)] as VisitActions).login = true

  const sessions: DemoSession[] = []
  let userId: string | null = null
  let orderCents = 0
  const customer = { userId: `cust_${random.hex(10)}`, email: `runner.${random.hex(8)}@example.com` }
  starts.forEach((start, i) => {
    const channel = channels[i] ?? 'Direct'
    const visit = writeVisit({
      random,
      browser,
      idPrefix: `dm${run.seed}-${index.toString(36)}-${i}`,
      start,
      maxDurationMs: MAX_VISIT_MS,
      timeZone: run.period.timezone,
      userId,
      customer,
      channel,
      actions: actions[i] as VisitActions,
    })
    userId = visit.userId
    orderCents += visit.orderCents
    sessions.push({
      index: i,
      channel,
      start,
      end: visit.end,
      pageViews: visit.pageViews,
      messages: visit.messages,
    })
  })
  return {
    index,
    anonymousId: browser.anonymousId,
    device,
    userAgent: browser.userAgent,
    country: browser.country,
    userId,
    plan,
    orderCents,
    sessions,
  }
}

/** Start times of the visitor's visits, at least four hours apart, all inside the period. */
function visitStarts(
  random: SeededRandom,
  run: DemoRun,
  calendar: ReturnType<typeof createTrafficCalendar>,
  consent: boolean,
): number[] {
  const latest = run.period.endMs - MAX_VISIT_MS
  const clamp = (t: number) => (t > latest ? latest - random.int(0, HOUR) : t)
  const starts = [Math.max(run.period.startMs, clamp(calendar.firstVisit(random)))]
  // Without consent there is no first-party id: a later visit would be a new visitor, so none.
  if (!consent || !random.chance(PLANTED.returnRate)) return starts
  const more = 1 + random.weighted([50, 25, 15, 10])
  for (let i = 0; i < more; i++) {
    const previous = starts[starts.length - 1] ?? run.period.startMs
    let gapDays = 1
    while (gapDays < 14 && random.chance(0.7)) gapDays++
    const next = Math.max(calendar.laterVisit(random, previous, gapDays), previous + MIN_VISIT_SPACING_MS)
    if (next > latest) break
    starts.push(next)
  }
  return starts
}

/** The channel whose share of the weights holds `u` (uniform in [0, 1)). */
function pickChannel(u: number, weights: Readonly<Record<DemoChannel, number>>): DemoChannel {
  let total = 0
  for (const c of DEMO_CHANNELS) total += weights[c]
  let edge = 0
  for (const c of DEMO_CHANNELS) {
    edge += weights[c] / total
    if (u < edge) return c
  }
  return 'Direct'
}

/**
 * Points of the R5 low-discrepancy sequence (Roberts 2018): for visitor n, frac(offset + n·α) in
 * five dimensions. The planted causes, the device, the first channel and the checkout outcome are read from these rather than
 * from independent coin flips, so every combination of (zip search, video, outcome) is filled
 * in proportion and the lifts a marketer finds sit close to the planted ones even for a few
 * thousand visitors. Everything else stays random.
 */
/** The generalised golden ratio for five dimensions: the positive root of x⁶ = x + 1. */
const PHI5 = 1.1673039782614187
const R5 = [1, 2, 3, 4, 5].map((k) => 1 / PHI5 ** k)

type QuasiOffsets = readonly number[]
/** [zip search, video depth, checkout outcome, device, first channel]. */
type Quasi = readonly [number, number, number, number, number]

function quasiOffsets(seed: number): QuasiOffsets {
  const random = createSeededRandom(mixSeed(seed, 0x5eed))
  return R5.map(() => random.next())
}

function quasiUniforms(offsets: QuasiOffsets, index: number): Quasi {
  const u = R5.map((alpha, k) => {
    const x = (offsets[k] ?? 0) + index * alpha
    return x - Math.floor(x)
  })
  return [u[0] ?? 0, u[1] ?? 0, u[2] ?? 0, u[3] ?? 0, u[4] ?? 0]
}

/** Video depth by its cumulative probability: [percent reached, P(exactly that)]; 0 = played only. */
function videoDepths(): Array<[number, number]> {
  const [p25, p50, p75, p100] = PLANTED.videoContinue
  const play = PLANTED.videoPlayRate
  return [
    [100, play * p25 * p50 * p75 * p100],
    [75, play * p25 * p50 * p75 * (1 - p100)],
    [50, play * p25 * p50 * (1 - p75)],
    [25, play * p25 * (1 - p50)],
    [0, play * (1 - p25)],
  ]
}
const VIDEO_DEPTHS = videoDepths()

/**
 * The visitor's micro conversions, independent of each other, of the device and of the channel,
 * so each planted lift shows undiluted; then how far into the checkout they get: one uniform
 * draw cut into the stages' probabilities.
 */
function planVisitor(
  random: SeededRandom,
  quasi: Quasi,
  device: DemoDevice,
  consent: boolean,
  firstChannel: DemoChannel,
): DemoVisitorPlan {
  const [uZip, uVideo, uCheckout] = quasi
  const zipSearch = uZip < PLANTED.zipSearchRate
  let videoPlayed = false
  let videoPercent = 0
  let edge = 0
  for (const [percent, p] of VIDEO_DEPTHS) {
    edge += p
    if (uVideo < edge) {
      videoPlayed = true
      videoPercent = percent
      break
    }
  }
  const newsletter = random.chance(0.04)
  const brochure = random.chance(0.05)
  const lead = random.chance(0.03) ? (random.chance(0.5) ? 'submitted' : 'started') : 'none'

  const cart =
    PLANTED.baseCartRate *
    CHANNEL_INTENT[firstChannel] *
    (zipSearch ? PLANTED.zipSearchLift : 1) *
    (videoPercent >= 75 ? PLANTED.video75Lift : 1)
  const shipping = cart * PLANTED.cartToShipping
  const payment = shipping * PLANTED.shippingToPayment[device]
  const purchase = payment * PLANTED.paymentToPurchase
  const checkout: CheckoutStage =
    uCheckout < purchase
      ? 'purchase'
      : uCheckout < payment
        ? 'payment'
        : uCheckout < shipping
          ? 'shipping'
          : uCheckout < cart
            ? 'cart'
            : 'none'
  return { consent, zipSearch, videoPlayed, videoPercent, newsletter, brochure, lead, checkout }
}
