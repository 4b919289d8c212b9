import { describe, expect, it } from 'vitest'
import { classifyChannel, createUserAgentParser, extractCampaign } from '../ingest/enrich/index.ts'
import { createSessionTracker } from '../ingest/session-tracker.ts'
import { campaignKey } from '../ingest/steps/session-step.ts'
import { goalInputSchema } from '../schema/goal.ts'
import { COLLECT_LIMITS, parseSegmentEvent } from '../schema/segment-event.ts'
import { DEMO_GOAL_NAMES, DEMO_GOALS } from './demo-goals.ts'
import { type DemoShop, generateDemoShop } from './demo-shop.ts'
import { DEMO_SITE } from './shop-catalog.ts'
import { SHOP_EVENTS } from './shop-events.ts'
import type { DemoMessage } from './visit-writer.ts'

// Spans the change to summer time in Berlin (2026-03-29).
const END = new Date('2026-04-10T12:00:00Z')
const small = generateDemoShop({ visitors: 300, seed: 7, end: END })
const large = generateDemoShop({ visitors: 20_000, seed: 1, end: END })

const ts = (m: DemoMessage) => Date.parse(m.timestamp)

describe('generateDemoShop', () => {
  it('gives the same output for the same seed, visitors and end date', () => {
    const again = generateDemoShop({ visitors: 300, seed: 7, end: new Date('2026-04-10T23:00:00+02:00') })
    expect(JSON.stringify(again.messages)).toBe(JSON.stringify(small.messages))
    expect(again.truth).toEqual(small.truth)
  })

  it('gives different output for another seed', () => {
    const other = generateDemoShop({ visitors: 300, seed: 8, end: END })
    expect(other.messages.length).not.toBe(0)
    expect(other.visitors[0]?.anonymousId).not.toBe(small.visitors[0]?.anonymousId)
    expect(JSON.stringify(other.truth.totals)).not.toBe(JSON.stringify(small.truth.totals))
  })

  it('covers whole local days in the site time zone, ending the day before the end date', () => {
    const p = large.truth.period
    expect(p).toMatchObject({ timezone: 'Europe/Berlin', from: '2026-02-09', to: '2026-04-09', days: 60 })
    // Midnight in Berlin: UTC+1 in February, UTC+2 in April.
    expect(p.start).toBe('2026-02-08T23:00:00.000Z')
    expect(p.end).toBe('2026-04-09T22:00:00.000Z')
    expect(large.truth.days.map((d) => d.date)).toHaveLength(60)
    expect(large.truth.days.every((d) => d.visitors > 0)).toBe(true)
  })

  it('keeps every timestamp inside the period and in order per visitor, and the messages in time order', () => {
    const start = Date.parse(large.truth.period.start)
    const end = Date.parse(large.truth.period.end)
    // Counted, not asserted one by one: 200,000 expect calls take seconds.
    let outOfOrder = 0
    for (const v of large.visitors) {
      let last = 0
      for (const s of v.sessions)
        for (const m of s.messages) {
          if (ts(m) <= last) outOfOrder++
          last = ts(m)
        }
    }
    let outside = 0
    let unsorted = 0
    let previous = 0
    for (const m of large.messages) {
      const t = ts(m)
      if (t < start || t >= end) outside++
      if (t < previous) unsorted++
      previous = t
    }
    expect({ outOfOrder, outside, unsorted }).toEqual({ outOfOrder: 0, outside: 0, unsorted: 0 })
  })

  it('writes valid Segment calls within the collect limits, each with an anonymousId and a unique messageId', () => {
    const ids = new Set<string>()
    for (const [i, m] of small.messages.entries()) {
      const parsed = parseSegmentEvent(m, `batch[${i}]`)
      expect(parsed.ok).toBe(true)
      expect(m.anonymousId).toMatch(/^[0-9a-f-]{36}$/)
      ids.add(m.messageId)
      expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThan(COLLECT_LIMITS.maxEventBytes)
      expect('sentAt' in m).toBe(false)
    }
    expect(ids.size).toBe(small.messages.length)
  })

  it('uses real browser user agents that the ingest reads as the planned device, never as bots', () => {
    const parse = createUserAgentParser()
    for (const v of large.visitors.slice(0, 2000)) {
      const info = parse(v.userAgent)
      expect(info.isBot).toBe(false)
      expect(info.device).toBe(v.device)
    }
    const mobile = large.truth.devices.mobile?.visitors ?? 0
    expect(mobile / large.truth.totals.visitors).toBeCloseTo(0.55, 1)
  })

  it('lands each session with a URL and referrer that the channel rules classify as planned', () => {
    for (const v of large.visitors.slice(0, 3000))
      for (const s of v.sessions) {
        const landing = s.messages[0]
        expect(landing?.type).toBe('page')
        const props = landing?.properties ?? {}
        const campaign = extractCampaign({ url: String(props.url), referrer: String(props.referrer) })
        const channel = classifyChannel({ ...campaign, siteHost: DEMO_SITE.domain })
        expect(channel).toBe(s.channel)
      }
    for (const channel of ['Organic Search', 'Paid Search', 'Paid Social', 'Email', 'Referral', 'Direct'])
      expect(large.truth.channels[channel]?.visitors).toBeGreaterThan(500)
  })

  it('cuts sessions exactly as the ingest session tracker does', () => {
    const tracker = createSessionTracker()
    const sessionIds = new Set<string>()
    const perVisitor = new Map<string, Set<string>>()
    for (const v of large.visitors)
      for (const s of v.sessions)
        for (const m of s.messages) {
          const page = (m.type === 'page' ? m.properties : m.context.page) as {
            url?: string
            referrer?: string
          }
          const c = extractCampaign({ url: page?.url ?? '', referrer: page?.referrer ?? '' })
          const key = campaignKey({
            utm_source: c.utmSource,
            utm_medium: c.utmMedium,
            utm_campaign: c.utmCampaign,
            gclid: c.clickIds.gclid,
            fbclid: c.clickIds.fbclid,
            msclkid: c.clickIds.msclkid,
          })
          const { id } = tracker.assign('demo', m.anonymousId, ts(m), key, m.type === 'page')
          sessionIds.add(id)
          const set = perVisitor.get(`${m.anonymousId}/${s.index}`) ?? new Set()
          set.add(id)
          perVisitor.set(`${m.anonymousId}/${s.index}`, set)
        }
    expect(sessionIds.size).toBe(large.truth.totals.sessions)
    for (const ids of perVisitor.values()) expect(ids.size).toBe(1)
  })

  it('has returning visitors across days under one first-party id, and identified users', () => {
    const t = large.truth.totals
    expect(t.returningVisitors / t.visitors).toBeGreaterThan(0.15)
    expect(t.identifiedVisitors).toBeGreaterThan(0)
    expect(t.users).toBeGreaterThan(0)
    const returning = large.visitors.find((v) => v.sessions.length > 2)
    const days = new Set(returning?.sessions.map((s) => s.messages[0]?.timestamp.slice(0, 10)))
    expect(days.size).toBe(returning?.sessions.length)
  })
})

