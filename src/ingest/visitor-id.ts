import { createHmac } from 'node:crypto'
import { addDays } from '../schema/calendar-day.ts'

/**
 * Cookieless visitor id: a keyed hash of (daily salt, site, IP, user agent). Without the salt,
 * deleted after 48 h, an id cannot be linked back to an IP address or to another day.
 */
export function cookielessVisitorId(salt: string, siteId: string, ip: string, userAgent: string): string {
  return createHmac('sha256', salt)
    .update(`${siteId}\u0000${ip}\u0000${userAgent}`)
    .digest('base64url')
    .slice(0, 22)
}

/** UTC calendar day (`YYYY-MM-DD`) that selects the salt. */
export function saltDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export interface SaltSource {
  getOrCreate(day: string): Promise<string>
  deleteExpired(now: Date): Promise<number>
}

/**
 * Keeps the salts of the days in use in memory so the hot path never waits on the metadata
 * store; `prepare` is awaited once per request and only touches the store on a new day.
 */
export function createSaltCache(source: SaltSource) {
  const salts = new Map<string, string>()
  const loading = new Map<string, Promise<string>>()
  return {
    /** Loads the salts of `day` and of the day before (visits that began before midnight). */
    async prepare(day: string): Promise<void> {
      if (salts.has(day) && salts.has(addDays(day, -1))) return
      await load(addDays(day, -1))
      await load(day)
      await source.deleteExpired(new Date())
    },
    get(day: string): string {
      const salt = salts.get(day)
      if (!salt) throw new Error(`salt for ${day} was not prepared`)
      return salt
    },
  }

  async function load(day: string): Promise<void> {
    if (salts.has(day)) return
    let pending = loading.get(day)
    if (!pending) {
      pending = source.getOrCreate(day)
      loading.set(day, pending)
    }
    try {
      salts.set(day, await pending)
      // A new day: keep only the salts of the last two days in memory.
      for (const known of salts.keys()) if (known < addDays(day, -1)) salts.delete(known)
    } finally {
      loading.delete(day)
    }
  }
}

export type SaltCache = ReturnType<typeof createSaltCache>
