import { keyKindsFor, keyMay, roleMay, rolesFor, type SiteAction } from '../accounts/permissions.ts'
import type { ActiveSession } from '../accounts/session-service.ts'
import { AppError } from '../schema/app-error.ts'
import type { SiteRole } from '../schema/choices.ts'
import { checkCsrf } from './csrf.ts'
import type { KeyResolver, ResolvedKey } from './key-resolver.ts'
import { safeEqual } from './safe-equal.ts'
import { SESSION_COOKIE, sessionToken } from './session-cookie.ts'

/**
 * Who is calling: the instance administrator (local token), a site's API key, or a person
 * signed in with the session cookie.
 */
export type Principal =
  | { kind: 'instance' }
  | { kind: 'key'; resolved: ResolvedKey }
  | ({ kind: 'user' } & ActiveSession)

export type UserPrincipal = Extract<Principal, { kind: 'user' }>

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

export const isInstanceAdmin = (p: Principal): boolean =>
  p.kind === 'instance' || (p.kind === 'user' && p.user.instanceAdmin)

const WHAT: Record<SiteAction, string> = {
  read: 'read this site',
  edit: 'change goals, funnels or visitor lists',
  manage: "manage this site's keys and users",
}

const aOrAn = (words: string) => `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`
const capitalised = (text: string) => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`

export interface AuthenticatorDeps {
  resolver: KeyResolver
  adminToken: string | null
  sessions: { resolve(token: string): Promise<ActiveSession | null> }
  roles: { roleOn(userId: string, siteId: string): Promise<SiteRole | null> }
  /** Whether X-Forwarded-Proto/-Host may say what origin the browser used (CSRF checks). */
  trustProxy: boolean
}

/**
 * Authenticates an API request by `Authorization: Bearer` (the instance token or a site's key) or,
 * without one, by the session cookie. Cookie-signed requests that change state must pass the CSRF
 * checks; bearer requests cannot be forged by another site's page, so they need none.
 */
export function createAuthenticator(deps: AuthenticatorDeps) {
  async function principal(request: Request): Promise<Principal> {
    const token = bearerToken(request.headers.get('authorization'))
    if (token) {
      if (deps.adminToken && safeEqual(token, deps.adminToken)) return { kind: 'instance' }
      const resolved = await deps.resolver.resolve(token)
      if (!resolved) {
        throw new AppError('unknown_key', undefined, [
          { field: 'Authorization', reason: 'unknown or revoked key' },
        ])
      }
      return { kind: 'key', resolved }
    }
    const cookie = sessionToken(request)
    if (!cookie) {
      throw new AppError(
        'missing_key',
        'Send a secret key as "Authorization: Bearer <key>", or sign in at POST /api/v1/auth/login',
        [{ field: 'Authorization', reason: 'is required (or the session cookie)' }],
      )
    }
    const active = await deps.sessions.resolve(cookie)
    if (!active) {
      throw new AppError('invalid_session', undefined, [
        { field: 'Cookie', reason: `the ${SESSION_COOKIE} cookie is not known or has expired` },
      ])
    }
    checkCsrf(request, active.session.csrfToken, deps.trustProxy)
    return { kind: 'user', ...active }
  }

  return {
    principal,
    /** Access to one site's API for `action`: see src/accounts/permissions.ts. */
    async requireSite(request: Request, siteId: string, action: SiteAction): Promise<Principal> {
      const p = await principal(request)
      if (isInstanceAdmin(p)) return p
      if (p.kind === 'key') {
        if (p.resolved.site.id !== siteId) {
          throw new AppError('forbidden', 'This key belongs to another site', [
            { field: 'site', reason: "not this key's site" },
          ])
        }
        if (!keyMay(p.resolved.key.kind, action)) {
          const needed = aOrAn(`${keyKindsFor(action).join(' or ')} key`)
          throw new AppError(
            'forbidden',
            `${capitalised(aOrAn(`${p.resolved.key.kind} key`))} cannot ${WHAT[action]}; use ${needed}`,
            [{ field: 'Authorization', reason: `needs ${needed}` }],
          )
        }
        return p
      }
      if (p.kind === 'user') {
        const role = await deps.roles.roleOn(p.user.id, siteId)
        if (!role) {
          throw new AppError('forbidden', `You have no role on site ${siteId}`, [
            { field: 'site', reason: 'you have no role on this site' },
          ])
        }
        if (!roleMay(role, action)) {
          const needed = rolesFor(action).join(' or ')
          throw new AppError(
            'forbidden',
            `A site ${role} cannot ${WHAT[action]}; that needs ${aOrAn(needed)}`,
            [{ field: 'role', reason: `is ${role}; needs ${needed}` }],
          )
        }
      }
      return p
    },
    async requireInstance(request: Request): Promise<Principal> {
      const p = await principal(request)
      if (!isInstanceAdmin(p)) {
        throw new AppError('forbidden', 'Only an instance administrator can do this', [
          { field: 'Authorization', reason: 'needs the instance admin token or an instance administrator' },
        ])
      }
      return p
    },
    /** A signed-in person (for their own account: me, sign-out, password). */
    async requireUser(request: Request): Promise<UserPrincipal> {
      const p = await principal(request)
      if (p.kind !== 'user') {
        throw new AppError('invalid_session', 'Sign in first: this is about your own account', [
          { field: 'Cookie', reason: `needs the ${SESSION_COOKIE} cookie of a signed-in user` },
        ])
      }
      return p
    },
  }
}

export type Authenticator = ReturnType<typeof createAuthenticator>
