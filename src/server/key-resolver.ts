import type { ApiKey, KeysRepository } from '../store/meta/keys-repository.ts'
import type { Site, SitesRepository } from '../store/meta/sites-repository.ts'

export interface ResolvedKey {
  key: ApiKey
  site: Site
}

/**
 * Key → (key record, site), cached briefly because every collect request needs it. Revocations
 * through this process take effect at once; through another node within `ttlMs`.
 */
export function createKeyResolver(deps: { keys: KeysRepository; sites: SitesRepository; ttlMs?: number }) {
  const ttlMs = deps.ttlMs ?? 10_000
  const cache = new Map<string, { value: ResolvedKey | null; expires: number }>()
  return {
    async resolve(presented: string): Promise<ResolvedKey | null> {
      const now = Date.now()
      const hit = cache.get(presented)
      if (hit && hit.expires > now) return hit.value
      const key = await deps.keys.findActive(presented)
      const site = key ? await deps.sites.get(key.siteId) : null
      const value = key && site ? { key, site } : null
      if (cache.size > 10_000) cache.clear()
      cache.set(presented, { value, expires: now + ttlMs })
      return value
    },
    forget(): void {
      cache.clear()
    },
  }
}

export type KeyResolver = ReturnType<typeof createKeyResolver>
