import { useMemo } from 'react'
import type { Goal, Overview, RatesReport } from '../../api/api-types.ts'
import { Chart } from '../../charts/chart.tsx'
import { COLORS } from '../../charts/chart-option.ts'
import { type TrendSeries, trendOption } from '../../charts/trend-options.ts'
import { Change, relativeChange } from '../../components/change.tsx'
import { PeriodPicker } from '../../components/period-picker.tsx'
import { StatCard } from '../../components/stat-card.tsx'
import { AsyncView, Empty, ErrorNote, Loading } from '../../components/states.tsx'
import { formatCount, formatRate } from '../../format/format.ts'
import { useResource } from '../../lib/use-resource.ts'
import { usePeriod } from '../../period/use-period.ts'
import { Link } from '../../router/router.tsx'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { BreakdownTable } from './breakdown-table.tsx'
import { RealtimeCount } from './realtime-count.tsx'
import { type KindRate, useKindRates } from './use-kind-rates.ts'

/** The site at a glance: traffic, micro and macro conversion rates, top goals, channels, campaigns. */
export function OverviewPage() {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const { period } = usePeriod()
  const key = [site.id, period.from, period.to, period.compare]

  const traffic = useResource(
    (signal) =>
      Promise.all([
        api.reports.overview(site.id, { from: period.from, to: period.to }, signal),
        period.previous
          ? api.reports.overview(site.id, period.previous, signal)
          : Promise.resolve<Overview | null>(null),
      ]),
    key,
  )
  const rates = useResource<RatesReport>(
    (signal) =>
      api.reports.rates(
        site.id,
        { from: period.from, to: period.to, interval: 'day', compare: period.compare ? 'previous' : 'none' },
        signal,
      ),
    key,
  )
  const goals = useResource<Goal[]>(() => api.goals.list(site.id).then((r) => r.goals), [site.id])
  const kinds = useKindRates(goals.data, rates.status === 'ready' ? rates.data : null, period)
  // The kind rates are counted from the goals and the rates report: when either fails, so do they.
  const kindInputsFailed = goals.status === 'error' ? goals : rates.status === 'error' ? rates : null

  const days = traffic.data?.[0].days.map((d) => d.date) ?? []
  const chart = useMemo(() => {
    const now = traffic.data?.[0]
    if (!now) return null
    const series: TrendSeries[] = [
      { name: 'Visitors', values: now.days.map((d) => d.visitors), kind: 'count', color: COLORS.primary },
    ]
    if (kinds.data?.micro)
      series.push({
        name: 'Micro conversion rate',
        values: kinds.data.micro.daily,
        kind: 'rate',
        color: COLORS.micro,
      })
    if (kinds.data?.macro)
      series.push({
        name: 'Macro conversion rate',
        values: kinds.data.macro.daily,
        kind: 'rate',
        color: COLORS.macro,
      })
    return trendOption(
      now.days.map((d) => d.date),
      series,
    )
  }, [traffic.data, kinds.data])

  return (
    <div className="page">
      <div className="page-head">
        <h1>Overview</h1>
        <PeriodPicker />
      </div>

      <div className="stat-grid">
        {traffic.status === 'error' ? (
          <ErrorNote error={traffic.error} onRetry={traffic.reload} />
        ) : traffic.data === null ? (
          <Loading />
        ) : (
          <>
            <StatCard
              label="Visitors"
              testId="stat-visitors"
              value={formatCount(traffic.data[0].total.visitors)}
              change={
                period.compare ? (
                  <Change
                    relative={relativeChange(traffic.data[0].total.visitors, traffic.data[1]?.total.visitors)}
                  />
                ) : null
              }
              trend={traffic.data[0].days.map((d) => d.visitors)}
              color={COLORS.primary}
            />
            <StatCard
              label="Sessions"
              testId="stat-sessions"
              value={formatCount(traffic.data[0].total.sessions)}
              change={
                period.compare ? (
                  <Change
                    relative={relativeChange(traffic.data[0].total.sessions, traffic.data[1]?.total.sessions)}
                  />
                ) : null
              }
              trend={traffic.data[0].days.map((d) => d.sessions)}
              color={COLORS.primary}
            />
          </>
        )}
        {kindInputsFailed ? (
          <ErrorNote error={kindInputsFailed.error} onRetry={kindInputsFailed.reload} />
        ) : (
          <>
            <KindCard kind="micro" state={kinds} compare={period.compare} />
            <KindCard kind="macro" state={kinds} compare={period.compare} />
          </>
        )}
        <RealtimeCount />
      </div>

      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">Trend</h2>
        {chart && days.length > 0 ? (
          <Chart option={chart} label="Visitors and conversion rates by day" height={280} />
        ) : traffic.status === 'error' ? (
          <ErrorNote error={traffic.error} onRetry={traffic.reload} />
        ) : (
          <Loading />
        )}
      </section>

      <div className="two-columns">
        <section className="card" aria-labelledby="top-goals">
          <div className="card-head">
            <h2 id="top-goals">Top goals</h2>
            <Link to="/goals">All goals</Link>
          </div>
          <AsyncView
            resource={rates}
            isEmpty={(r) => r.goals.length === 0}
            empty={
              <Empty title="No goals yet">
                {can('edit') ? (
                  <Link to="/goals/new">Create the first goal</Link>
                ) : (
                  'An editor can create goals.'
                )}
              </Empty>
            }
          >
            {(r) => (
              <table className="table" data-testid="top-goals">
                <thead>
                  <tr>
                    <th scope="col">Goal</th>
                    <th scope="col" className="num">
                      Converted
                    </th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    {r.previous ? (
                      <th scope="col" className="num">
                        Change
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {[...r.goals]
                    .sort((a, b) => b.convertedVisitors - a.convertedVisitors)
                    .slice(0, 8)
                    .map((g) => (
                      <tr key={g.id}>
                        <th scope="row">
                          <Link to={`/goals/${encodeURIComponent(g.id)}`}>{g.name}</Link>{' '}
                          <span className={`badge badge-${g.kind}`}>{g.kind}</span>
                        </th>
                        <td className="num">{formatCount(g.convertedVisitors)}</td>
                        <td className="num">{formatRate(g.conversionRate)}</td>
                        {r.previous ? (
                          <td className="num">
                            <Change points={g.change?.conversionRate.absolute ?? null} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </AsyncView>
        </section>
        {rates.data ? (
          <BreakdownTable dimension="channel" title="Top channels" period={period} goals={rates.data.goals} />
        ) : (
          <section className="card" aria-label="Top channels">
            {rates.status === 'error' ? (
              <ErrorNote error={rates.error} onRetry={rates.reload} />
            ) : (
              <Loading />
            )}
          </section>
        )}
      </div>
      {rates.data ? (
        <BreakdownTable dimension="campaign" title="Top campaigns" period={period} goals={rates.data.goals} />
      ) : null}
    </div>
  )
}

function KindCard({
  kind,
  state,
  compare,
}: {
  kind: 'micro' | 'macro'
  state: ReturnType<typeof useKindRates>
  compare: boolean
}) {
  const label = kind === 'micro' ? 'Micro conversion rate' : 'Macro conversion rate'
  if (state.status === 'error') return <ErrorNote error={state.error} onRetry={state.reload} />
  if (state.data === null) return <StatCard label={label} value="…" />
  const k: KindRate | null = state.data[kind]
  if (!k)
    return (
      <StatCard
        label={label}
        value={formatRate(null)}
        testId={`stat-${kind}`}
        note={`No ${kind} goals yet`}
      />
    )
  return (
    <StatCard
      label={label}
      testId={`stat-${kind}`}
      value={formatRate(k.rate)}
      change={
        compare ? (
          <Change points={k.rate !== null && k.previousRate !== null ? k.rate - k.previousRate : null} />
        ) : null
      }
      trend={k.daily}
      color={kind === 'micro' ? COLORS.micro : COLORS.macro}
      note={`${formatCount(k.convertedVisitors)} visitors did at least one of ${formatCount(k.goals)} ${kind} goal${k.goals === 1 ? '' : 's'}`}
    />
  )
}
