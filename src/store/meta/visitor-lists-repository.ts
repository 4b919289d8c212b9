import type { MetaQueryable } from './meta-db.ts'
import { randomToken } from './random-token.ts'

/** A saved list of people; its members are in the event store's `visitor_list_members`. */
export interface VisitorList {
  id: string
  siteId: string
  name: string
  /** How the list was made, e.g. `{kind: 'funnel', funnel, step, status, from, to}`. */
  source: Record<string, unknown>
  size: number
  createdAt: string
}

interface ListRow {
  id: string
  site_id: string
  name: string
  source: Record<string, unknown>
  size: string | number
  created_at: Date | string
}

const toList = (r: ListRow): VisitorList => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  source: r.source,
  size: Number(r.size),
  createdAt: new Date(r.created_at).toISOString(),
})

const COLUMNS = 'id, site_id, name, source, size, created_at'

export function createVisitorListsRepository(db: MetaQueryable) {
  const one = (rows: ListRow[]) => (rows[0] ? toList(rows[0]) : null)
  return {
    async list(siteId: string): Promise<VisitorList[]> {
      return (
        await db.query<ListRow>(`SELECT ${COLUMNS} FROM visitor_lists WHERE site_id = $1 ORDER BY seq`, [
          siteId,
        ])
      ).map(toList)
    },
    /** By id, else by name. */
    async find(siteId: string, idOrName: string): Promise<VisitorList | null> {
      return one(
        await db.query<ListRow>(
          `SELECT ${COLUMNS} FROM visitor_lists WHERE site_id = $1 AND (id = $2 OR name = $2) ORDER BY (id = $2) DESC LIMIT 1`,
          [siteId, idOrName],
        ),
      )
    },
    /** Throws a unique violation when the site has a list of that name. */
    async create(siteId: string, name: string, source: Record<string, unknown>): Promise<VisitorList> {
      const list = one(
        await db.query<ListRow>(
          `INSERT INTO visitor_lists (id, site_id, name, source) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`,
          [`vl_${randomToken(12)}`, siteId, name, JSON.stringify(source)],
        ),
      )
      if (!list) throw new Error('visitor list insert returned no row')
      return list
    },
    /** Records the size (and the source, now complete) once the members are stored. */
    async complete(
      siteId: string,
      id: string,
      size: number,
      source: Record<string, unknown>,
    ): Promise<VisitorList | null> {
      return one(
        await db.query<ListRow>(
          `UPDATE visitor_lists SET size = $3, source = $4::jsonb WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [siteId, id, size, JSON.stringify(source)],
        ),
      )
    },
    async remove(siteId: string, id: string): Promise<VisitorList | null> {
      return one(
        await db.query<ListRow>(
          `DELETE FROM visitor_lists WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [siteId, id],
        ),
      )
    },
  }
}

export type VisitorListsRepository = ReturnType<typeof createVisitorListsRepository>
