import { describe, expect, it } from 'vitest'
import { createSessionTracker, SESSION_TIMEOUT_MS } from './session-tracker.ts'

const t0 = Date.parse('2026-11-23T10:00:00Z')
const min = 60_000

describe('createSessionTracker', () => {
  it('keeps one session while the visitor stays active', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '', false).id
    expect(s.assign('site', 'v1', t0 + 20 * min, '', false).id).toBe(a)
    expect(s.assign('site', 'v1', t0 + 45 * min, '', false).id).toBe(a)
  })

  it('starts a new session after 30 minutes of inactivity', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '', false).id
    const b = s.assign('site', 'v1', t0 + SESSION_TIMEOUT_MS + 1, '', false).id
    expect(b).not.toBe(a)
  })

  it('starts a new session when the visitor arrives through another campaign', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, 'google|cpc|spring', false).id
    expect(s.assign('site', 'v1', t0 + min, '', false).id).toBe(a)
    const b = s.assign('site', 'v1', t0 + 2 * min, 'newsletter|email|may', false).id
    expect(b).not.toBe(a)
    expect(s.assign('site', 'v1', t0 + 3 * min, 'newsletter|email|may', false).id).toBe(b)
  })

  it('gives different visitors and sites different sessions', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '', false).id
    expect(s.assign('site', 'v2', t0, '', false).id).not.toBe(a)
    expect(s.assign('other', 'v1', t0, '', false).id).not.toBe(a)
  })

  it('gives a much older event its own session without ending the current one', () => {
    const s = createSessionTracker()
    const current = s.assign('site', 'v1', t0, '', false).id
    const old = s.assign('site', 'v1', t0 - 5 * 60 * min, '', false).id
    expect(old).not.toBe(current)
    expect(s.assign('site', 'v1', t0 + min, '', false).id).toBe(current)
  })

  it('continues sessions seeded after a restart and sweeps idle visitors', () => {
    const s = createSessionTracker()
    s.seed([
      {
        siteId: 'site',
        visitorId: 'v1',
        sessionId: 'seeded',
        firstTs: t0,
        lastTs: t0,
        campaign: '',
        pages: 2,
      },
    ])
    expect(s.assign('site', 'v1', t0 + min, '', true)).toEqual({
      id: 'seeded',
      pages: 3,
      seconds: 60,
      prevSeconds: 0,
    })
    expect(s.sweep(t0 + min + SESSION_TIMEOUT_MS + 1)).toBe(1)
    expect(s.size()).toBe(0)
  })

  it('places each event in its session: page views so far, seconds since the start and at the previous event', () => {
    const s = createSessionTracker()
    expect(s.assign('site', 'v1', t0, '', true)).toMatchObject({ pages: 1, seconds: 0, prevSeconds: -1 })
    expect(s.assign('site', 'v1', t0 + 10_000, '', false)).toMatchObject({
      pages: 1,
      seconds: 10,
      prevSeconds: 0,
    })
    expect(s.assign('site', 'v1', t0 + 25_000, '', true)).toMatchObject({
      pages: 2,
      seconds: 25,
      prevSeconds: 10,
    })
    // A new session starts counting again.
    expect(s.assign('site', 'v1', t0 + 25_000 + SESSION_TIMEOUT_MS + 1, '', false)).toMatchObject({
      pages: 0,
      seconds: 0,
      prevSeconds: -1,
    })
  })
})
