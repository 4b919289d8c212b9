import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { COUNTING_RULES, GOAL_KINDS } from '../../../../src/schema/choices.ts'
import type { Goal } from '../../api/api-types.ts'
import { ApiError } from '../../api/http.ts'
import { PeriodPicker } from '../../components/period-picker.tsx'
import { ErrorNote, Loading } from '../../components/states.tsx'
import { COUNTING_LABELS } from '../../lib/option-labels.ts'
import { useResource } from '../../lib/use-resource.ts'
import { usePeriod } from '../../period/use-period.ts'
import { Link, navigate } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { emptyGoal, fromGoal, type GoalDraft, previewable, toGoalInput, toMatch } from './goal-draft.ts'
import { GoalPreviewPanel } from './goal-preview-panel.tsx'
import { MatchEditor } from './match-editor.tsx'

/** Create a goal (`/goals/new`) or read and change one (`/goals/:goal`), with a live preview. */
export function GoalEditorPage({ params }: { params: Record<string, string> }) {
  const api = useApi()
  const { site } = useCurrentSite()
  const goalId = params.goal ?? null
  const existing = useResource<Goal | null>(
    () => (goalId ? api.goals.get(site.id, goalId).then((r) => r.goal) : Promise.resolve(null)),
    [site.id, goalId],
  )
  if (existing.status === 'error')
    return (
      <div className="page">
        <ErrorNote error={existing.error} onRetry={existing.reload} />
        <Link to="/goals">Back to goals</Link>
      </div>
    )
  if (existing.status === 'loading')
    return (
      <div className="page">
        <Loading />
      </div>
    )
  return <GoalForm key={existing.data?.id ?? 'new'} goal={existing.data} />
}

function GoalForm({ goal }: { goal: Goal | null }) {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const { period } = usePeriod()
  const editable = can('edit')
  const [draft, setDraft] = useState<GoalDraft>(() => (goal ? fromGoal(goal) : emptyGoal()))
  const [error, setError] = useState<Error | null>(null)
  const [busy, setBusy] = useState(false)
  const match = useMemo(() => toMatch(draft.match), [draft.match])

  useEffect(() => {
    document.title = `${goal ? goal.name : 'New goal'} · Stepwise`
  }, [goal])

  const set = <K extends keyof GoalDraft>(key: K, value: GoalDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const input = toGoalInput(draft)
      if (goal) await api.goals.update(site.id, goal.id, input)
      else await api.goals.create(site.id, input)
      navigate(`/goals?${new URLSearchParams(window.location.search).toString()}`)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!goal || !window.confirm(`Delete the goal “${goal.name}”? Reports will no longer show it.`)) return
    setBusy(true)
    try {
      await api.goals.remove(site.id, goal.id)
      navigate(`/goals?${new URLSearchParams(window.location.search).toString()}`)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }

  const fieldError = (field: string) =>
    error instanceof ApiError ? error.details.find((d) => d.field === field)?.reason : undefined

  return (
    <div className="page">
      <div className="page-head">
        <h1>
          <Link to="/goals" className="crumb">
            Goals
          </Link>{' '}
          / {goal ? goal.name : 'New goal'}
        </h1>
        <PeriodPicker />
      </div>
      {!editable ? (
        <p className="notice" data-testid="read-only-notice">
          You can view this goal. Changing goals needs the editor or admin role on this site.
        </p>
      ) : null}
      <div className="editor-layout">
        <form className="card goal-form" onSubmit={save} aria-label="Goal">
          <fieldset disabled={!editable || busy}>
            <label>
              Name
              <input
                name="name"
                required
                value={draft.name}
                onChange={(e) => set('name', e.target.value)}
                aria-invalid={fieldError('name') ? true : undefined}
              />
              {fieldError('name') ? <span className="field-error">{fieldError('name')}</span> : null}
            </label>
            <div className="row">
              <span className="label-text">Kind</span>
              {GOAL_KINDS.map((k) => (
                <label key={k} className="radio">
                  <input
                    type="radio"
                    name="kind"
                    value={k}
                    checked={draft.kind === k}
                    onChange={() => set('kind', k)}
                  />
                  {k === 'micro' ? 'Micro (a step on the way)' : 'Macro (the conversion itself)'}
                </label>
              ))}
            </div>
            <label>
              Description
              <input
                name="description"
                value={draft.description}
                onChange={(e) => set('description', e.target.value)}
              />
            </label>
            <fieldset className="group">
              <legend>What counts</legend>
              <MatchEditor value={draft.match} onChange={(m) => set('match', m)} />
            </fieldset>
            <div className="row wrap">
              <label className="inline-field">
                Counting
                <select
                  name="counting"
                  value={draft.counting}
                  onChange={(e) => set('counting', e.target.value as GoalDraft['counting'])}
                >
                  {COUNTING_RULES.map((r) => (
                    <option key={r} value={r}>
                      {COUNTING_LABELS[r]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline-field">
                Value
                <select
                  name="valueMode"
                  value={draft.valueMode}
                  onChange={(e) => set('valueMode', e.target.value as GoalDraft['valueMode'])}
                >
                  <option value="none">none</option>
                  <option value="fixed">a fixed amount</option>
                  <option value="property">from a property</option>
                </select>
              </label>
              {draft.valueMode === 'fixed' ? (
                <input
                  aria-label="Amount"
                  type="number"
                  step="any"
                  className="narrow"
                  value={draft.fixed}
                  onChange={(e) => set('fixed', e.target.value)}
                />
              ) : null}
              {draft.valueMode === 'property' ? (
                <input
                  aria-label="Value property"
                  placeholder="revenue"
                  className="narrow"
                  value={draft.property}
                  onChange={(e) => set('property', e.target.value)}
                />
              ) : null}
              {draft.valueMode !== 'none' ? (
                <input
                  aria-label="Currency"
                  placeholder={draft.valueMode === 'fixed' ? 'EUR' : 'EUR (optional)'}
                  maxLength={3}
                  className="tiny"
                  value={draft.currency}
                  onChange={(e) => set('currency', e.target.value.toUpperCase())}
                />
              ) : null}
            </div>
          </fieldset>
          {error ? <ErrorNote error={error} /> : null}
          {editable ? (
            <div className="actions">
              <button type="submit" className="button-primary" disabled={busy}>
                {goal ? 'Save changes' : 'Create goal'}
              </button>
              <Link to="/goals">Cancel</Link>
              {goal ? (
                <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
                  Delete goal
                </button>
              ) : null}
            </div>
          ) : null}
        </form>
        <GoalPreviewPanel match={match} complete={previewable(draft.match)} period={period} />
      </div>
    </div>
  )
}
