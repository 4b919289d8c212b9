import { useEffect, useMemo, useState } from 'react'
import type { Funnel, FunnelDefinitionInput, FunnelReport, Goal } from '../../api/api-types.ts'
import { PeriodPicker } from '../../components/period-picker.tsx'
import { AsyncView, Empty, ErrorNote, Loading } from '../../components/states.tsx'
import { useDebounced, useResource } from '../../lib/use-resource.ts'
import { usePeriod } from '../../period/use-period.ts'
import { Link, navigate } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { FunnelBuilder } from './funnel-builder.tsx'
import {
  emptyFunnel,
  type FunnelDraft,
  fromFunnel,
  runnable,
  toDefinition,
  toFunnelInput,
} from './funnel-draft.ts'
import { FunnelPeople } from './funnel-people.tsx'
import { FunnelReportView } from './funnel-report.tsx'

const search = () => new URLSearchParams(window.location.search).toString()

/** Saved funnels beside the builder; the report follows the builder as it changes. */
export function FunnelsPage({ params }: { params: Record<string, string> }) {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const funnels = useResource<Funnel[]>(() => api.funnels.list(site.id).then((r) => r.funnels), [site.id])
  const goals = useResource<Goal[]>(() => api.goals.list(site.id).then((r) => r.goals), [site.id])
  const funnelId = params.funnel ?? null
  const isNew = funnelId === null && window.location.pathname.endsWith('/new')
  const selected = funnelId ? (funnels.data?.find((f) => f.id === funnelId) ?? null) : null

  return (
    <div className="page">
      <div className="page-head">
        <h1>Funnels</h1>
        <PeriodPicker />
        {can('edit') ? (
          <Link to="/funnels/new" className="button button-primary" data-testid="new-funnel">
            New funnel
          </Link>
        ) : null}
      </div>
      <div className="funnels-layout">
        <nav className="card funnel-list" aria-label="Saved funnels">
          <h2>Saved</h2>
          <AsyncView
            resource={funnels}
            isEmpty={(f) => f.length === 0}
            empty={<p className="muted">No saved funnels yet.</p>}
          >
            {(list) => (
              <ul>
                {list.map((f) => (
                  <li key={f.id}>
                    <Link
                      to={`/funnels/${encodeURIComponent(f.id)}`}
                      aria-current={f.id === funnelId ? 'page' : undefined}
                    >
                      {f.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </AsyncView>
        </nav>
        <div className="funnel-main">
          {goals.status === 'error' ? (
            <ErrorNote error={goals.error} onRetry={goals.reload} />
          ) : funnelId && funnels.status === 'error' ? (
            <ErrorNote error={funnels.error} onRetry={funnels.reload} />
          ) : funnelId && funnels.status === 'ready' && !selected ? (
            <ErrorNote error={new Error(`There is no saved funnel ${funnelId} on this site`)} />
          ) : goals.data === null || (funnelId && !selected) ? (
            <Loading />
          ) : funnelId || isNew ? (
            <FunnelWorkbench
              key={selected?.id ?? 'new'}
              funnel={selected}
              goals={goals.data}
              onSaved={(f) => {
                funnels.reload()
                navigate(`/funnels/${encodeURIComponent(f.id)}?${search()}`)
              }}
              onDeleted={() => {
                funnels.reload()
                navigate(`/funnels?${search()}`)
              }}
            />
          ) : (
            <Empty title="Choose a funnel">
              Pick a saved funnel, or{' '}
              {can('edit') ? <Link to="/funnels/new">build a new one</Link> : 'ask an editor to build one'}{' '}
              from goals, events or pages.
            </Empty>
          )}
        </div>
      </div>
    </div>
  )
}

function FunnelWorkbench({
  funnel,
  goals,
  onSaved,
  onDeleted,
}: {
  funnel: Funnel | null
  goals: Goal[]
  onSaved: (f: Funnel) => void
  onDeleted: () => void
}) {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const { period } = usePeriod()
  const editable = can('edit')
  const [draft, setDraft] = useState<FunnelDraft>(() => (funnel ? fromFunnel(funnel) : emptyFunnel()))
  const [saveError, setSaveError] = useState<Error | null>(null)
  const [busy, setBusy] = useState(false)

  const definitionText = useDebounced(runnable(draft) ? JSON.stringify(toDefinition(draft)) : '', 500)
  const definition = useMemo(
    () => (definitionText ? (JSON.parse(definitionText) as FunnelDefinitionInput) : null),
    [definitionText],
  )
  // While the builder shows the saved funnel unchanged, a visitor list saved from it names it.
  const savedText = useMemo(
    () => (funnel ? JSON.stringify(toDefinition(fromFunnel(funnel))) : null),
    [funnel],
  )
  const unchangedId = funnel && definitionText === savedText ? funnel.id : null
  const report = useResource<FunnelReport>(
    (signal) =>
      definition
        ? api.reports.funnel(
            site.id,
            {
              definition,
              from: period.from,
              to: period.to,
              interval: 'day',
              compare: period.compare ? 'previous' : 'none',
            },
            signal,
          )
        : null,
    [definitionText, site.id, period.from, period.to, period.compare],
  )

  useEffect(() => {
    document.title = `${funnel?.name ?? 'New funnel'} · Stepwise`
  }, [funnel])

  const save = async () => {
    setBusy(true)
    setSaveError(null)
    try {
      const input = toFunnelInput(draft)
      const saved = funnel
        ? await api.funnels.update(site.id, funnel.id, input)
        : await api.funnels.create(site.id, input)
      onSaved(saved.funnel)
    } catch (err) {
      setSaveError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!funnel || !window.confirm(`Delete the saved funnel “${funnel.name}”?`)) return
    try {
      await api.funnels.remove(site.id, funnel.id)
      onDeleted()
    } catch (err) {
      setSaveError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <>
      <div className="card funnel-title">
        {editable ? (
          <div className="row wrap">
            <input
              aria-label="Funnel name"
              className="grow"
              placeholder="Name, to save this funnel"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
            <button
              type="button"
              className="button-primary"
              disabled={busy || !draft.name.trim()}
              onClick={() => void save()}
            >
              {funnel ? 'Save changes' : 'Save funnel'}
            </button>
            {funnel ? (
              <button type="button" className="button-danger" onClick={() => void remove()}>
                Delete
              </button>
            ) : null}
          </div>
        ) : (
          <>
            <h2>{funnel?.name}</h2>
            <p className="notice" data-testid="read-only-notice">
              You can explore this funnel; saving changes needs the editor or admin role.
            </p>
          </>
        )}
        {funnel?.description ? <p className="muted">{funnel.description}</p> : null}
        {saveError ? <ErrorNote error={saveError} /> : null}
      </div>
      <FunnelBuilder draft={draft} onChange={setDraft} goals={goals} disabled={false} />
      {!definition ? (
        <Empty title="Add at least two complete steps">Each step is a goal, an event or a page.</Empty>
      ) : (
        <AsyncView resource={report} loadingLabel="Running the funnel…">
          {(r) => (
            <>
              <FunnelReportView report={r} />
              <FunnelPeople definition={definition} funnelId={unchangedId} period={period} report={r} />
            </>
          )}
        </AsyncView>
      )}
    </>
  )
}
