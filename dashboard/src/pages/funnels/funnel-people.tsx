import { type FormEvent, useEffect, useState } from 'react'
import type { FunnelDefinitionInput, FunnelPerson, FunnelReport, VisitorList } from '../../api/api-types.ts'
import { ErrorNote, Loading } from '../../components/states.tsx'
import { formatCount, formatDateTime, formatDuration } from '../../format/format.ts'
import type { Period } from '../../period/period.ts'
import { Link } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'

const PAGE = 25

/**
 * The people who dropped after a step (or completed it), latest first, page by page; saved as a
 * visitor list for export or retargeting.
 */
export function FunnelPeople({
  definition,
  funnelId,
  period,
  report,
}: {
  definition: FunnelDefinitionInput
  /** The saved funnel the definition is, unchanged; a list saved from it then names it. */
  funnelId: string | null
  period: Period
  report: FunnelReport
}) {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const lastRequired = report.steps.length
  const [step, setStep] = useState(report.bottleneck?.afterStep ?? 1)
  const [status, setStatus] = useState<'dropped' | 'completed'>('dropped')
  const [people, setPeople] = useState<FunnelPerson[]>([])
  const [total, setTotal] = useState<number | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const [listName, setListName] = useState('')
  const [saved, setSaved] = useState<VisitorList | null>(null)
  const definitionText = JSON.stringify(definition)
  const canDrop = step < lastRequired

  useEffect(() => {
    setStep(report.bottleneck?.afterStep ?? 1)
  }, [report.bottleneck?.afterStep])

  const effectiveStatus = canDrop ? status : 'completed'
  // biome-ignore lint/correctness/useExhaustiveDependencies: the definition is compared by its text
  useEffect(() => {
    const controller = new AbortController()
    setPeople([])
    setTotal(null)
    setCursor(null)
    setSaved(null)
    setError(null)
    setLoading(true)
    api.reports
      .funnelPeople(
        site.id,
        { definition, from: period.from, to: period.to, step, status: effectiveStatus, limit: PAGE },
        controller.signal,
      )
      .then(
        (page) => {
          setPeople(page.people)
          setTotal(page.total)
          setCursor(page.nextCursor)
          setLoading(false)
        },
        (err: unknown) => {
          if (controller.signal.aborted) return
          setError(err instanceof Error ? err : new Error(String(err)))
          setLoading(false)
        },
      )
    return () => controller.abort()
  }, [api, site.id, definitionText, period.from, period.to, step, effectiveStatus])

  const more = async () => {
    if (!cursor) return
    setLoading(true)
    try {
      const page = await api.reports.funnelPeople(site.id, {
        definition,
        from: period.from,
        to: period.to,
        step,
        status: effectiveStatus,
        limit: PAGE,
        cursor,
      })
      setPeople((p) => [...p, ...page.people])
      setCursor(page.nextCursor)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setLoading(false)
    }
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      const { visitorList } = await api.visitorLists.save(site.id, {
        name: listName.trim(),
        funnel: {
          ...(funnelId ? { funnel: funnelId } : { definition }),
          from: period.from,
          to: period.to,
          step,
          status: effectiveStatus,
        },
      })
      setSaved(visitorList)
      setListName('')
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <section className="card" aria-labelledby="people-title" data-testid="funnel-people">
      <div className="card-head">
        <h2 id="people-title">People</h2>
        <div className="row">
          <select
            aria-label="Who"
            value={effectiveStatus}
            onChange={(e) => setStatus(e.target.value as 'dropped' | 'completed')}
          >
            <option value="dropped" disabled={!canDrop}>
              who dropped after
            </option>
            <option value="completed">who completed</option>
          </select>
          <select aria-label="Step" value={step} onChange={(e) => setStep(Number(e.target.value))}>
            {report.steps.map((s) => (
              <option key={s.step} value={s.step}>
                step {s.step}: {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {total !== null ? (
        <p className="muted" data-testid="people-total">
          {formatCount(total)} {total === 1 ? 'person' : 'people'}
        </p>
      ) : null}
      {people.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Visitor</th>
              <th scope="col">User</th>
              <th scope="col">Entered</th>
              <th scope="col" className="num">
                Furthest step
              </th>
              <th scope="col">Last events</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.person}>
                <th scope="row">
                  <code title={p.visitorIds.join(', ')}>{p.visitorId.slice(0, 12)}</code>
                  {p.visitorIds.length > 1 ? (
                    <span className="muted"> +{p.visitorIds.length - 1}</span>
                  ) : null}
                </th>
                <td>{p.userId ?? '–'}</td>
                <td>{formatDateTime(p.enteredAt)}</td>
                <td className="num">
                  {p.furthestStep}
                  {p.converted ? ` ✓ ${formatDuration(p.timeToConvertSeconds)}` : ''}
                </td>
                <td className="last-events">
                  {p.lastEvents
                    .slice(0, 3)
                    .map((e) => (e.type === 'page' ? e.path : e.name))
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !loading && total === 0 ? (
        <p className="muted">Nobody in this period.</p>
      ) : null}
      {loading ? <Loading label="Loading people…" /> : null}
      {cursor && !loading ? (
        <button type="button" className="button-quiet" onClick={() => void more()}>
          Load more
        </button>
      ) : null}
      {can('edit') && total ? (
        <form className="row save-list" onSubmit={save}>
          <input
            aria-label="Visitor list name"
            className="grow"
            placeholder="Name of the visitor list"
            required
            value={listName}
            onChange={(e) => setListName(e.target.value)}
          />
          <button type="submit">Save as visitor list</button>
        </form>
      ) : null}
      {saved ? (
        <p className="notice" role="status" data-testid="list-saved">
          Saved “{saved.name}” with {formatCount(saved.size)} {saved.size === 1 ? 'person' : 'people'}.{' '}
          <Link to={`/visitor-lists/${encodeURIComponent(saved.id)}`}>Open the list</Link>
        </p>
      ) : null}
    </section>
  )
}
