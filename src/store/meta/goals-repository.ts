import { type Goal, type GoalDefinition, goalInputSchema } from '../../schema/goal.ts'
import type { MetaQueryable } from './meta-db.ts'
import { randomToken } from './random-token.ts'
import { reparse } from './reparse.ts'

interface GoalRow {
  id: string
  site_id: string
  definition: unknown
  created_at: Date | string
  updated_at: Date | string
}

const toGoal = (r: GoalRow): Goal => ({
  id: r.id,
  siteId: r.site_id,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  ...reparse(goalInputSchema, r.definition),
})

const COLUMNS = 'id, site_id, definition, created_at, updated_at'

/** True when `err` is a unique-constraint violation (pg and PGlite both report SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'
}

/**
 * Goals of a site. Definitions are validated before they get here; every value travels as a
 * parameter. Listings are in creation order (goals imported together keep the order of the
 * input), which keeps exported files stable.
 */
export function createGoalsRepository(db: MetaQueryable) {
  return {
    async list(siteId: string): Promise<Goal[]> {
      const rows = await db.query<GoalRow>(`SELECT ${COLUMNS} FROM goals WHERE site_id = $1 ORDER BY seq`, [
        siteId,
      ])
      return rows.map(toGoal)
    },
    async get(siteId: string, id: string): Promise<Goal | null> {
      const rows = await db.query<GoalRow>(`SELECT ${COLUMNS} FROM goals WHERE site_id = $1 AND id = $2`, [
        siteId,
        id,
      ])
      return rows[0] ? toGoal(rows[0]) : null
    },
    async getByName(siteId: string, name: string): Promise<Goal | null> {
      const rows = await db.query<GoalRow>(`SELECT ${COLUMNS} FROM goals WHERE site_id = $1 AND name = $2`, [
        siteId,
        name,
      ])
      return rows[0] ? toGoal(rows[0]) : null
    },
    /** Throws a unique violation (see `isUniqueViolation`) when the site has a goal of that name. */
    async create(siteId: string, definition: GoalDefinition): Promise<Goal> {
      const rows = await db.query<GoalRow>(
        `INSERT INTO goals (id, site_id, name, kind, definition, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, now(), now()) RETURNING ${COLUMNS}`,
        [`goal_${randomToken(12)}`, siteId, definition.name, definition.kind, JSON.stringify(definition)],
      )
      const row = rows[0]
      if (!row) throw new Error('goal insert returned no row')
      return toGoal(row)
    },
    /** Replaces the whole definition; null when the site has no goal of that id. */
    async update(siteId: string, id: string, definition: GoalDefinition): Promise<Goal | null> {
      const rows = await db.query<GoalRow>(
        `UPDATE goals SET name = $3, kind = $4, definition = $5::jsonb, updated_at = now()
         WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [siteId, id, definition.name, definition.kind, JSON.stringify(definition)],
      )
      return rows[0] ? toGoal(rows[0]) : null
    },
    async remove(siteId: string, id: string): Promise<Goal | null> {
      const rows = await db.query<GoalRow>(
        `DELETE FROM goals WHERE site_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [siteId, id],
      )
      return rows[0] ? toGoal(rows[0]) : null
    },
  }
}

export type GoalsRepository = ReturnType<typeof createGoalsRepository>
