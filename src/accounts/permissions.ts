import { type KeyKind, SITE_ROLES, type SiteRole } from '../schema/choices.ts'

/**
 * What a caller may do with one site:
 * - `read`: reports, events, goals, funnels, visitor lists, the site itself;
 * - `edit`: create, change and delete goals, funnels and visitor lists;
 * - `manage`: the site's keys and its users' roles.
 * Creating sites and managing users across sites is for the instance administrator alone.
 */
export const SITE_ACTIONS = ['read', 'edit', 'manage'] as const
export type SiteAction = (typeof SITE_ACTIONS)[number]

const ROLE_ACTIONS: Record<SiteRole, readonly SiteAction[]> = {
  viewer: ['read'],
  editor: ['read', 'edit'],
  admin: ['read', 'edit', 'manage'],
}

/** Keys keep the rights they had before accounts existed: an admin key does everything on its site. */
const KEY_ACTIONS: Record<KeyKind, readonly SiteAction[]> = {
  write: [],
  server: [],
  read: ['read'],
  admin: ['read', 'edit', 'manage'],
}

export const roleMay = (role: SiteRole, action: SiteAction): boolean => ROLE_ACTIONS[role].includes(action)
export const keyMay = (kind: KeyKind, action: SiteAction): boolean => KEY_ACTIONS[kind].includes(action)

/** The roles that may do `action`, weakest first, for error messages. */
export function rolesFor(action: SiteAction): SiteRole[] {
  return SITE_ROLES.filter((role) => roleMay(role, action))
}

/** The key kinds that may do `action`, for error messages. */
export function keyKindsFor(action: SiteAction): KeyKind[] {
  return (['read', 'admin'] as const).filter((kind) => keyMay(kind, action))
}
