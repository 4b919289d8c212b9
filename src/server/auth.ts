import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../schema/app-error.ts'
import type { KeyKind } from '../store/meta/keys-repository.ts'
import type { KeyResolver, ResolvedKey } from './key-resolver.ts'

/** Who is calling: the instance administrator (local token) or a site's API key. */
export type Principal = { kind: 'instance' } | { kind: 'key'; resolved: ResolvedKey }

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return m?.[1] ?? null
}

/** The write key of HTTP Basic auth (`key:` with an empty password). */
export function basicUser(header: string | undefined | null): string | null {
  if (!header) return null
  const m = /^Basic\s+(\S+)\s*$/i.exec(header)
  if (!m?.[1]) return null
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const user = decoded.split(':')[0] ?? ''
  return user === '' ? null : user
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function createAuthenticator(deps: { resolver: KeyResolver; adminToken: string | null }) {
  async function principal(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization)
    if (!token) {
      throw new AppError('missing_key', 'Send a secret key as "Authorization: Bearer <key>"', [
        { field: 'Authorization', reason: 'is required' },
      ])
    }
    if (deps.adminToken && safeEqual(token, deps.adminToken)) return { kind: 'instance' }
    const resolved = await deps.resolver.resolve(token)
    if (!resolved) {
      throw new AppError('unknown_key', undefined, [
        { field: 'Authorization', reason: 'unknown or revoked key' },
      ])
    }
    return { kind: 'key', resolved }
  }

  return {
    principal,
    /** Access to one site's API: the instance admin, or a key of that site of an allowed kind. */
    async requireSite(
      authorization: string | undefined,
      siteId: string,
      kinds: readonly KeyKind[],
    ): Promise<Principal> {
      const p = await principal(authorization)
      if (p.kind === 'instance') return p
      if (p.resolved.site.id !== siteId) {
        throw new AppError('forbidden', 'This key belongs to another site', [
          { field: 'site', reason: "not this key's site" },
        ])
      }
      if (!kinds.includes(p.resolved.key.kind)) {
        throw new AppError(
          'forbidden',
          `A ${p.resolved.key.kind} key cannot do this; use a ${kinds.join(' or ')} key`,
          [{ field: 'Authorization', reason: `needs a ${kinds.join(' or ')} key` }],
        )
      }
      return p
    },
    async requireInstance(authorization: string | undefined): Promise<void> {
      const p = await principal(authorization)
      if (p.kind !== 'instance') {
        throw new AppError('forbidden', 'Only the instance administrator can do this', [
          { field: 'Authorization', reason: 'needs the instance admin token' },
        ])
      }
    },
  }
}

export type Authenticator = ReturnType<typeof createAuthenticator>
