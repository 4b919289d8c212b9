import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { parse } from 'hono/utils/cookie'
import { SESSION_TTL_MS } from '../accounts/session-service.ts'
import { isHttps } from './request-origin.ts'

export const SESSION_COOKIE = 'stepwise_session'

/** The session token a browser sent, if any. */
export function sessionToken(request: Request): string | null {
  const header = request.headers.get('cookie')
  if (!header) return null
  const token = parse(header, SESSION_COOKIE)[SESSION_COOKIE]
  return token ? token : null
}

/**
 * HttpOnly keeps the token from page scripts; SameSite=Lax keeps browsers from sending it with
 * other sites' POSTs; Secure whenever the request came over https (a local http install would
 * otherwise never get its cookie back).
 */
export function setSessionCookie(c: Context, token: string, trustProxy: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c.req.raw, trustProxy),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  })
}

export function clearSessionCookie(c: Context, trustProxy: boolean): void {
  deleteCookie(c, SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c.req.raw, trustProxy),
  })
}
