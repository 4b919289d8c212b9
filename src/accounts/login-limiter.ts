export interface LoginLimits {
  windowMs: number
  /** Failed sign-ins allowed per e-mail address within the window. */
  perEmail: number
  /** Failed sign-ins allowed per client IP within the window (one office may share an address). */
  perIp: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, perEmail: 10, perIp: 50 }

/** Beyond this many tracked keys the oldest are forgotten, so a flood of addresses cannot fill memory. */
const MAX_KEYS = 50_000

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * Failed sign-ins over a sliding window, per e-mail address and per client IP. Kept in this
 * process's memory: a restart forgets them and each node of a cluster counts its own, which still
 * bounds password guessing to a few tries a minute per node; a shared store is not worth it here.
 */
export function createLoginLimiter(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, now = () => Date.now()) {
  const failures = new Map<string, number[]>()
  const keys = (email: string, ip: string) => {
    const list: Array<{ key: string; max: number }> = [
      { key: `email:${email.trim().toLowerCase()}`, max: limits.perEmail },
    ]
    if (ip !== '') list.push({ key: `ip:${ip}`, max: limits.perIp })
    return list
  }
  /** The failures of `key` still inside the window (and drops the older ones). */
  const recent = (key: string, at: number): number[] => {
    const times = failures.get(key)
    if (!times) return []
    const kept = times.filter((t) => t > at - limits.windowMs)
    if (kept.length === 0) failures.delete(key)
    else if (kept.length !== times.length) failures.set(key, kept)
    return kept
  }

  return {
    /** Whether another attempt may be checked now; when not, how long until one may. */
    check(email: string, ip: string): LimitCheck {
      const at = now()
      let waitMs = 0
      for (const { key, max } of keys(email, ip)) {
        const times = recent(key, at)
        if (times.length < max) continue
        // The attempt that frees a slot is the oldest one that keeps the count at the limit.
        const freeing = times[times.length - max] ?? at
        waitMs = Math.max(waitMs, freeing + limits.windowMs - at)
      }
      return waitMs > 0
        ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
        : { ok: true }
    },
    fail(email: string, ip: string): void {
      const at = now()
      for (const { key, max } of keys(email, ip)) {
        // Only the newest `max` times matter for the limit.
        const times = [...recent(key, at), at].slice(-max)
        failures.delete(key)
        failures.set(key, times)
      }
      while (failures.size > MAX_KEYS) {
        const oldest = failures.keys().next().value
        if (oldest === undefined) break
        failures.delete(oldest)
      }
    },
    /** A successful sign-in clears the address's failures; the IP's stay counted. */
    succeed(email: string): void {
      failures.delete(`email:${email.trim().toLowerCase()}`)
    },
  }
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>
