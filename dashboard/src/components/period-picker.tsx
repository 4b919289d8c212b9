import { useState } from 'react'
import { formatDay } from '../format/format.ts'
import { type Preset, periodFromParams, todayIn } from '../period/period.ts'
import { usePeriod } from '../period/use-period.ts'
import { useCurrentSite } from '../session/session.tsx'

const LABELS: Record<Preset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  custom: 'Custom',
}

/** The period of every report: presets, a custom range, and the comparison period. */
export function PeriodPicker() {
  const { period, setPeriod } = usePeriod()
  const { site } = useCurrentSite()
  const [custom, setCustom] = useState({ from: period.from, to: period.to })

  const choose = (preset: Preset) => {
    if (preset === 'custom') {
      setPeriod({ preset, from: period.from, to: period.to, compare: period.compare })
      setCustom({ from: period.from, to: period.to })
      return
    }
    const next = periodFromParams(new URLSearchParams({ range: preset }), todayIn(site.timezone, new Date()))
    setPeriod({ ...next, compare: period.compare })
  }

  return (
    <div className="period-picker" data-testid="period-picker">
      <label>
        <span className="sr-only">Period</span>
        <select value={period.preset} onChange={(e) => choose(e.target.value as Preset)} aria-label="Period">
          {(Object.keys(LABELS) as Preset[]).map((p) => (
            <option key={p} value={p}>
              {LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {period.preset === 'custom' ? (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault()
            if (custom.from && custom.to && custom.from <= custom.to)
              setPeriod({ preset: 'custom', from: custom.from, to: custom.to, compare: period.compare })
          }}
        >
          <input
            type="date"
            aria-label="From"
            value={custom.from}
            max={custom.to}
            onChange={(e) => setCustom({ ...custom, from: e.target.value })}
          />
          <span>–</span>
          <input
            type="date"
            aria-label="To"
            value={custom.to}
            min={custom.from}
            onChange={(e) => setCustom({ ...custom, to: e.target.value })}
          />
          <button type="submit">Apply</button>
        </form>
      ) : (
        <span className="period-days">
          {formatDay(period.from)} – {formatDay(period.to)}
        </span>
      )}
      <label className="compare-toggle">
        <input
          type="checkbox"
          checked={period.compare}
          onChange={(e) => setPeriod({ ...period, compare: e.target.checked })}
        />
        Compare with previous period
      </label>
      {period.previous ? (
        <span className="period-previous muted">
          vs {formatDay(period.previous.from)} – {formatDay(period.previous.to)}
        </span>
      ) : null}
    </div>
  )
}
