import { randomBytes } from 'node:crypto'
import type { MetaQueryable } from './meta-db.ts'

/** Salts older than this are deleted, so yesterday's visitor ids can never be recomputed. */
export const SALT_RETENTION_HOURS = 48

export function createSaltsRepository(db: MetaQueryable) {
  return {
    /** The salt of a UTC day (`YYYY-MM-DD`), created on first use; concurrent nodes agree. */
    async getOrCreate(day: string): Promise<string> {
      await db.query('INSERT INTO salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [
        day,
        randomBytes(32).toString('hex'),
      ])
      const rows = await db.query<{ salt: string }>('SELECT salt FROM salts WHERE day = $1', [day])
      const salt = rows[0]?.salt
      if (!salt) throw new Error(`salt for ${day} missing after insert`)
      return salt
    },
    /** Deletes salts whose day began 48 h or more before `now`: only today's and yesterday's remain. */
    async deleteExpired(now: Date): Promise<number> {
      const cutoff = new Date(now.getTime() - SALT_RETENTION_HOURS * 3600_000)
      const rows = await db.query<{ day: string }>(
        "DELETE FROM salts WHERE day::timestamp <= ($1::timestamptz AT TIME ZONE 'UTC') RETURNING day::text AS day",
        [cutoff.toISOString()],
      )
      return rows.length
    },
    async listDays(): Promise<string[]> {
      const rows = await db.query<{ day: string }>('SELECT day::text AS day FROM salts ORDER BY day')
      return rows.map((r) => r.day)
    },
  }
}

export type SaltsRepository = ReturnType<typeof createSaltsRepository>
