import { describe, expect, it } from 'vitest'
import { createSessionTracker, SESSION_TIMEOUT_MS } from './session-tracker.ts'

const t0 = Date.parse('2026-11-23T10:00:00Z')
const min = 60_000

describe('createSessionTracker', () => {
  it('keeps one session while the visitor stays active', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '')
    expect(s.assign('site', 'v1', t0 + 20 * min, '')).toBe(a)
    expect(s.assign('site', 'v1', t0 + 45 * min, '')).toBe(a)
  })

  it('starts a new session after 30 minutes of inactivity', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '')
    const b = s.assign('site', 'v1', t0 + SESSION_TIMEOUT_MS + 1, '')
    expect(b).not.toBe(a)
  })

  it('starts a new session when the visitor arrives through another campaign', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, 'google|cpc|spring')
    expect(s.assign('site', 'v1', t0 + min, '')).toBe(a)
    const b = s.assign('site', 'v1', t0 + 2 * min, 'newsletter|email|may')
    expect(b).not.toBe(a)
    expect(s.assign('site', 'v1', t0 + 3 * min, 'newsletter|email|may')).toBe(b)
  })

  it('gives different visitors and sites different sessions', () => {
    const s = createSessionTracker()
    const a = s.assign('site', 'v1', t0, '')
    expect(s.assign('site', 'v2', t0, '')).not.toBe(a)
    expect(s.assign('other', 'v1', t0, '')).not.toBe(a)
  })

  it('gives a much older event its own session without ending the current one', () => {
    const s = createSessionTracker()
    const current = s.assign('site', 'v1', t0, '')
    const old = s.assign('site', 'v1', t0 - 5 * 60 * min, '')
    expect(old).not.toBe(current)
    expect(s.assign('site', 'v1', t0 + min, '')).toBe(current)
  })

  it('continues sessions seeded after a restart and sweeps idle visitors', () => {
    const s = createSessionTracker()
    s.seed([{ siteId: 'site', visitorId: 'v1', sessionId: 'seeded', firstTs: t0, lastTs: t0, campaign: '' }])
    expect(s.assign('site', 'v1', t0 + min, '')).toBe('seeded')
    expect(s.sweep(t0 + min + SESSION_TIMEOUT_MS + 1)).toBe(1)
    expect(s.size()).toBe(0)
  })
})
