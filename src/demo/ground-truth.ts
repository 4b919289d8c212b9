import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS } from '../schema/autocapture.ts'
import { addDays } from '../schema/calendar-day.ts'
import type { CountingRule, GoalKind } from '../schema/choices.ts'
import { type GoalDefinition, type GoalInput, goalInputSchema } from '../schema/goal.ts'
import { createZoneClock } from '../schema/zoned-time.ts'
import type { DemoRun, DemoVisitor } from './demo-shop.ts'
import { matchesDemoGoal, type SessionPosition } from './match-demo-goal.ts'
import { DEMO_CHANNELS, DEMO_SITE, DEVICES } from './shop-catalog.ts'
import { CHECKOUT_STEPS, SHOP_EVENTS } from './shop-events.ts'

export const TRUTH_FORMAT = 'stepwise-demo-truth/1'

/** Visitors in a group and how many of them purchased; `rate` is null for an empty group. */
export interface RateCount {
  visitors: number
  purchasers: number
  rate: number | null
}

export interface GoalTruth {
  kind: GoalKind
  counting: CountingRule
  /** Visitors with at least one matching event. */
  visitors: number
  /** Sessions with at least one matching event. */
  sessions: number
  /** Matching events. */
  events: number
  /** Conversions under the goal's counting rule (= visitors, sessions or events). */
  conversions: number
  /**
   * Sum of the counted conversions' values (the first matching event per visitor or session, or
   * every one), rounded to cents; null when the goal has no value.
   */
  value: number | null
  currency: string | null
}

export interface CheckoutTruth {
  /** Visitors who added to cart, saw the shipping step, saw the payment step, purchased. */
  cart: number
  shipping: number
  payment: number
  purchase: number
  /** payment / shipping; null when nobody reached shipping. */
  shippingToPayment: number | null
}

/** What the demo generated, as counts: the answers the reports should give. */
export interface DemoTruth {
  format: typeof TRUTH_FORMAT
  generator: { seed: number; visitors: number; days: number }
  site: { name: string; domain: string; timezone: string }
  /** Whole days in the site's time zone; `start`/`end` are the UTC instants (end exclusive). */
  period: { timezone: string; from: string; to: string; days: number; start: string; end: string }
  totals: {
    visitors: number
    sessions: number
    events: number
    pageViews: number
    /** Visitors with two or more sessions (they kept their first-party id). */
    returningVisitors: number
    /** Visitors who sent at least one identify call. */
    identifiedVisitors: number
    /** Distinct user ids. */
    users: number
    purchasers: number
    orders: number
    /** Sum of `revenue` over all orders, euros. */
    revenue: number
  }
  eventsByType: Record<string, number>
  /** Track events by name. */
  eventsByName: Record<string, number>
  goals: Record<string, GoalTruth>
  /** By the channel of each visitor's first session (as reports break visitors down), and sessions by their own. */
  channels: Record<string, { visitors: number; purchasers: number; sessions: number }>
  devices: Record<string, { visitors: number; purchasers: number; sessions: number }>
  effects: {
    zipSearch: { with: RateCount; without: RateCount; lift: number | null }
    video75: { with: RateCount; without: RateCount; lift: number | null }
    checkoutByDevice: Record<string, CheckoutTruth>
  }
  /** Per local day: visitors with an event that day, sessions starting that day, events. */
  days: Array<{ date: string; visitors: number; sessions: number; events: number }>
}

interface GoalTally {
  goal: GoalDefinition
  visitors: number
  sessions: number
  events: number
  valueCents: number
}

