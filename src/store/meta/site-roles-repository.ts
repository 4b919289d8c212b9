import type { SiteRole } from '../../schema/choices.ts'
import type { MetaQueryable } from './meta-db.ts'
import { toUser, type User, type UserRow } from './users-repository.ts'

export interface SiteMember {
  user: User
  role: SiteRole
}

type MemberRow = UserRow & { role: SiteRole }

/** One role per user and site. */
export function createSiteRolesRepository(db: MetaQueryable) {
  return {
    /** Gives the role, replacing any other the user had on the site. */
    async set(userId: string, siteId: string, role: SiteRole): Promise<void> {
      await db.query(
        `INSERT INTO site_roles (user_id, site_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, site_id) DO UPDATE SET role = EXCLUDED.role`,
        [userId, siteId, role],
      )
    },
    /** The role removed, or null when the user had none on the site. */
    async remove(userId: string, siteId: string): Promise<SiteRole | null> {
      const rows = await db.query<{ role: SiteRole }>(
        'DELETE FROM site_roles WHERE user_id = $1 AND site_id = $2 RETURNING role',
        [userId, siteId],
      )
      return rows[0]?.role ?? null
    },
    async roleOn(userId: string, siteId: string): Promise<SiteRole | null> {
      const rows = await db.query<{ role: SiteRole }>(
        'SELECT role FROM site_roles WHERE user_id = $1 AND site_id = $2',
        [userId, siteId],
      )
      return rows[0]?.role ?? null
    },
    async ofUser(userId: string): Promise<Array<{ siteId: string; role: SiteRole }>> {
      const rows = await db.query<{ site_id: string; role: SiteRole }>(
        `SELECT r.site_id, r.role FROM site_roles r JOIN sites s ON s.id = r.site_id
         WHERE r.user_id = $1 ORDER BY s.created_at, s.id`,
        [userId],
      )
      return rows.map((r) => ({ siteId: r.site_id, role: r.role }))
    },
    async all(): Promise<Array<{ userId: string; siteId: string; role: SiteRole }>> {
      const rows = await db.query<{ user_id: string; site_id: string; role: SiteRole }>(
        `SELECT r.user_id, r.site_id, r.role FROM site_roles r JOIN sites s ON s.id = r.site_id
         ORDER BY s.created_at, s.id`,
      )
      return rows.map((r) => ({ userId: r.user_id, siteId: r.site_id, role: r.role }))
    },
    async ofSite(siteId: string): Promise<SiteMember[]> {
      const rows = await db.query<MemberRow>(
        `SELECT u.id, u.email, u.name, u.instance_admin, u.created_at, u.updated_at, r.role
         FROM site_roles r JOIN users u ON u.id = r.user_id
         WHERE r.site_id = $1 ORDER BY lower(u.email), u.id`,
        [siteId],
      )
      return rows.map((r) => ({ user: toUser(r), role: r.role }))
    },
  }
}

export type SiteRolesRepository = ReturnType<typeof createSiteRolesRepository>
