import type { ClickHouseClient } from '@clickhouse/client'
import { saveFunnelPeople } from '../reports/funnel/funnel-people.ts'
import { runQuery } from '../reports/query.ts'
import { AppError } from '../schema/app-error.ts'
import { checkInput } from '../schema/check-input.ts'
import { visitorListInputSchema } from '../schema/funnel.ts'
import { storable } from '../store/meta/funnels-repository.ts'
import { createGoalsRepository } from '../store/meta/goals-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { createVisitorListsRepository, type VisitorList } from '../store/meta/visitor-lists-repository.ts'
import { invalidBody, notFound, refuseTakenName, requireSite, withNameConflict } from './admin-checks.ts'
import type { FunnelAdmin } from './funnel-admin.ts'

export interface ListMember {
  person: string
  visitorId: string
  userId: string | null
}

/**
 * Saved visitor lists: the record in the metadata store, the members in the event store beside
 * the events (so reports and exports join them there).
 */
export function createVisitorListAdmin(deps: {
  meta: MetaDb
  events: ClickHouseClient
  funnelAdmin: FunnelAdmin
  now?: () => Date
}) {
  const { meta, events } = deps
  const lists = createVisitorListsRepository(meta)
  /** The site must exist, and the list (by id, else by name) on it. */
  const require = async (siteId: string, idOrName: string): Promise<VisitorList> => {
    await requireSite(meta, siteId)
    const list = await lists.find(siteId, idOrName)
    if (!list) throw notFound('visitor list', siteId, idOrName)
    return list
  }
  const dropMembers = (siteId: string, listId: string) =>
    events.command({
      query: 'DELETE FROM visitor_list_members WHERE site_id = {site:String} AND list_id = {list_id:String}',
      query_params: { site: siteId, list_id: listId },
    })

  return {
    async listLists(siteId: string): Promise<VisitorList[]> {
      await requireSite(meta, siteId)
      return lists.list(siteId)
    },
    async getList(siteId: string, idOrName: string): Promise<VisitorList> {
      return require(siteId, idOrName)
    },
    /** A page of members in person-key order; `after` is the last person key of the page before. */
    async members(
      siteId: string,
      idOrName: string,
      limit: number,
      after: string | undefined,
    ): Promise<{ list: VisitorList; members: ListMember[]; nextCursor: string | null }> {
      const list = await require(siteId, idOrName)
      const rows = await runQuery<{ person: string; visitor_id: string; user_id: string }>(events, {
        query: `${membersSql(after !== undefined)}
          LIMIT {limit:UInt32}`,
        params: { site: siteId, list_id: list.id, limit: limit + 1, ...(after ? { after } : {}) },
      })
      const page = rows.slice(0, limit)
      return {
        list,
        members: page.map((r) => ({ person: r.person, visitorId: r.visitor_id, userId: r.user_id || null })),
        nextCursor: rows.length > limit ? (page.at(-1)?.person ?? null) : null,
      }
    },
    /** Every member as CSV (`person,visitor_id,user_id`), streamed from the event store. */
    async membersCsv(
      siteId: string,
      idOrName: string,
    ): Promise<{ list: VisitorList; body: ReadableStream<Uint8Array> }> {
      const list = await require(siteId, idOrName)
      const result = await events.query({
        query: membersSql(false),
        query_params: { site: siteId, list_id: list.id },
        format: 'CSVWithNames',
      })
      const batches = (result.stream() as AsyncIterable<Array<{ text: string }>>)[Symbol.asyncIterator]()
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await batches.next()
          if (next.done) controller.close()
          else controller.enqueue(encoder.encode(next.value.map((r) => `${r.text}\n`).join('')))
        },
        cancel() {
          result.close()
        },
      })
      return { list, body }
    },
    async removeList(siteId: string, idOrName: string): Promise<VisitorList> {
      const list = await require(siteId, idOrName)
      await dropMembers(siteId, list.id)
      const removed = await lists.remove(siteId, list.id)
      if (!removed) throw notFound('visitor list', siteId, idOrName)
      return removed
    },
    /**
     * Saves the people a funnel selects (completed step k, or dropped after it, in a period) as a
     * named list. The record is created first (it claims the name), then the members are stored
     * in one statement; if that fails, neither is kept.
     */
    async saveFromFunnel(siteId: string, input: unknown): Promise<VisitorList> {
      const check = checkInput(visitorListInputSchema, input)
      if (!check.ok) throw invalidBody(check.details)
      const { name, funnel: source } = check.data
      const site = await requireSite(meta, siteId)
      const resolved = await prefixed('funnel', () => deps.funnelAdmin.resolve(siteId, source))
      const goals = await createGoalsRepository(meta).list(siteId)
      const holder = await lists.find(siteId, name)
      await refuseTakenName('visitor list', holder?.name === name ? holder : null, name, null, ['name'])
      const filter = { step: source.step, status: source.status }
      const list = await withNameConflict('visitor list', ['name'], name, () =>
        lists.create(siteId, name, { kind: 'funnel', ...filter }),
      )
      let saved: Awaited<ReturnType<typeof saveFunnelPeople>>
      try {
        saved = await prefixed('funnel', () =>
          saveFunnelPeople(events, {
            site,
            definition: resolved.definition,
            goals,
            from: source.from,
            to: source.to,
            visitorListId: resolved.visitorListId,
            now: deps.now?.() ?? new Date(),
            filter,
            listId: list.id,
          }),
        )
      } catch (err) {
        await dropMembers(siteId, list.id).catch(() => undefined)
        await lists.remove(siteId, list.id)
        if (err instanceof AppError) throw err
        throw new AppError('store_unavailable', 'The event store could not save the list; nothing was kept', [
          { reason: err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'store error' },
        ])
      }
      const completed = await lists.complete(siteId, list.id, saved.size, {
        kind: 'funnel',
        ...(resolved.funnel
          ? { funnel: resolved.funnel.id, funnelName: resolved.funnel.name }
          : { definition: storable(resolved.definition) }),
        ...filter,
        from: saved.period.from,
        to: saved.period.to,
        timezone: saved.period.timezone,
      })
      if (!completed) throw notFound('visitor list', siteId, list.id)
      return completed
    },
  }
}

export type VisitorListAdmin = ReturnType<typeof createVisitorListAdmin>

/** A list's members in person-key order, one row per person (`after`: past the {after} key). */
function membersSql(after: boolean): string {
  return `SELECT toString(person_key) AS person, any(visitor_id) AS visitor_id, any(user_id) AS user_id
    FROM visitor_list_members
    WHERE site_id = {site:String} AND list_id = {list_id:String}${after ? ' AND person_key > {after:UInt64}' : ''}
    GROUP BY person_key
    ORDER BY person_key`
}

/** Problems of a nested part of a body, named from that part (`funnel.definition.steps.0`). */
async function prefixed<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err
    const details = err.details.map((d) => ({ ...d, field: d.field ? `${prefix}.${d.field}` : prefix }))
    const first = details[0]
    throw new AppError('invalid_body', first ? `${first.field} ${first.reason}` : err.message, details)
  }
}
