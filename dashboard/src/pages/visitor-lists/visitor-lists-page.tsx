import { useEffect, useState } from 'react'
import type { VisitorList } from '../../api/api-types.ts'
import { AsyncView, Empty, ErrorNote } from '../../components/states.tsx'
import { formatCount, formatDateTime } from '../../format/format.ts'
import { useResource } from '../../lib/use-resource.ts'
import { Link, navigate } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { ListMembers } from './list-members.tsx'
import { describeListSource } from './list-source.ts'

const search = () => new URLSearchParams(window.location.search).toString()

/**
 * The site's saved visitor lists (saved from a funnel's people): size, source and date; one
 * list's members page by page, its CSV, and for editors its deletion.
 */
export function VisitorListsPage({ params }: { params: Record<string, string> }) {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const lists = useResource<VisitorList[]>(
    () => api.visitorLists.list(site.id).then((r) => r.visitorLists),
    [site.id],
  )
  const [error, setError] = useState<Error | null>(null)
  const [removed, setRemoved] = useState<string | null>(null)
  const listId = params.list ?? null
  const selected = listId ? (lists.data?.find((l) => l.id === listId) ?? null) : null

  useEffect(() => {
    document.title = `${selected ? selected.name : 'Visitor lists'} · Stepwise`
  }, [selected])

  const remove = async (list: VisitorList) => {
    if (!window.confirm(`Delete the visitor list “${list.name}” (${formatCount(list.size)} people)?`)) return
    setError(null)
    setRemoved(null)
    try {
      await api.visitorLists.remove(site.id, list.id)
      setRemoved(`Deleted “${list.name}”.`)
      lists.reload()
      if (list.id === listId) navigate(`/visitor-lists?${search()}`)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Visitor lists</h1>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {removed ? (
        <p className="notice" role="status">
          {removed}
        </p>
      ) : null}
      <section className="card" aria-labelledby="lists-title">
        <h2 id="lists-title">Saved lists</h2>
        <AsyncView
          resource={lists}
          isEmpty={(l) => l.length === 0}
          empty={
            <Empty title="No visitor lists yet">
              A list keeps the people of a funnel step (who dropped after it, or who completed it) for export
              or a later report: open a funnel and use “Save as visitor list” under People.{' '}
              <Link to="/funnels">Go to funnels</Link>
            </Empty>
          }
        >
          {(all) => (
            <table className="table" data-testid="visitor-lists">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    People
                  </th>
                  <th scope="col">Source</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {all.map((list) => {
                  const source = describeListSource(list.source)
                  return (
                    <tr
                      key={list.id}
                      data-testid="visitor-list-row"
                      data-list-name={list.name}
                      aria-current={list.id === listId ? 'true' : undefined}
                    >
                      <th scope="row">
                        <Link to={`/visitor-lists/${encodeURIComponent(list.id)}`}>{list.name}</Link>
                      </th>
                      <td className="num" data-testid="list-size" data-value={list.size}>
                        {formatCount(list.size)}
                      </td>
                      <td>
                        {source.funnelId ? (
                          <Link
                            to={`/funnels/${encodeURIComponent(source.funnelId)}${
                              source.period
                                ? `?range=custom&from=${source.period.from}&to=${source.period.to}`
                                : ''
                            }`}
                          >
                            {source.text}
                          </Link>
                        ) : (
                          source.text
                        )}
                      </td>
                      <td>{formatDateTime(list.createdAt)}</td>
                      <td className="actions-cell">
                        <a
                          href={api.visitorLists.csvUrl(site.id, list.id)}
                          download={`${list.name}.csv`}
                          data-testid="list-csv"
                        >
                          CSV
                        </a>
                        {can('edit') ? (
                          <button
                            type="button"
                            className="button-quiet danger"
                            onClick={() => void remove(list)}
                          >
                            Delete
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
        </AsyncView>
      </section>
      {listId && lists.status === 'ready' && !selected ? (
        <ErrorNote error={new Error(`There is no visitor list ${listId} on this site`)} />
      ) : selected ? (
        <ListMembers key={selected.id} list={selected} />
      ) : lists.data && lists.data.length > 0 ? (
        <Empty title="Choose a list">Pick a list to see its people.</Empty>
      ) : null}
    </div>
  )
}
