import { useMemo, useState } from 'react'
import type { FunnelReport, FunnelStepResult } from '../../api/api-types.ts'
import { Chart } from '../../charts/chart.tsx'
import { COLORS } from '../../charts/chart-option.ts'
import { funnelBarsOption, funnelShapeOption, histogramOption } from '../../charts/funnel-options.ts'
import { trendOption } from '../../charts/trend-options.ts'
import { Change } from '../../components/change.tsx'
import { StatCard } from '../../components/stat-card.tsx'
import { formatCount, formatDuration, formatRate, formatSignificant, NO_VALUE } from '../../format/format.ts'

/** The funnel report: headline, the bottleneck, the chart, the steps, time to convert, trend, breakdown. */
export function FunnelReportView({ report }: { report: FunnelReport }) {
  const [shape, setShape] = useState<'bars' | 'funnel'>('bars')
  const { bottleneck, steps } = report
  const chartOption = useMemo(
    () => (shape === 'bars' ? funnelBarsOption(steps, bottleneck) : funnelShapeOption(steps, bottleneck)),
    [shape, steps, bottleneck],
  )
  const stepOf = (n: number) => steps.find((s) => s.step === n)
  const rateChange =
    report.previous && report.conversionRate !== null && report.previous.conversionRate !== null
      ? report.conversionRate - report.previous.conversionRate
      : null

  return (
    <div className="funnel-report" data-testid="funnel-report">
      <div className="stat-grid">
        <StatCard
          label="Entered"
          value={formatCount(report.entered)}
          change={
            report.previous ? (
              <Change
                relative={
                  report.previous.entered
                    ? (report.entered - report.previous.entered) / report.previous.entered
                    : null
                }
              />
            ) : null
          }
        />
        <StatCard label="Converted" value={formatCount(report.converted)} />
        <StatCard
          label="Conversion rate"
          testId="funnel-conversion-rate"
          value={formatRate(report.conversionRate)}
          change={report.previous ? <Change points={rateChange} /> : null}
        />
        <StatCard
          label="Time to convert"
          value={formatDuration(report.timeToConvert.medianSeconds)}
          note={`median · p90 ${formatDuration(report.timeToConvert.p90Seconds)}`}
        />
      </div>

      {bottleneck ? (
        <p
          className="bottleneck-callout"
          role="note"
          data-testid="funnel-bottleneck"
          data-after-step={bottleneck.afterStep}
          data-to-step={bottleneck.toStep}
          aria-label={`Bottleneck: after step ${bottleneck.afterStep}, ${bottleneck.afterLabel}`}
        >
          <strong>Bottleneck:</strong> after step {bottleneck.afterStep} “{bottleneck.afterLabel}”,{' '}
          {formatRate(bottleneck.dropOffRate)} ({formatCount(bottleneck.dropOff)}) did not reach step{' '}
          {bottleneck.toStep} “{stepOf(bottleneck.toStep)?.label ?? ''}”.
          {bottleneck.previous && bottleneck.previous.dropOffRate !== null ? (
            <>
              {' '}
              Previous period: {formatRate(bottleneck.previous.dropOffRate)}
              {bottleneck.previous.significant
                ? ` — a significant change (p = ${formatSignificant(bottleneck.previous.pValue)}).`
                : ' — no significant change.'}
            </>
          ) : null}
        </p>
      ) : (
        <p className="muted" data-testid="funnel-no-bottleneck">
          No bottleneck: nobody entered this funnel in the period, or nobody left it.
        </p>
      )}

      <section className="card" aria-labelledby="funnel-chart-title">
        <div className="card-head">
          <h2 id="funnel-chart-title">Steps</h2>
          <fieldset className="segmented">
            <legend className="sr-only">Chart shape</legend>
            <button type="button" aria-pressed={shape === 'bars'} onClick={() => setShape('bars')}>
              Bars
            </button>
            <button type="button" aria-pressed={shape === 'funnel'} onClick={() => setShape('funnel')}>
              Funnel
            </button>
          </fieldset>
        </div>
        <Chart
          option={chartOption}
          height={300}
          testId="funnel-chart"
          label={`Persons per step${bottleneck ? `; bottleneck after step ${bottleneck.afterStep}` : ''}`}
        />
        <StepTable steps={steps} bottleneckTo={bottleneck?.toStep ?? null} />
      </section>

      <div className="two-columns">
        <section className="card" aria-labelledby="ttc-title">
          <h2 id="ttc-title">Time to convert</h2>
          <p className="muted">
            Median {formatDuration(report.timeToConvert.medianSeconds)}, {formatRate(0.9, undefined, 0)}{' '}
            within {formatDuration(report.timeToConvert.p90Seconds)}
          </p>
          {report.timeToConvert.histogram.some((b) => b.persons > 0) ? (
            <Chart
              option={histogramOption(report.timeToConvert.histogram)}
              height={220}
              label="Persons by time to convert"
              testId="ttc-histogram"
            />
          ) : (
            <p className="muted">Nobody converted in the period.</p>
          )}
        </section>
        <section className="card" aria-labelledby="trend-title">
          <h2 id="trend-title">Conversion by entry day</h2>
          {report.trend.length > 0 ? (
            <Chart
              option={trendOption(
                report.trend.map((t) => t.bucket),
                [
                  {
                    name: 'Entered',
                    values: report.trend.map((t) => t.entered),
                    kind: 'count',
                    color: COLORS.primarySoft,
                  },
                  {
                    name: 'Conversion rate',
                    values: report.trend.map((t) => t.conversionRate),
                    kind: 'rate',
                    color: COLORS.macro,
                  },
                ],
              )}
              height={220}
              label="Funnel conversion rate by entry day"
            />
          ) : (
            <p className="muted">Nobody entered in the period.</p>
          )}
        </section>
      </div>

      {report.breakdown ? (
        <section className="card" aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">
            By {report.breakdown.dimension}{' '}
            <span className="muted">({report.breakdown.attribution.replace('_', ' ')})</span>
          </h2>
          <table className="table" data-testid="funnel-breakdown">
            <thead>
              <tr>
                <th scope="col">{report.breakdown.dimension}</th>
                <th scope="col" className="num">
                  Entered
                </th>
                <th scope="col" className="num">
                  Converted
                </th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col">Bottleneck</th>
              </tr>
            </thead>
            <tbody>
              {report.breakdown.values.map((v) => (
                <tr key={v.value}>
                  <th scope="row">{v.value || '(none)'}</th>
                  <td className="num">{formatCount(v.entered)}</td>
                  <td className="num">{formatCount(v.converted)}</td>
                  <td className="num">{formatRate(v.conversionRate)}</td>
                  <td>
                    {v.bottleneck
                      ? `after step ${v.bottleneck.afterStep} (${formatRate(v.bottleneck.dropOffRate)} dropped)`
                      : NO_VALUE}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.breakdown.truncated ? <p className="muted">Only the largest values are shown.</p> : null}
        </section>
      ) : null}
    </div>
  )
}

function StepTable({ steps, bottleneckTo }: { steps: FunnelStepResult[]; bottleneckTo: number | null }) {
  return (
    <table className="table step-table" data-testid="funnel-steps">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" className="num">
            Persons
          </th>
          <th scope="col" className="num">
            From previous
          </th>
          <th scope="col" className="num">
            From start
          </th>
          <th scope="col" className="num">
            Drop-off
          </th>
          <th scope="col" className="num">
            Drop-off rate
          </th>
          <th scope="col" className="num">
            Median wait
          </th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => {
          const leak = s.step === bottleneckTo
          return (
            <tr
              key={s.step}
              className={leak ? 'bottleneck-row' : undefined}
              data-step={s.step}
              data-bottleneck={leak || undefined}
            >
              <th scope="row">
                {s.step}. {s.label}
                {s.optional ? <span className="muted"> (optional)</span> : null}
                {leak ? (
                  <span className="badge badge-danger">
                    bottleneck<span className="sr-only">: most drop off before this step</span>
                  </span>
                ) : null}
              </th>
              <td className="num">{formatCount(s.persons)}</td>
              <td className="num">{s.step === 1 ? NO_VALUE : formatRate(s.fromPrevious)}</td>
              <td className="num">{formatRate(s.fromStart)}</td>
              <td className="num">{s.step === 1 ? NO_VALUE : formatCount(s.dropOff)}</td>
              <td className="num">{formatRate(s.dropOffRate)}</td>
              <td className="num">{formatDuration(s.medianSecondsFromPrevious)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
