import { useState } from 'react'
import type { GoalReport, RatesReport } from '../../api/api-types.ts'
import { AsyncView, Empty } from '../../components/states.tsx'
import { formatCount, formatRate } from '../../format/format.ts'
import { useResource } from '../../lib/use-resource.ts'
import type { Period } from '../../period/period.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'

/** Top values of a dimension (channels, campaigns): visitors and one chosen goal's conversions. */
export function BreakdownTable({
  dimension,
  title,
  period,
  goals,
}: {
  dimension: 'channel' | 'campaign'
  title: string
  period: Period
  goals: GoalReport[]
}) {
  const api = useApi()
  const { site } = useCurrentSite()
  const preferred = goals.find((g) => g.kind === 'macro') ?? goals[0]
  const [goalId, setGoalId] = useState<string | null>(null)
  const goal = goals.find((g) => g.id === goalId) ?? preferred
  const report = useResource<RatesReport>(
    (signal) =>
      api.reports.rates(
        site.id,
        {
          from: period.from,
          to: period.to,
          interval: 'none',
          compare: 'none',
          breakdown: dimension,
          limit: 8,
          ...(goal ? { goals: goal.id } : {}),
        },
        signal,
      ),
    [site.id, period.from, period.to, dimension, goal?.id],
  )
  return (
    <section className="card" aria-labelledby={`top-${dimension}`}>
      <div className="card-head">
        <h2 id={`top-${dimension}`}>{title}</h2>
        {goals.length > 0 ? (
          <label className="inline-field">
            Goal
            <select value={goal?.id ?? ''} onChange={(e) => setGoalId(e.target.value)}>
              {goals.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <AsyncView
        resource={report}
        isEmpty={(r) => (r.breakdown?.rows.length ?? 0) === 0}
        empty={<Empty title="No visits in this period" />}
      >
        {(r) => {
          const rows = [...(r.breakdown?.rows ?? []), ...(r.breakdown?.other ? [r.breakdown.other] : [])]
          return (
            <table className="table" data-testid={`top-${dimension}`}>
              <thead>
                <tr>
                  <th scope="col">{dimension === 'channel' ? 'Channel' : 'Campaign'}</th>
                  <th scope="col" className="num">
                    Visitors
                  </th>
                  {goal ? (
                    <>
                      <th scope="col" className="num">
                        Converted
                      </th>
                      <th scope="col" className="num">
                        Rate
                      </th>
                    </>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const g = row.goals[0]
                  return (
                    <tr key={row.value}>
                      <th scope="row">{row.value || '(none)'}</th>
                      <td className="num">{formatCount(row.visitors)}</td>
                      {goal ? (
                        <>
                          <td className="num">{formatCount(g?.convertedVisitors ?? 0)}</td>
                          <td className="num">{formatRate(g?.conversionRate ?? null)}</td>
                        </>
                      ) : null}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )
        }}
      </AsyncView>
    </section>
  )
}
