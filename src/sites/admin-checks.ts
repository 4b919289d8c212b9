import { AppError } from '../schema/app-error.ts'
import { isUniqueViolation } from '../store/meta/goals-repository.ts'
import type { MetaQueryable } from '../store/meta/meta-db.ts'
import { createSitesRepository, type Site } from '../store/meta/sites-repository.ts'

export type Path = Array<string | number>

/** Checks shared by the admin services of things a site names: goals, funnels, visitor lists. */

export function invalidBody(details: Array<{ field: string; reason: string }>): AppError {
  const first = details[0]
  return new AppError(
    'invalid_body',
    first ? `${first.field} ${first.reason}` : undefined,
    details.map(({ field, reason }) => ({ field, reason })),
  )
}

export async function requireSite(db: MetaQueryable, siteId: string): Promise<Site> {
  const site = await createSitesRepository(db).get(siteId)
  if (site) return site
  throw new AppError('not_found', `Site ${siteId} does not exist`, [{ field: 'site', reason: 'not found' }])
}

/** `kind` is what the site names, e.g. `goal`; `field` the route parameter it came in. */
export function notFound(kind: string, siteId: string, idOrName: string): AppError {
  return new AppError(
    'not_found',
    `${kind[0]?.toUpperCase()}${kind.slice(1)} ${JSON.stringify(idOrName)} does not exist on site ${siteId}`,
    [{ field: kind.replaceAll(' ', '_'), reason: 'not found' }],
  )
}

export function nameConflict(kind: string, path: Path, name: string, holderId: string | null): AppError {
  const field = path.join('.')
  return new AppError('conflict', `${field}: a ${kind} named ${JSON.stringify(name)} already exists`, [
    { field, reason: holderId ? `is already the name of ${kind} ${holderId}` : 'is already taken' },
  ])
}

/** Refuses a name another record of the site holds (`ownId`: the record being renamed). */
export async function refuseTakenName(
  kind: string,
  holder: { id: string } | null,
  name: string,
  ownId: string | null,
  path: Path,
): Promise<void> {
  if (holder && holder.id !== ownId) throw nameConflict(kind, path, name, holder.id)
}

/** The unique index is the last word when two writers race for one name. */
export async function withNameConflict<T>(
  kind: string,
  path: Path,
  name: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (isUniqueViolation(err)) throw nameConflict(kind, path, name, null)
    throw err
  }
}