/** Builds the truth one visitor at a time, so a stream of any size needs no more than counters. */
export function createTruthAccumulator(run: DemoRun, goalInputs: readonly GoalInput[]) {
  const clock = createZoneClock(run.period.timezone)
  const goals: GoalTally[] = goalInputs.map((g) => ({
    goal: goalInputSchema.parse(g),
    visitors: 0,
    sessions: 0,
    events: 0,
    valueCents: 0,
  }))
  const totals = {
    visitors: 0,
    sessions: 0,
    events: 0,
    pageViews: 0,
    returningVisitors: 0,
    identifiedVisitors: 0,
    users: 0,
    purchasers: 0,
    orders: 0,
    revenueCents: 0,
  }
  const users = new Set<string>()
  const eventsByType: Record<string, number> = {}
  const eventsByName: Record<string, number> = {}
  const channels = Object.fromEntries(
    DEMO_CHANNELS.map((c) => [c, { visitors: 0, purchasers: 0, sessions: 0 }]),
  ) as Record<string, { visitors: number; purchasers: number; sessions: number }>
  const devices = Object.fromEntries(
    DEVICES.map((d) => [d, { visitors: 0, purchasers: 0, sessions: 0 }]),
  ) as Record<string, { visitors: number; purchasers: number; sessions: number }>
  const group = () => ({ visitors: 0, purchasers: 0 })
  const zip = { with: group(), without: group() }
  const video = { with: group(), without: group() }
  const funnel = Object.fromEntries(
    DEVICES.map((d) => [d, { cart: 0, shipping: 0, payment: 0, purchase: 0 }]),
  ) as Record<string, { cart: number; shipping: number; payment: number; purchase: number }>
  const days = new Map<string, { visitors: number; sessions: number; events: number }>()
  for (let i = 0; i < run.period.days; i++)
    days.set(addDays(run.period.from, i), { visitors: 0, sessions: 0, events: 0 })
  const day = (date: string) => {
    const d = days.get(date)
    if (!d) throw new Error(`demo event on ${date}, outside the period ${run.period.from}..${run.period.to}`)
    return d
  }

  function add(v: DemoVisitor): void {
    totals.visitors++
    totals.sessions += v.sessions.length
    if (v.sessions.length > 1) totals.returningVisitors++
    const flags = {
      zip: false,
      video75: false,
      cart: false,
      shipping: false,
      payment: false,
      purchase: false,
      identified: false,
    }
    const goalVisitor = goals.map(() => false)
    const visitorDays = new Set<string>()
    for (const s of v.sessions) {
      channels[s.channel] = channels[s.channel] ?? { visitors: 0, purchasers: 0, sessions: 0 }
      ;(channels[s.channel] as { sessions: number }).sessions++
      day(clock.localDay(s.start)).sessions++
      const goalSession = goals.map(() => false)
      const at: SessionPosition = { pageViews: 0, sinceStart: 0, durationMetBefore: false }
      const first = Date.parse(s.messages[0]?.timestamp ?? '')
      for (const m of s.messages) {
        const ts = Date.parse(m.timestamp)
        const date = clock.localDay(ts)
        day(date).events++
        visitorDays.add(date)
        totals.events++
        eventsByType[m.type] = (eventsByType[m.type] ?? 0) + 1
        if (m.userId) users.add(m.userId)
        if (m.type === 'identify') flags.identified = true
        if (m.type === 'page') {
          totals.pageViews++
          at.pageViews++
        }
        at.sinceStart = ts - first
        if (m.type === 'track' && m.event) {
          eventsByName[m.event] = (eventsByName[m.event] ?? 0) + 1
          const props = m.properties ?? {}
          if (m.event === SHOP_EVENTS.zipCodeSearched) flags.zip = true
          else if (
            m.event === AUTOCAPTURE_EVENTS.videoProgress &&
            Number(props[AUTOCAPTURE_PROPS.videoPercent]) >= 75
          )
            flags.video75 = true
          else if (m.event === SHOP_EVENTS.productAdded) flags.cart = true
          else if (m.event === SHOP_EVENTS.checkoutStepViewed && props.step === CHECKOUT_STEPS.shipping)
            flags.shipping = true
          else if (m.event === SHOP_EVENTS.checkoutStepViewed && props.step === CHECKOUT_STEPS.payment)
            flags.payment = true
          else if (m.event === SHOP_EVENTS.orderCompleted) {
            flags.purchase = true
            totals.orders++
            totals.revenueCents += Math.round(Number(props.revenue) * 100)
          }
        }
        let durationMet = false
        goals.forEach((t, i) => {
          if (!matchesDemoGoal(t.goal.match, m, at)) return
          if (t.goal.match.type === 'engagement' && t.goal.match.metric === 'session_duration')
            durationMet = true
          t.events++
          const newSession = !goalSession[i]
          const newVisitor = !goalVisitor[i]
          if (newSession) t.sessions++
          if (newVisitor) t.visitors++
          goalSession[i] = true
          goalVisitor[i] = true
          const counted =
            t.goal.counting === 'every_time' ||
            (t.goal.counting === 'once_per_session' && newSession) ||
            (t.goal.counting === 'once_per_visitor' && newVisitor)
          if (counted) t.valueCents += valueCents(t.goal, m.properties ?? {})
        })
        if (durationMet) at.durationMetBefore = true
      }
    }
    for (const date of visitorDays) day(date).visitors++
    if (flags.identified) totals.identifiedVisitors++

    const firstChannel = v.sessions[0]?.channel ?? 'Direct'
    const byChannel = channels[firstChannel] as { visitors: number; purchasers: number }
    const byDevice = devices[v.device] as { visitors: number; purchasers: number; sessions: number }
    byChannel.visitors++
    byDevice.visitors++
    byDevice.sessions += v.sessions.length
    const tally = (g: { visitors: number; purchasers: number }) => {
      g.visitors++
      if (flags.purchase) g.purchasers++
    }
    tally(flags.zip ? zip.with : zip.without)
    tally(flags.video75 ? video.with : video.without)
    if (flags.purchase) {
      totals.purchasers++
      byChannel.purchasers++
      byDevice.purchasers++
    }
    const f = funnel[v.device] as { cart: number; shipping: number; payment: number; purchase: number }
    if (flags.cart) f.cart++
    if (flags.shipping) f.shipping++
    if (flags.payment) f.payment++
    if (flags.purchase) f.purchase++
  }

  function result(): DemoTruth {
    const rated = (g: { visitors: number; purchasers: number }): RateCount => ({
      ...g,
      rate: ratio(g.purchasers, g.visitors),
    })
    const effect = (g: {
      with: { visitors: number; purchasers: number }
      without: { visitors: number; purchasers: number }
    }) => {
      const withRate = rated(g.with)
      const withoutRate = rated(g.without)
      return {
        with: withRate,
        without: withoutRate,
        lift:
          withRate.rate === null || withoutRate.rate === null ? null : ratio(withRate.rate, withoutRate.rate),
      }
    }
    return {
      format: TRUTH_FORMAT,
      generator: { seed: run.seed, visitors: run.visitors, days: run.period.days },
      site: { ...DEMO_SITE, timezone: run.period.timezone },
      period: {
        timezone: run.period.timezone,
        from: run.period.from,
        to: run.period.to,
        days: run.period.days,
        start: new Date(run.period.startMs).toISOString(),
        end: new Date(run.period.endMs).toISOString(),
      },
      totals: {
        visitors: totals.visitors,
        sessions: totals.sessions,
        events: totals.events,
        pageViews: totals.pageViews,
        returningVisitors: totals.returningVisitors,
        identifiedVisitors: totals.identifiedVisitors,
        users: users.size,
        purchasers: totals.purchasers,
        orders: totals.orders,
        revenue: totals.revenueCents / 100,
      },
      eventsByType: sortKeys(eventsByType),
      eventsByName: sortKeys(eventsByName),
      goals: Object.fromEntries(
        goals.map((t) => [
          t.goal.name,
          {
            kind: t.goal.kind,
            counting: t.goal.counting,
            visitors: t.visitors,
            sessions: t.sessions,
            events: t.events,
            conversions:
              t.goal.counting === 'every_time'
                ? t.events
                : t.goal.counting === 'once_per_session'
                  ? t.sessions
                  : t.visitors,
            value: t.goal.value ? t.valueCents / 100 : null,
            currency: t.goal.value?.currency ?? null,
          },
        ]),
      ),
      channels,
      devices,
      effects: {
        zipSearch: effect(zip),
        video75: effect(video),
        checkoutByDevice: Object.fromEntries(
          Object.entries(funnel).map(([d, f]) => [
            d,
            { ...f, shippingToPayment: ratio(f.payment, f.shipping) },
          ]),
        ),
      },
      days: [...days].map(([date, d]) => ({ date, ...d })),
    }
  }

  return { add, result }
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b
}

function valueCents(goal: GoalDefinition, props: Record<string, unknown>): number {
  if (!goal.value) return 0
  if ('fixed' in goal.value) return Math.round(goal.value.fixed * 100)
  const raw = props[goal.value.property]
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN
  return Number.isFinite(n) ? Math.round(n * 100) : 0
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))
}
