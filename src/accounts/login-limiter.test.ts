import { describe, expect, it } from 'vitest'
import { createLoginLimiter } from './login-limiter.ts'

const limits = { windowMs: 60_000, perEmail: 3, perIp: 5 }

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('login limiter', () => {
  it('refuses an address after its failures fill the window, saying when to retry', () => {
    const c = clock()
    const limiter = createLoginLimiter(limits, c.now)
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('ada@example.com', '10.0.0.1')).toEqual({ ok: true })
      limiter.fail('ada@example.com', '10.0.0.1')
      c.advance(10_000)
    }
    // Failures at 0 s, 10 s and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(limiter.check('ADA@example.com ', '10.0.0.2')).toEqual({ ok: false, retryAfterSeconds: 30 })
    c.advance(29_000)
    expect(limiter.check('ada@example.com', '10.0.0.2').ok).toBe(false)
    c.advance(1_000)
    expect(limiter.check('ada@example.com', '10.0.0.2')).toEqual({ ok: true })
  })

  it('refuses an IP that tries many addresses, and not the addresses from elsewhere', () => {
    const limiter = createLoginLimiter(limits, clock().now)
    for (let i = 0; i < 5; i++) limiter.fail(`user${i}@example.com`, '10.0.0.9')
    expect(limiter.check('new@example.com', '10.0.0.9').ok).toBe(false)
    expect(limiter.check('user1@example.com', '10.0.0.8')).toEqual({ ok: true })
  })

  it('forgets an address after a successful sign-in, but not the IP', () => {
    const limiter = createLoginLimiter({ ...limits, perIp: 3 }, clock().now)
    for (let i = 0; i < 3; i++) limiter.fail('ada@example.com', '10.0.0.1')
    limiter.succeed('ada@example.com')
    expect(limiter.check('ada@example.com', '10.0.0.2')).toEqual({ ok: true })
    expect(limiter.check('ada@example.com', '10.0.0.1').ok).toBe(false)
  })

  it('counts only the address when the client IP is unknown', () => {
    const limiter = createLoginLimiter({ ...limits, perIp: 1 }, clock().now)
    limiter.fail('a@example.com', '')
    expect(limiter.check('b@example.com', '')).toEqual({ ok: true })
  })
})
