import { describe, expect, it } from 'vitest'
import { parseSegmentEvent } from '../../schema/segment-event.ts'
import { buildDraft } from '../build-draft.ts'
import type { Draft, RequestMeta } from '../draft.ts'
import { createSessionTracker } from '../session-tracker.ts'
import { createCampaignStep } from './campaign-step.ts'
import { createIdentityStep } from './identity-step.ts'
import { createPiiStep } from './pii-step.ts'
import { createSessionStep } from './session-step.ts'
import { createUserAgentStep } from './user-agent-step.ts'

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const NOW = Date.parse('2026-11-23T12:00:00Z')

function draft(raw: Record<string, unknown>, meta: Partial<RequestMeta> = {}): Draft {
  const parsed = parseSegmentEvent(raw, 'event')
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem))
  return buildDraft(
    parsed.event,
    {
      siteId: 'site_1',
      siteDomain: 'shop.example.com',
      receivedAt: NOW,
      source: 'server',
      requestIp: '198.51.100.1',
      requestUserAgent: 'analytics-node-next/latest',
      ...meta,
    },
    NOW,
  )
}

const salts = { get: () => 'salt-of-the-day', prepare: async () => undefined }

describe('buildDraft', () => {
  it('takes page fields from properties for page calls and from context.page otherwise', () => {
    const page = draft({
      type: 'page',
      userId: 'u',
      properties: { url: 'https://shop.example.com/a/b?x=1', referrer: 'https://google.com/' },
    })
    expect(page.row).toMatchObject({
      url: 'https://shop.example.com/a/b?x=1',
      path: '/a/b',
      referrer: 'https://google.com/',
    })
    const track = draft({
      type: 'track',
      event: 'x',
      userId: 'u',
      context: { page: { url: 'https://shop.example.com/c', path: '/c' } },
    })
    expect(track.row).toMatchObject({ url: 'https://shop.example.com/c', path: '/c' })
  })

  it('reads revenue as the value, numbers sent as strings included, and an ISO currency', () => {
    expect(
      draft({ type: 'track', event: 'x', userId: 'u', properties: { revenue: '12.5', currency: 'usd' } }).row,
    ).toMatchObject({ value: 12.5, currency: 'USD' })
    expect(
      draft({ type: 'track', event: 'x', userId: 'u', properties: { value: 'lots', currency: 'dollars' } })
        .row,
    ).toMatchObject({ value: null, currency: '' })
  })

  it('uses the socket IP for browsers and context.ip for servers; never the SDK header as agent', () => {
    const browser = draft({ type: 'page', anonymousId: 'a' }, { source: 'browser', requestUserAgent: CHROME })
    expect([browser.ip, browser.userAgent]).toEqual(['198.51.100.1', CHROME])
    const server = draft({ type: 'track', event: 'x', userId: 'u', context: { ip: '203.0.113.9' } })
    expect([server.ip, server.userAgent]).toEqual(['203.0.113.9', ''])
  })
})

describe('user-agent step', () => {
  it('fills device, browser and OS from the end-user agent', () => {
    const r = createUserAgentStep({ keepBots: false }).run(
      draft({ type: 'page', anonymousId: 'a', context: { userAgent: CHROME } }),
    )
    expect(r.ok && r.value.row).toMatchObject({
      device: 'desktop',
      browser: 'Chrome',
      browser_version: '124',
      os: 'Mac OS',
    })
  })

  it('drops bots with the reason, or keeps them marked when configured', () => {
    const bot = {
      type: 'page',
      anonymousId: 'a',
      context: { userAgent: 'Mozilla/5.0 (compatible; GPTBot/1.0; +https://openai.com/gptbot)' },
    }
    expect(createUserAgentStep({ keepBots: false }).run(draft(bot))).toMatchObject({
      ok: false,
      reason: 'bot',
    })
    const kept = createUserAgentStep({ keepBots: true }).run(draft(bot))
    expect(kept.ok && kept.value.row.device).toBe('bot')
  })
})

describe('campaign step', () => {
  it('reads UTM from context.campaign over the URL and classifies the channel', () => {
    const d = draft({
      type: 'page',
      anonymousId: 'a',
      properties: { url: 'https://shop.example.com/?utm_source=ignored&fbclid=IwAR0Case' },
      context: { campaign: { name: 'Summer', source: 'Newsletter', medium: 'Email' } },
    })
    const r = createCampaignStep().run(d)
    expect(r.ok && r.value.row).toMatchObject({
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'Summer',
      fbclid: 'IwAR0Case',
      channel: 'Email',
    })
  })

  it('gives cached results that depend on every input (URL, referrer, context, site)', () => {
    const step = createCampaignStep({ cacheSize: 2 })
    const channelOf = (raw: Record<string, unknown>, siteDomain = 'shop.example.com') => {
      const r = step.run(draft(raw, { siteDomain }))
      return r.ok ? r.value.row.channel : 'dropped'
    }
    const fromGoogle = {
      type: 'page',
      anonymousId: 'a',
      properties: { url: 'https://shop.example.com/', referrer: 'https://www.google.com/' },
    }
    expect(channelOf(fromGoogle)).toBe('Organic Search')
    expect(channelOf(fromGoogle)).toBe('Organic Search')
    // Same URL and referrer, but the site is google.com itself: internal navigation.
    expect(channelOf(fromGoogle, 'google.com')).toBe('Direct')
    expect(
      channelOf({ ...fromGoogle, context: { campaign: { source: 'newsletter', medium: 'email' } } }),
    ).toBe('Email')
    // After evictions the first entry is recomputed, not lost.
    expect(channelOf(fromGoogle)).toBe('Organic Search')
  })

  it('treats a referrer from the site itself as internal', () => {
    const d = draft({
      type: 'page',
      anonymousId: 'a',
      properties: { url: 'https://shop.example.com/b', referrer: 'https://www.shop.example.com/a' },
    })
    const r = createCampaignStep().run(d)
    expect(r.ok && r.value.row.channel).toBe('Direct')
  })
})