describe('planted effects (20,000 visitors)', () => {
  const e = large.truth.effects

  it('zip-code searchers buy about four times as often', () => {
    expect(e.zipSearch.lift).toBeGreaterThan(3.4)
    expect(e.zipSearch.lift).toBeLessThan(4.7)
  })

  it('visitors who watched 75 % of the video buy about twice as often', () => {
    expect(e.video75.lift).toBeGreaterThan(1.6)
    expect(e.video75.lift).toBeLessThan(2.5)
  })

  it('mobile checkouts leak far more between shipping and payment than desktop ones', () => {
    const desktop = e.checkoutByDevice.desktop?.shippingToPayment ?? 0
    const mobile = e.checkoutByDevice.mobile?.shippingToPayment ?? 1
    expect(desktop).toBeGreaterThan(0.65)
    expect(mobile).toBeLessThan(0.45)
    expect(mobile / desktop).toBeLessThan(0.6)
  })

  it('has a plausible shop: about 2–3 % of visitors purchase, at euro order values', () => {
    const t = large.truth.totals
    expect(t.purchasers / t.visitors).toBeGreaterThan(0.015)
    expect(t.purchasers / t.visitors).toBeLessThan(0.04)
    expect(t.revenue / t.orders).toBeGreaterThan(50)
  })
})

