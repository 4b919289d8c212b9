import type { FunnelResult, FunnelSummary } from '../reports/funnel/shape-funnel.ts'
import { percent } from './rates-table.ts'
import { textTable } from './text-table.ts'

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
/** The widest drop-off bar: a rate of 100 %. */
const BAR_WIDTH = 30

/** Seconds as a person reads a wait: `45s`, `12m`, `3h 5m`, `2d 4h`. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '–'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  // Rounded to the unit shown, so 59m 50s reads 1h, never 60m.
  const minutes = Math.round(s / 60)
  if (minutes < 60) return `${minutes}m`
  if (minutes < 24 * 60) {
    const m = minutes % 60
    return m ? `${Math.floor(minutes / 60)}h ${m}m` : `${minutes / 60}h`
  }
  const hours = Math.round(s / 3600)
  const h = hours % 24
  return h ? `${Math.floor(hours / 24)}d ${h}h` : `${hours / 24}d`
}

/** A bar as long as the rate is of BAR_WIDTH; any drop-off above zero shows at least a sliver. */
export function dropBar(rate: number | null): string {
  if (rate === null || rate <= 0) return ''
  return '█'.repeat(Math.max(1, Math.round(rate * BAR_WIDTH)))
}

function stepsTable(s: FunnelSummary): string {
  const header = [
    'Step',
    'Persons',
    'From previous',
    'From start',
    'Drop-off',
    'Drop-off rate',
    'Median wait',
    '',
  ]
  const rows = s.steps.map((step) => [
    `${step.step} ${step.label}${step.optional ? ' (optional)' : ''}`,
    int.format(step.persons),
    step.step === 1 ? '–' : percent(step.fromPrevious),
    percent(step.fromStart),
    step.step === 1 ? '–' : int.format(step.dropOff),
    step.step === 1 ? '–' : percent(step.dropOffRate),
    durationText(step.medianSecondsFromPrevious),
    // Left-aligned after the numbers, so the bars' lengths compare at a glance.
    dropBar(step.step === 1 ? null : step.dropOffRate),
  ])
  return textTable(header, rows, 1, true)
}

/** The funnel report as a person reads it: the steps with drop-off bars, the bottleneck, then breakdown and trend. */
export function funnelTable(r: FunnelResult & { funnel?: { name: string } | null }): string {
  const out: string[] = []
  const title = r.funnel?.name ? `${r.funnel.name}: ` : ''
  out.push(
    `${title}${r.period.from} … ${r.period.to} (${r.period.timezone}), ${r.mode.replace('_', ' ')}, window ${r.window}`,
  )
  out.push(
    `${int.format(r.entered)} entered, ${int.format(r.converted)} converted (${percent(r.conversionRate)}); ` +
      `time to convert: median ${durationText(r.timeToConvert.medianSeconds)}, p90 ${durationText(r.timeToConvert.p90Seconds)}`,
  )
  out.push('')
  out.push(stepsTable(r))
  out.push('')
  const b = r.bottleneck
  if (!b) out.push('Bottleneck: – (nobody entered)')
  else {
    let line = `Bottleneck: after step ${b.afterStep} "${b.afterLabel}", ${percent(b.dropOffRate)} (${int.format(b.dropOff)}) did not reach step ${b.toStep}`
    if (b.previous && b.previous.pValue === null) {
      line += `; no comparison (nobody reached step ${b.afterStep} in the previous period)`
    } else if (b.previous) {
      const change =
        b.previous.change === null
          ? '–'
          : `${b.previous.change >= 0 ? '+' : ''}${(b.previous.change * 100).toFixed(2)} pt`
      const p =
        b.previous.pValue === null
          ? '–'
          : b.previous.pValue < 0.0001
            ? '< 0.0001'
            : b.previous.pValue.toFixed(4)
      line += `; previous period ${percent(b.previous.dropOffRate)}, change ${change}, p = ${p} (${b.previous.significant ? 'significant' : 'not significant'} at 5 %)`
    }
    out.push(line)
  }
  if (r.breakdown) {
    out.push('')
    out.push(`By ${r.breakdown.dimension} (${r.breakdown.attribution.replace('_', ' ')}):`)
    const header = ['Value', 'Entered', 'Converted', 'Rate', 'Bottleneck']
    const rows = r.breakdown.values.map((v) => [
      v.value === '' ? '(none)' : v.value,
      int.format(v.entered),
      int.format(v.converted),
      percent(v.conversionRate),
      v.bottleneck
        ? `after step ${v.bottleneck.afterStep}: ${percent(v.bottleneck.dropOffRate)} dropped`
        : '–',
    ])
    out.push(textTable(header, rows, 1, true))
    if (r.breakdown.truncated) out.push('(more values not shown; raise --limit)')
  }
  return out.join('\n')
}

/** The conversion trend by entry day or week. */
export function funnelTrendTable(r: FunnelResult): string {
  return textTable(
    ['Entered on', 'Entered', 'Converted', 'Rate'],
    r.trend.map((t) => [t.bucket, int.format(t.entered), int.format(t.converted), percent(t.conversionRate)]),
    1,
  )
}
