import { describe, expect, it } from 'vitest'
import { cookielessVisitorId, createSaltCache, saltDay } from './visitor-id.ts'

const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

describe('cookielessVisitorId', () => {
  it('is stable for the same salt, site, IP and agent', () => {
    expect(cookielessVisitorId('salt', 'site', '203.0.113.7', UA)).toBe(
      cookielessVisitorId('salt', 'site', '203.0.113.7', UA),
    )
  })

  it('changes with the salt (a new day), the site, the IP or the agent', () => {
    const base = cookielessVisitorId('salt', 'site', '203.0.113.7', UA)
    expect(cookielessVisitorId('salt2', 'site', '203.0.113.7', UA)).not.toBe(base)
    expect(cookielessVisitorId('salt', 'site2', '203.0.113.7', UA)).not.toBe(base)
    expect(cookielessVisitorId('salt', 'site', '203.0.113.8', UA)).not.toBe(base)
    expect(cookielessVisitorId('salt', 'site', '203.0.113.7', `${UA} x`)).not.toBe(base)
  })

  it('does not contain the IP address', () => {
    expect(cookielessVisitorId('salt', 'site', '203.0.113.7', UA)).not.toContain('203')
  })
})

describe('createSaltCache', () => {
  it('asks the store once per day and deletes expired salts when a day starts', async () => {
    const asked: string[] = []
    let deletions = 0
    const cache = createSaltCache({
      getOrCreate: async (day) => {
        asked.push(day)
        return `salt-${day}`
      },
      deleteExpired: async () => {
        deletions++
        return 0
      },
    })
    const day = saltDay(Date.parse('2026-11-23T23:59:59Z'))
    expect(day).toBe('2026-11-23')
    await Promise.all([cache.prepare(day), cache.prepare(day)])
    await cache.prepare(day)
    // Today's salt and yesterday's (for visits open across midnight), each asked for once.
    expect(asked.sort()).toEqual(['2026-11-22', '2026-11-23'])
    expect(cache.get('2026-11-22')).toBe('salt-2026-11-22')
    expect(cache.get(day)).toBe('salt-2026-11-23')
    expect(deletions).toBeGreaterThanOrEqual(1)
    expect(() => cache.get('2026-11-24')).toThrow(/not prepared/)
  })
})