describe('pii step', () => {
  it('hashes identify traits (context.traits included) and remembers the hashes for links', () => {
    const d = draft({
      type: 'identify',
      userId: 'u',
      traits: { email: 'Jane@Example.com', firstName: 'Jane', plan: 'pro' },
      context: { traits: { phone: '+1 650 555 1212' } },
    })
    const r = createPiiStep({ defaultCountry: 'US' }).run(d)
    if (!r.ok) throw new Error('dropped')
    const stored = r.value.row.properties
    expect(stored).not.toMatch(/jane|650/i)
    expect(JSON.parse(stored)).toMatchObject({ plan: 'pro' })
    expect(r.value.emailSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.value.phoneSha256).toBe('e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176')
  })
})

describe('identity step', () => {
  const step = () => createIdentityStep({ salts, sessions: createSessionTracker() })

  it('uses anonymousId, else the cookieless hash, else the user id', () => {
    const a = step().run(draft({ type: 'page', anonymousId: 'anon-1' }))
    expect(a.ok && a.value.row.visitor_id).toBe('anon-1')
    const b = step().run(draft({ type: 'page', context: { ip: '203.0.113.9', userAgent: CHROME } }))
    expect(b.ok && b.value.row.visitor_id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const c = step().run(draft({ type: 'track', event: 'x', userId: 'u-9' }))
    expect(c.ok && c.value.row.visitor_id).toBe('user:u-9')
  })

  it('links visitor and user once per process for ordinary events', () => {
    const s = step()
    const first = s.run(draft({ type: 'track', event: 'x', anonymousId: 'a', userId: 'u' }))
    const second = s.run(draft({ type: 'track', event: 'y', anonymousId: 'a', userId: 'u' }))
    expect(first.ok && first.value.links.map((l) => [l.left_kind, l.right_kind])).toEqual([
      ['visitor', 'user'],
    ])
    expect(second.ok && second.value.links).toEqual([])
  })

  it('keeps the visitor of a visit that crosses midnight (salt rotation) in one visitor and session', () => {
    const saltOf = (day: string) => `salt-${day}`
    const daySalts = { get: saltOf, prepare: async () => undefined }
    const sessions = createSessionTracker()
    const identity = createIdentityStep({ salts: daySalts, sessions })
    const session = createSessionStep({ sessions })
    const context = { ip: '203.0.113.9', userAgent: CHROME }
    const visit = (iso: string) => {
      const at = Date.parse(iso)
      const parsed = parseSegmentEvent({ type: 'page', context }, 'event')
      if (!parsed.ok) throw new Error('invalid')
      const d = buildDraft(
        parsed.event,
        {
          siteId: 'site_1',
          siteDomain: 'shop.example.com',
          receivedAt: at,
          source: 'server',
          requestIp: '',
          requestUserAgent: '',
        },
        at,
      )
      const r = identity.run(d)
      if (!r.ok) throw new Error('dropped')
      const s2 = session.run(r.value)
      if (!s2.ok) throw new Error('dropped')
      return { visitor: s2.value.row.visitor_id, session: s2.value.row.session_id }
    }
    const before = visit('2026-11-23T23:50:00Z')
    const after = visit('2026-11-24T00:05:00Z')
    expect(after).toEqual(before)
    // A visitor who comes back after the visit ended gets today's id: days cannot be linked.
    const nextVisit = visit('2026-11-24T02:00:00Z')
    expect(nextVisit.visitor).not.toBe(before.visitor)
  })

  it('links alias previousId to the new user id', () => {
    const r = step().run(draft({ type: 'alias', previousId: 'old', userId: 'new' }))
    expect(
      r.ok && r.value.links.map((l) => [l.left_kind, l.left_id, l.right_kind, l.right_id]),
    ).toContainEqual(['previous_id', 'old', 'user', 'new'])
  })
})

describe('session step', () => {
  it('assigns the same session to a visitor within 30 minutes and a new one after', () => {
    const sessions = createSessionTracker()
    const step = createSessionStep({ sessions })
    const withVisitor = (ts: number) => {
      const d = draft({ type: 'page', anonymousId: 'a' })
      d.row.visitor_id = 'a'
      d.row.ts = ts
      const r = step.run(d)
      if (!r.ok) throw new Error('dropped')
      return r.value.row.session_id
    }
    const s1 = withVisitor(NOW)
    expect(withVisitor(NOW + 29 * 60_000)).toBe(s1)
    expect(withVisitor(NOW + 61 * 60_000)).not.toBe(s1)
  })
})
