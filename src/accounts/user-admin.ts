import { AppError } from '../schema/app-error.ts'
import type { SiteRole } from '../schema/choices.ts'
import { requireSite } from '../sites/admin-checks.ts'
import { isUniqueViolation } from '../store/meta/goals-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { createSiteRolesRepository, type SiteMember } from '../store/meta/site-roles-repository.ts'
import { createSitesRepository, type Site } from '../store/meta/sites-repository.ts'
import { createUsersRepository, type User } from '../store/meta/users-repository.ts'
import { newSiteUserSchema, newUserSchema, parseAccountInput, roleInputSchema } from './account-input.ts'
import { hashPassword } from './password-hash.ts'

export interface UserWithRoles extends User {
  roles: Array<{ siteId: string; role: SiteRole }>
}

export interface SiteAccess {
  site: Site
  role: SiteRole
}

const emailTaken = (email: string) =>
  new AppError('conflict', `email: a user with the address ${email} already exists`, [
    { field: 'email', reason: 'is already taken' },
  ])

const userNotFound = (idOrEmail: string) =>
  new AppError('not_found', `User ${JSON.stringify(idOrEmail)} does not exist`, [
    { field: 'user', reason: 'not found' },
  ])

/**
 * Users and their roles on sites. Who may call what is decided by the routes (instance
 * administrator for users, a site's `manage` right for roles on it); this checks the input.
 */
export function createUserAdmin(deps: { db: MetaDb; now?: () => Date }) {
  const { db } = deps
  const now = () => deps.now?.() ?? new Date()
  const users = createUsersRepository(db)
  const roles = createSiteRolesRepository(db)
  const sites = createSitesRepository(db)

  const requireUser = async (idOrEmail: string): Promise<User> => {
    const user = await users.find(idOrEmail)
    if (!user) throw userNotFound(idOrEmail)
    return user
  }
  const createWith = async <T>(email: string, write: () => Promise<T>): Promise<T> => {
    try {
      return await write()
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken(email)
      throw err
    }
  }

  return {
    async listUsers(): Promise<UserWithRoles[]> {
      const [all, grants] = await Promise.all([users.list(), roles.all()])
      return all.map((user) => ({
        ...user,
        roles: grants.filter((g) => g.userId === user.id).map(({ siteId, role }) => ({ siteId, role })),
      }))
    },
    async createUser(input: unknown): Promise<User> {
      const { email, name, password, instanceAdmin } = parseAccountInput(newUserSchema, input)
      const passwordHash = await hashPassword(password)
      return createWith(email, () => users.create({ email, name, passwordHash, instanceAdmin }, now()))
    },
    /** A new user whose only access is `role` on the site. */
    async createSiteUser(siteId: string, input: unknown): Promise<SiteMember> {
      const { email, name, password, role } = parseAccountInput(newSiteUserSchema, input)
      await requireSite(db, siteId)
      const passwordHash = await hashPassword(password)
      return createWith(email, () =>
        db.transaction(async (tx) => {
          const user = await createUsersRepository(tx).create(
            { email, name, passwordHash, instanceAdmin: false },
            now(),
          )
          await createSiteRolesRepository(tx).set(user.id, siteId, role)
          return { user, role }
        }),
      )
    },
    /** Deletes the user with their roles and sessions; the last instance administrator stays. */
    async deleteUser(idOrEmail: string): Promise<User> {
      return db.transaction(async (tx) => {
        const txUsers = createUsersRepository(tx)
        const user = await txUsers.find(idOrEmail)
        if (!user) throw userNotFound(idOrEmail)
        if (user.instanceAdmin && (await txUsers.countInstanceAdmins()) <= 1) {
          throw new AppError('conflict', 'The last instance administrator cannot be deleted', [
            { field: 'user', reason: 'is the last instance administrator' },
          ])
        }
        const removed = await txUsers.remove(user.id)
        if (!removed) throw userNotFound(idOrEmail)
        return removed
      })
    },
    async siteUsers(siteId: string): Promise<SiteMember[]> {
      await requireSite(db, siteId)
      return roles.ofSite(siteId)
    },
    /** Gives a user (by id or e-mail address) a role on the site, replacing the one they had. */
    async setRole(siteId: string, idOrEmail: string, input: unknown): Promise<SiteMember> {
      const { role } = parseAccountInput(roleInputSchema, input)
      await requireSite(db, siteId)
      const user = await requireUser(idOrEmail)
      await roles.set(user.id, siteId, role)
      return { user, role }
    },
    async removeRole(siteId: string, idOrEmail: string): Promise<SiteMember> {
      await requireSite(db, siteId)
      const user = await requireUser(idOrEmail)
      const role = await roles.remove(user.id, siteId)
      if (!role) {
        throw new AppError('not_found', `User ${user.email} has no role on site ${siteId}`, [
          { field: 'user', reason: 'has no role on this site' },
        ])
      }
      return { user, role }
    },
    /** The sites a user may open: every site (as admin) for an instance administrator. */
    async sitesOf(user: User): Promise<SiteAccess[]> {
      if (user.instanceAdmin) return (await sites.list()).map((site) => ({ site, role: 'admin' as const }))
      const [all, grants] = await Promise.all([sites.list(), roles.ofUser(user.id)])
      const byId = new Map(all.map((s) => [s.id, s]))
      return grants.flatMap(({ siteId, role }) => {
        const site = byId.get(siteId)
        return site ? [{ site, role }] : []
      })
    },
    roleOn: (userId: string, siteId: string) => roles.roleOn(userId, siteId),
  }
}

export type UserAdmin = ReturnType<typeof createUserAdmin>