describe('ground truth', () => {
  const recount = (shop: DemoShop) => {
    const byName: Record<string, number> = {}
    const byType: Record<string, number> = {}
    const visitorsWith = (pred: (m: DemoMessage) => boolean) =>
      new Set(shop.messages.filter(pred).map((m) => m.anonymousId)).size
    for (const m of shop.messages) {
      byType[m.type] = (byType[m.type] ?? 0) + 1
      if (m.type === 'track' && m.event) byName[m.event] = (byName[m.event] ?? 0) + 1
    }
    const orders = shop.messages.filter((m) => m.event === SHOP_EVENTS.orderCompleted)
    return {
      visitors: new Set(shop.messages.map((m) => m.anonymousId)).size,
      events: shop.messages.length,
      byName,
      byType,
      orders,
      revenueCents: orders.reduce((sum, m) => sum + Math.round(Number(m.properties?.revenue) * 100), 0),
      zipVisitors: visitorsWith((m) => m.event === SHOP_EVENTS.zipCodeSearched),
      video75Visitors: visitorsWith(
        (m) => m.event === '$video_progress' && Number(m.properties?.percent) >= 75,
      ),
      paymentVisitors: visitorsWith(
        (m) => m.event === SHOP_EVENTS.checkoutStepViewed && m.properties?.step === 2,
      ),
      users: new Set(shop.messages.flatMap((m) => (m.userId ? [m.userId] : []))).size,
    }
  }

  it('counts exactly what the messages hold', () => {
    for (const shop of [small, large]) {
      const r = recount(shop)
      const t = shop.truth
      expect(t.totals.visitors).toBe(r.visitors)
      expect(t.totals.events).toBe(r.events)
      expect(t.eventsByName).toEqual(r.byName)
      expect(t.eventsByType).toEqual(r.byType)
      expect(t.totals.orders).toBe(r.orders.length)
      expect(Math.round(t.totals.revenue * 100)).toBe(r.revenueCents)
      expect(t.totals.users).toBe(r.users)
      expect(t.goals[DEMO_GOAL_NAMES.zipSearch]?.visitors).toBe(r.zipVisitors)
      expect(t.goals['Video 75 %']?.visitors).toBe(r.video75Visitors)
      expect(t.goals[DEMO_GOAL_NAMES.checkoutPayment]?.visitors).toBe(r.paymentVisitors)
      expect(t.goals[DEMO_GOAL_NAMES.purchase]).toMatchObject({
        counting: 'every_time',
        conversions: r.orders.length,
        value: r.revenueCents / 100,
        currency: 'EUR',
      })
      expect(t.effects.zipSearch.with.visitors).toBe(r.zipVisitors)
      const sessions = shop.visitors.reduce((n, v) => n + v.sessions.length, 0)
      expect(t.totals.sessions).toBe(sessions)
      expect(t.days.reduce((n, d) => n + d.events, 0)).toBe(r.events)
      expect(t.days.reduce((n, d) => n + d.sessions, 0)).toBe(sessions)
    }
  })

  it('counts the pages-per-session goal once per session that reaches four pages', () => {
    const sessions = large.visitors.flatMap((v) => v.sessions)
    const engaged = sessions.filter((s) => s.pageViews >= 4)
    const goal = large.truth.goals[DEMO_GOAL_NAMES.engagedVisit]
    expect(goal?.sessions).toBe(engaged.length)
    expect(goal?.events).toBe(engaged.length)
    expect(goal?.visitors).toBe(
      new Set(large.visitors.filter((v) => v.sessions.some((s) => s.pageViews >= 4)).map((v) => v.index))
        .size,
    )
  })

  it('is plain counts: small enough to read, with no lists of ids', () => {
    const text = JSON.stringify(large.truth)
    expect(text.length).toBeLessThan(20_000)
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/)
  })
})

describe('DEMO_GOALS', () => {
  it('are all valid goals with distinct names, micro and macro', () => {
    const names = new Set<string>()
    for (const g of DEMO_GOALS) {
      const parsed = goalInputSchema.safeParse(g)
      expect(parsed.success, `${g.name}: ${parsed.error?.message}`).toBe(true)
      names.add(g.name)
    }
    expect(names.size).toBe(DEMO_GOALS.length)
    expect(DEMO_GOALS.filter((g) => g.kind === 'macro').map((g) => g.name)).toEqual(['Purchase', 'Lead'])
  })

  it('each match something in the demo traffic', () => {
    for (const g of DEMO_GOALS) expect(large.truth.goals[g.name]?.visitors, g.name).toBeGreaterThan(0)
  })
})
