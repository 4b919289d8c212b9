import { planFunnel } from '../reports/funnel/compile-funnel.ts'
import { AppError } from '../schema/app-error.ts'
import { checkInput } from '../schema/check-input.ts'
import {
  type Funnel,
  type FunnelDefinition,
  funnelDefinitionSchema,
  funnelInputSchema,
} from '../schema/funnel.ts'
import { createFunnelsRepository, type FunnelFields } from '../store/meta/funnels-repository.ts'
import { createGoalsRepository } from '../store/meta/goals-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { createVisitorListsRepository } from '../store/meta/visitor-lists-repository.ts'
import { invalidBody, notFound, refuseTakenName, requireSite, withNameConflict } from './admin-checks.ts'

/** Saved funnels of a site, shared by the HTTP API and the CLI. */
export function createFunnelAdmin(db: MetaDb) {
  const funnels = createFunnelsRepository(db)
  const goals = createGoalsRepository(db)

  /** Parses a funnel as written and checks that every goal it names exists on the site. */
  const parse = async (siteId: string, input: unknown): Promise<FunnelFields> => {
    const check = checkInput(funnelInputSchema, input)
    if (!check.ok) throw invalidBody(check.details)
    await checkGoals(siteId, check.data.definition)
    return check.data
  }
  const checkGoals = async (siteId: string, definition: FunnelDefinition, prefix = 'definition') => {
    try {
      planFunnel(definition, await goals.list(siteId))
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      throw invalidBody(
        err.details.map((d) => ({
          field: (d.field ?? 'definition').replace(/^definition/, prefix),
          reason: d.reason,
        })),
      )
    }
  }
  /** `find` also matches ids; a name is taken only by a funnel of that name. */
  const byName = async (siteId: string, name: string): Promise<Funnel | null> => {
    const funnel = await funnels.find(siteId, name)
    return funnel?.name === name ? funnel : null
  }
  const require = async (siteId: string, idOrName: string): Promise<Funnel> => {
    const funnel = await funnels.find(siteId, idOrName)
    if (!funnel) throw notFound('funnel', siteId, idOrName)
    return funnel
  }

  return {
    async listFunnels(siteId: string): Promise<Funnel[]> {
      await requireSite(db, siteId)
      return funnels.list(siteId)
    },
    /** By id, else by name. */
    async getFunnel(siteId: string, idOrName: string): Promise<Funnel> {
      await requireSite(db, siteId)
      return require(siteId, idOrName)
    },
    async createFunnel(siteId: string, input: unknown): Promise<Funnel> {
      await requireSite(db, siteId)
      const fields = await parse(siteId, input)
      await refuseTakenName('funnel', await byName(siteId, fields.name), fields.name, null, ['name'])
      return withNameConflict('funnel', ['name'], fields.name, () => funnels.create(siteId, fields))
    },
    /** Replaces the whole funnel (a renamed funnel keeps its id). */
    async updateFunnel(siteId: string, idOrName: string, input: unknown): Promise<Funnel> {
      await requireSite(db, siteId)
      const current = await require(siteId, idOrName)
      const fields = await parse(siteId, input)
      await refuseTakenName('funnel', await byName(siteId, fields.name), fields.name, current.id, ['name'])
      const updated = await withNameConflict('funnel', ['name'], fields.name, () =>
        funnels.update(siteId, current.id, fields),
      )
      if (!updated) throw notFound('funnel', siteId, idOrName)
      return updated
    },
    async removeFunnel(siteId: string, idOrName: string): Promise<Funnel> {
      await requireSite(db, siteId)
      const current = await require(siteId, idOrName)
      const removed = await funnels.remove(siteId, current.id)
      if (!removed) throw notFound('funnel', siteId, idOrName)
      return removed
    },
    /**
     * What a report evaluates: a saved funnel (by id or name) or an inline definition, parsed
     * here so its problems are named `definition.…`.
     */
    async resolve(
      siteId: string,
      request: { funnel?: string | undefined; definition?: unknown; visitorList?: string | undefined },
    ): Promise<{ funnel: Funnel | null; definition: FunnelDefinition; visitorListId?: string }> {
      let visitorListId: string | undefined
      if (request.visitorList !== undefined) {
        const list = await createVisitorListsRepository(db).find(siteId, request.visitorList)
        if (!list)
          throw new AppError(
            'invalid_parameter',
            `visitorList names "${request.visitorList}", which is not a saved visitor list`,
            [{ field: 'visitorList', reason: `"${request.visitorList}" is not a visitor list of this site` }],
          )
        visitorListId = list.id
      }
      const withList = <T extends object>(r: T) => (visitorListId ? { ...r, visitorListId } : r)
      if (request.funnel !== undefined) {
        const funnel = await funnels.find(siteId, request.funnel)
        if (!funnel)
          throw new AppError(
            'invalid_parameter',
            `funnel names "${request.funnel}", which is not a saved funnel`,
            [{ field: 'funnel', reason: `"${request.funnel}" is not a saved funnel of this site` }],
          )
        return withList({ funnel, definition: funnel.definition })
      }
      const check = checkInput(funnelDefinitionSchema, request.definition, ['definition'])
      if (!check.ok) {
        const first = check.details[0]
        throw new AppError(
          'invalid_parameter',
          first ? `${first.field} ${first.reason}` : undefined,
          check.details.map(({ field, reason }) => ({ field, reason })),
        )
      }
      return withList({ funnel: null, definition: check.data })
    },
  }
}

export type FunnelAdmin = ReturnType<typeof createFunnelAdmin>
