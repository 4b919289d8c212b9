import {
  type Funnel,
  type FunnelDefinition,
  formatDuration,
  funnelDefinitionSchema,
} from '../../schema/funnel.ts'
import type { MetaQueryable } from './meta-db.ts'
import { randomToken } from './random-token.ts'
import { reparse } from './reparse.ts'

interface FunnelRow {
  id: string
  site_id: string
  name: string
  description: string
  definition: unknown
  created_at: Date | string
  updated_at: Date | string
}

const toFunnel = (r: FunnelRow): Funnel => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  description: r.description,
  definition: reparse(funnelDefinitionSchema, r.definition),
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
})

const COLUMNS = 'id, site_id, name, description, definition, created_at, updated_at'

export interface FunnelFields {
  name: string
  description: string
  definition: FunnelDefinition
}

/**
 * Saved funnels of a site, in creation order. The window is stored as milliseconds, as the
 * parsed definition holds it; parsing it again accepts the stored form (see toDefinition).
 */
export function createFunnelsRepository(db: MetaQueryable) {
  const one = (rows: FunnelRow[]) => (rows[0] ? toFunnel(rows[0]) : null)
  return {
    async list(siteId: string): Promise<Funnel[]> {
      const rows = await db.query<FunnelRow>(
        `SELECT ${COLUMNS} FROM funnels WHERE site_id = $1 ORDER BY seq`,
        [siteId],
      )
      return rows.map(toFunnel)
    },
    /** By id, else by name. */
    async find(siteId: string, idOrName: string): Promise<Funnel | null> {
      const rows = await db.query<FunnelRow>(
        `SELECT ${COLUMNS} FROM funnels WHERE site_id = $1 AND (id = $2 OR name = $2) ORDER BY (id = $2) DESC LIMIT 1`,
        [siteId, idOrName],
      )
      return one(rows)
    },
    /** Throws a unique violation when the site has a funnel of that name. */
    async create(siteId: string, f: FunnelFields): Promise<Funnel> {
      const rows = await db.query<FunnelRow>(
        `INSERT INTO funnels (id, site_id, name, description, definition) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${COLUMNS}`,
        [`fnl_${randomToken(12)}`, siteId, f.name, f.description, JSON.stringify(storable(f.definition))],
      )
      const funnel = one(rows)
      if (!funnel) throw new Error('funnel insert returned no row')
      return funnel
    },
    async update(siteId: string, id: string, f: FunnelFields): Promise<Funnel | null> {
      const rows = await db.query<FunnelRow>(
        `UPDATE funnels SET name = $3, description = $4, definition = $5::jsonb, updated_at = now()
         WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [siteId, id, f.name, f.description, JSON.stringify(storable(f.definition))],
      )
      return one(rows)
    },
    async remove(siteId: string, id: string): Promise<Funnel | null> {
      return one(
        await db.query<FunnelRow>(`DELETE FROM funnels WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [
          siteId,
          id,
        ]),
      )
    },
  }
}

export type FunnelsRepository = ReturnType<typeof createFunnelsRepository>

/** The definition as a user would write it again: durations back to `7d`, `30m`. */
export function storable(d: FunnelDefinition): unknown {
  return {
    ...d,
    window: formatDuration(d.window),
    steps: d.steps.map((s) => (s.within === undefined ? s : { ...s, within: formatDuration(s.within) })),
  }
}
