import { AppError } from '../schema/app-error.ts'
import { normaliseOrigin, requestOrigin } from './request-origin.ts'
import { safeEqual } from './safe-equal.ts'

export const CSRF_HEADER = 'X-CSRF-Token'
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const changesState = (request: Request): boolean => STATE_CHANGING.has(request.method.toUpperCase())

/**
 * Browsers send `Origin` with every cross-origin request that can change state: when present it
 * must be this server's own origin. Tools such as curl send none and are not refused for that.
 */
export function checkOrigin(request: Request, trustProxy: boolean): void {
  const origin = request.headers.get('origin')
  if (origin === null) return
  const own = requestOrigin(request, trustProxy)
  if (normaliseOrigin(origin) === own) return
  throw new AppError('csrf_rejected', `Requests from ${origin} are refused; only ${own} may send them`, [
    { field: 'Origin', reason: `must be ${own}` },
  ])
}

/**
 * A state-changing request signed in with the cookie must come from this origin and carry the
 * session's CSRF token in `X-CSRF-Token`, which another site's page cannot read or send.
 */
export function checkCsrf(request: Request, sessionCsrfToken: string, trustProxy: boolean): void {
  if (!changesState(request)) return
  checkOrigin(request, trustProxy)
  const sent = request.headers.get(CSRF_HEADER)
  if (!sent) {
    throw new AppError(
      'csrf_rejected',
      `Send the session's CSRF token (from sign-in or GET /api/v1/auth/me) in the ${CSRF_HEADER} header`,
      [{ field: CSRF_HEADER, reason: 'is required for changes made with a session cookie' }],
    )
  }
  if (!safeEqual(sent, sessionCsrfToken)) {
    throw new AppError('csrf_rejected', `The ${CSRF_HEADER} header does not match the session's token`, [
      { field: CSRF_HEADER, reason: "does not match the session's token" },
    ])
  }
}
