import { checkGoalInput } from '../goals/check-goal-input.ts'
import { checkGoalList } from '../goals/check-goal-list.ts'
import type { Goal, GoalDefinition } from '../schema/goal.ts'
import { createGoalsRepository, type GoalsRepository } from '../store/meta/goals-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import {
  invalidBody,
  notFound,
  type Path,
  refuseTakenName,
  requireSite,
  withNameConflict,
} from './admin-checks.ts'

export interface GoalImportResult {
  /** How many goals of the input were new, changed, or already stored exactly so. */
  created: number
  updated: number
  unchanged: number
  /** The stored goals, in the order of the input. */
  goals: Goal[]
}

/** Goal management, shared by the HTTP API and the CLI (when no server runs). */
export function createGoalAdmin(db: MetaDb) {
  const goals = createGoalsRepository(db)

  return {
    async listGoals(siteId: string): Promise<Goal[]> {
      await requireSite(db, siteId)
      return goals.list(siteId)
    },
    /** By id, else by name. */
    async getGoal(siteId: string, idOrName: string): Promise<Goal> {
      await requireSite(db, siteId)
      return requireGoal(goals, siteId, idOrName)
    },
    async createGoal(siteId: string, input: unknown): Promise<Goal> {
      const definition = parseGoal(input, [])
      await requireSite(db, siteId)
      await refuseTakenName('goal', await goals.getByName(siteId, definition.name), definition.name, null, [
        'name',
      ])
      return withNameConflict('goal', ['name'], definition.name, () => goals.create(siteId, definition))
    },
    /** Replaces the whole goal (a renamed goal keeps its id). */
    async updateGoal(siteId: string, idOrName: string, input: unknown): Promise<Goal> {
      const definition = parseGoal(input, [])
      await requireSite(db, siteId)
      const current = await requireGoal(goals, siteId, idOrName)
      await refuseTakenName(
        'goal',
        await goals.getByName(siteId, definition.name),
        definition.name,
        current.id,
        ['name'],
      )
      const updated = await withNameConflict('goal', ['name'], definition.name, () =>
        goals.update(siteId, current.id, definition),
      )
      if (!updated) throw notFound('goal', siteId, idOrName)
      return updated
    },
    async removeGoal(siteId: string, idOrName: string): Promise<Goal> {
      await requireSite(db, siteId)
      const current = await requireGoal(goals, siteId, idOrName)
      const removed = await goals.remove(siteId, current.id)
      if (!removed) throw notFound('goal', siteId, idOrName)
      return removed
    },
    /**
     * Creates or replaces goals by name, all in one transaction: one bad goal and nothing is
     * stored. Goals of the site that the input does not name are left alone.
     */
    async importGoals(siteId: string, inputs: unknown): Promise<GoalImportResult> {
      const definitions = parseImport(inputs)
      return db.transaction(async (tx) => {
        await requireSite(tx, siteId)
        const repo = createGoalsRepository(tx)
        const result: GoalImportResult = { created: 0, updated: 0, unchanged: 0, goals: [] }
        for (const [i, definition] of definitions.entries()) {
          const current = await repo.getByName(siteId, definition.name)
          const namePath = ['goals', i, 'name']
          if (!current) {
            result.created += 1
            result.goals.push(
              await withNameConflict('goal', namePath, definition.name, () =>
                repo.create(siteId, definition),
              ),
            )
          } else if (sameDefinition(current, definition)) {
            result.unchanged += 1
            result.goals.push(current)
          } else {
            const updated = await repo.update(siteId, current.id, definition)
            if (!updated) throw notFound('goal', siteId, definition.name)
            result.updated += 1
            result.goals.push(updated)
          }
        }
        return result
      })
    },
  }
}

export type GoalAdmin = ReturnType<typeof createGoalAdmin>

function parseGoal(input: unknown, prefix: Path): GoalDefinition {
  const check = checkGoalInput(input, prefix)
  if (check.ok) return check.definition
  throw invalidBody(check.details)
}

function parseImport(inputs: unknown): GoalDefinition[] {
  const check = checkGoalList(inputs)
  if (check.ok) return check.definitions
  throw invalidBody(check.details)
}

async function requireGoal(goals: GoalsRepository, siteId: string, idOrName: string): Promise<Goal> {
  const goal = (await goals.get(siteId, idOrName)) ?? (await goals.getByName(siteId, idOrName))
  if (!goal) throw notFound('goal', siteId, idOrName)
  return goal
}

function sameDefinition(goal: Goal, definition: GoalDefinition): boolean {
  const { id: _id, siteId: _site, createdAt: _created, updatedAt: _updated, ...stored } = goal
  return stableJson(stored) === stableJson(definition)
}

/** JSON with object keys sorted, so key order never makes two equal definitions differ. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
