import { useState } from 'react'
import type { GoalReport, RatesReport } from '../../api/api-types.ts'
import { Change } from '../../components/change.tsx'
import { PeriodPicker } from '../../components/period-picker.tsx'
import { AsyncView, Empty, ErrorNote } from '../../components/states.tsx'
import { formatCount, formatMoney, formatRate, NO_VALUE } from '../../format/format.ts'
import { COUNTING_LABELS } from '../../lib/option-labels.ts'
import { useResource } from '../../lib/use-resource.ts'
import { usePeriod } from '../../period/use-period.ts'
import { Link } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'

/** Every goal with its rate, change and value in the period, micro and macro apart. */
export function GoalsPage() {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const { period } = usePeriod()
  const [error, setError] = useState<Error | null>(null)
  const report = useResource<RatesReport>(
    (signal) =>
      api.reports.rates(
        site.id,
        { from: period.from, to: period.to, interval: 'none', compare: period.compare ? 'previous' : 'none' },
        signal,
      ),
    [site.id, period.from, period.to, period.compare],
  )

  const remove = async (goal: GoalReport) => {
    if (!window.confirm(`Delete the goal “${goal.name}”? Reports will no longer show it.`)) return
    try {
      await api.goals.remove(site.id, goal.id)
      report.reload()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Goals</h1>
        <PeriodPicker />
        {can('edit') ? (
          <Link to="/goals/new" className="button button-primary" data-testid="new-goal">
            New goal
          </Link>
        ) : null}
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <AsyncView
        resource={report}
        isEmpty={(r) => r.goals.length === 0}
        empty={
          <Empty title="No goals yet">
            A goal names a micro conversion (a step such as a sign-up or a video watched) or a macro
            conversion (a purchase, a lead).{' '}
            {can('edit') ? <Link to="/goals/new">Create the first one.</Link> : null}
          </Empty>
        }
      >
        {(r) => (
          <>
            <p className="muted">
              {formatCount(r.visitors)} visitors in the period
              {r.omittedGoals
                ? ` · ${formatCount(r.omittedGoals)} more goals not shown (a report shows at most 50)`
                : ''}
            </p>
            {(['micro', 'macro'] as const).map((kind) => (
              <GoalTable
                key={kind}
                kind={kind}
                goals={r.goals.filter((g) => g.kind === kind)}
                compared={r.previous !== null}
                canEdit={can('edit')}
                onDelete={(g) => void remove(g)}
              />
            ))}
          </>
        )}
      </AsyncView>
    </div>
  )
}

function GoalTable({
  kind,
  goals,
  compared,
  canEdit,
  onDelete,
}: {
  kind: 'micro' | 'macro'
  goals: GoalReport[]
  compared: boolean
  canEdit: boolean
  onDelete: (g: GoalReport) => void
}) {
  const title = kind === 'micro' ? 'Micro conversions' : 'Macro conversions'
  return (
    <section className="card" aria-labelledby={`goals-${kind}`} data-testid={`goals-${kind}`}>
      <h2 id={`goals-${kind}`}>{title}</h2>
      {goals.length === 0 ? (
        <p className="muted">No {kind} goals.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Goal</th>
              <th scope="col" className="num">
                Converted visitors
              </th>
              <th scope="col" className="num">
                Rate
              </th>
              {compared ? (
                <th scope="col" className="num">
                  Change
                </th>
              ) : null}
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col" className="num">
                Value
              </th>
              {canEdit ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {goals.map((g) => (
              <tr key={g.id} data-testid="goal-row" data-goal-name={g.name}>
                <th scope="row">
                  <Link to={`/goals/${encodeURIComponent(g.id)}`}>{g.name}</Link>
                </th>
                <td className="num">{formatCount(g.convertedVisitors)}</td>
                <td className="num" data-testid="goal-rate" data-value={g.conversionRate ?? ''}>
                  {formatRate(g.conversionRate)}
                </td>
                {compared ? (
                  <td className="num">
                    <Change points={g.change?.conversionRate.absolute ?? null} />
                  </td>
                ) : null}
                <td className="num" title={COUNTING_LABELS[g.counting]}>
                  {formatCount(g.conversions)}
                </td>
                <td className="num">
                  {g.value ? formatMoney(g.value.sum, g.value.currency) : NO_VALUE}
                  {g.value && g.change?.value ? (
                    <>
                      {' '}
                      <Change relative={g.change.value.relative} />
                    </>
                  ) : null}
                </td>
                {canEdit ? (
                  <td className="actions-cell">
                    <Link to={`/goals/${encodeURIComponent(g.id)}`}>Edit</Link>
                    <button type="button" className="button-quiet" onClick={() => onDelete(g)}>
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
