import { useCallback, useEffect, useState } from 'react'
import type { ListMember, VisitorList } from '../../api/api-types.ts'
import { ErrorNote, Loading } from '../../components/states.tsx'
import { formatCount } from '../../format/format.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'

/** Members per page; the CSV has them all. */
export const MEMBERS_PAGE = 20

/** One list's people, page after page in the list's own order, and its CSV. */
export function ListMembers({ list }: { list: VisitorList }) {
  const api = useApi()
  const { site } = useCurrentSite()
  const [members, setMembers] = useState<ListMember[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<Error | null>(null)

  const load = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      setLoading(true)
      setError(null)
      try {
        const page = await api.visitorLists.members(
          site.id,
          list.id,
          { limit: MEMBERS_PAGE, cursor: after },
          signal,
        )
        setMembers((m) => (after ? [...m, ...page.members] : page.members))
        setCursor(page.nextCursor)
      } catch (err) {
        if (signal?.aborted) return
        setError(err instanceof Error ? err : new Error(String(err)))
      } finally {
        if (!signal?.aborted) setLoading(false)
      }
    },
    [api, site.id, list.id],
  )

  useEffect(() => {
    const controller = new AbortController()
    void load(null, controller.signal)
    return () => controller.abort()
  }, [load])

  return (
    <section className="card" aria-labelledby="members-title" data-testid="list-members">
      <div className="card-head">
        <h2 id="members-title">
          {list.name} <span className="muted">· {formatCount(list.size)} people</span>
        </h2>
        <a href={api.visitorLists.csvUrl(site.id, list.id)} download={`${list.name}.csv`} className="button">
          Download CSV
        </a>
      </div>
      {members.length > 0 ? (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Visitor</th>
                <th scope="col">User</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m, i) => (
                <tr key={m.person} data-testid="member">
                  <td className="num muted">{formatCount(i + 1)}</td>
                  <td>
                    <code>{m.visitorId}</code>
                  </td>
                  <td>{m.userId ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="members-shown">
            {formatCount(members.length)} of {formatCount(list.size)} shown
          </p>
        </>
      ) : !loading && !error ? (
        <p className="muted">Nobody is in this list.</p>
      ) : null}
      {error ? <ErrorNote error={error} onRetry={() => void load(members.length ? cursor : null)} /> : null}
      {loading ? <Loading label="Loading people…" /> : null}
      {cursor && !loading ? (
        <button type="button" className="button-quiet" onClick={() => void load(cursor)}>
          Load more
        </button>
      ) : null}
    </section>
  )
}
