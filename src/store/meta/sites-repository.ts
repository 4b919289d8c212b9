import type { MetaQueryable } from './meta-db.ts'
import { randomToken } from './random-token.ts'

export interface Site {
  id: string
  domain: string
  name: string
  timezone: string
  createdAt: string
}

interface SiteRow {
  id: string
  domain: string
  name: string
  timezone: string
  created_at: Date | string
}

const toSite = (r: SiteRow): Site => ({
  id: r.id,
  domain: r.domain,
  name: r.name,
  timezone: r.timezone,
  createdAt: new Date(r.created_at).toISOString(),
})

export function createSitesRepository(db: MetaQueryable) {
  return {
    async create(input: { domain: string; name: string; timezone: string }): Promise<Site> {
      const id = `site_${randomToken(10)}`
      const rows = await db.query<SiteRow>(
        'INSERT INTO sites (id, domain, name, timezone) VALUES ($1, $2, $3, $4) RETURNING *',
        [id, input.domain, input.name, input.timezone],
      )
      const row = rows[0]
      if (!row) throw new Error('site insert returned no row')
      return toSite(row)
    },
    async get(id: string): Promise<Site | null> {
      const rows = await db.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id])
      return rows[0] ? toSite(rows[0]) : null
    },
    async list(): Promise<Site[]> {
      const rows = await db.query<SiteRow>('SELECT * FROM sites ORDER BY created_at, id')
      return rows.map(toSite)
    },
    async count(): Promise<number> {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sites')
      return rows[0]?.n ?? 0
    },
  }
}

export type SitesRepository = ReturnType<typeof createSitesRepository>
