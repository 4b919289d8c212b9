import type { SiteAction } from '../accounts/permissions.ts'
import { AppError } from '../schema/app-error.ts'
import type { SiteAdmin } from '../sites/site-admin.ts'
import type { Site } from '../store/meta/sites-repository.ts'
import type { Authenticator } from './auth.ts'
import { readJsonBody } from './read-json-body.ts'

/** The site, once the caller may use it so: a key already carries its (cached) site record. */
export async function accessSite(
  deps: { auth: Authenticator; siteAdmin: SiteAdmin },
  request: Request,
  siteId: string,
  action: SiteAction,
): Promise<Site> {
  const principal = await deps.auth.requireSite(request, siteId, action)
  return principal.kind === 'key' ? principal.resolved.site : deps.siteAdmin.getSite(siteId)
}

/** An event-store failure as the one error clients know to retry. */
export async function storeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('store_unavailable', 'The event store could not answer', [
      { reason: err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'store error' },
    ])
  }
}

export async function objectBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const { value } = await readJsonBody(request, maxBytes)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid_body', 'body must be a JSON object', [
      { field: 'body', reason: 'must be an object' },
    ])
  }
  return value as Record<string, unknown>
}
