import { type FunnelDefinition, formatDuration } from '../../schema/funnel.ts'
import { twoProportionTest } from '../../stats/proportions.ts'
import { histogramEdges } from './compile-funnel.ts'

/** One row of the report query (see compileFunnelReport). */
export interface FunnelRow {
  period: number
  set: 'total' | 'breakdown' | 'trend'
  bd: string
  bucket: string
  persons: number | string
  step_persons: Array<number | string>
  step_median_seconds: number[]
  conversions: number | string
  ttc_quantiles: number[]
  ttc_histogram: Array<number | string>
}

export interface FunnelStepResult {
  step: number
  label: string
  optional: boolean
  persons: number
  /** Persons here over persons at the previous required step (null when that is 0). */
  fromPrevious: number | null
  fromStart: number | null
  /** Persons at the previous required step who are not here (0 for step 1). */
  dropOff: number
  dropOffRate: number | null
  /** Median seconds from the previous step reached to this one; null for step 1 or nobody. */
  medianSecondsFromPrevious: number | null
}

export interface Bottleneck {
  /** The required step where the most (by rate) of those who reached it went no further. */
  afterStep: number
  afterLabel: string
  /** The next required step, which they did not reach. */
  toStep: number
  dropOff: number
  dropOffRate: number
  /** The same drop-off in the previous period, and whether it changed (two-proportion z-test). */
  previous: {
    dropOffRate: number | null
    change: number | null
    pValue: number | null
    significant: boolean
  } | null
}

export interface FunnelSummary {
  entered: number
  converted: number
  conversionRate: number | null
  steps: FunnelStepResult[]
  bottleneck: Omit<Bottleneck, 'previous'> | null
}

export interface FunnelResult extends FunnelSummary {
  mode: FunnelDefinition['mode']
  window: string
  period: { from: string; to: string; timezone: string }
  timeToConvert: {
    medianSeconds: number | null
    p90Seconds: number | null
    histogram: Array<{ upToSeconds: number; persons: number }>
  }
  bottleneck: Bottleneck | null
  previous: ({ from: string; to: string } & FunnelSummary) | null
  breakdown: {
    dimension: string
    attribution: string
    values: Array<{ value: string } & FunnelSummary>
    truncated: boolean
  } | null
  trend: Array<{ bucket: string; entered: number; converted: number; conversionRate: number | null }>
}

const num = (v: number | string | undefined) => (v === undefined ? 0 : Number(v))
const ratio = (a: number, b: number) => (b > 0 ? a / b : null)
/** Seconds to the millisecond: interpolated quantiles carry float noise below that. */
const seconds = (v: number | undefined | null) =>
  v === undefined || v === null ? null : Math.round(v * 1000) / 1000

/** A step's label: its own, else its goal's name, event name or page pattern. */
export function stepLabel(step: FunnelDefinition['steps'][number], index: number): string {
  if (step.label) return step.label
  const one = (m: { goal?: string; match?: unknown }) => {
    if (m.goal) return m.goal
    const match = m.match as { type?: string; event?: string; path?: { pattern?: string } } | undefined
    if (match?.type === 'event') return match.event ?? ''
    if (match?.type === 'page') return match.path?.pattern ?? ''
    return `step ${index + 1}`
  }
  return step.any ? step.any.map(one).join(' or ') : one(step)
}

function summarise(
  row: FunnelRow | undefined,
  definition: FunnelDefinition,
  labels: string[],
): FunnelSummary {
  const n = definition.steps.length
  const anyOrder = definition.mode === 'any_order'
  const persons = Array.from({ length: n }, (_, i) => num(row?.step_persons[i]))
  const entered = persons[0] ?? 0
  let previousRequired = 0
  const steps: FunnelStepResult[] = persons.map((p, i) => {
    const optional = definition.steps[i]?.optional ?? false
    const reference = i === 0 ? p : (persons[previousRequired] ?? 0)
    const dropOff = i === 0 ? 0 : Math.max(0, reference - p)
    const median = row?.step_median_seconds[i]
    const result: FunnelStepResult = {
      step: i + 1,
      label: anyOrder ? `${i + 1} of ${n} steps` : (labels[i] ?? ''),
      optional,
      persons: p,
      fromPrevious: i === 0 ? ratio(p, p) : ratio(p, reference),
      fromStart: ratio(p, entered),
      dropOff,
      dropOffRate: i === 0 ? null : ratio(dropOff, reference),
      medianSecondsFromPrevious: i === 0 || anyOrder || p === 0 ? null : seconds(median),
    }
    if (!optional) previousRequired = i
    return result
  })
  const converted = persons[n - 1] ?? 0
  return {
    entered,
    converted,
    conversionRate: ratio(converted, entered),
    steps,
    bottleneck: bottleneckOf(steps),
  }
}

/** The required step after which the largest share of those who reached it dropped. */
function bottleneckOf(steps: FunnelStepResult[]): Omit<Bottleneck, 'previous'> | null {
  const required = steps.filter((s) => !s.optional)
  let best: Omit<Bottleneck, 'previous'> | null = null
  for (let i = 1; i < required.length; i++) {
    const from = required[i - 1] as FunnelStepResult
    const to = required[i] as FunnelStepResult
    if (to.dropOffRate === null) continue
    if (!best || to.dropOffRate > best.dropOffRate)
      best = {
        afterStep: from.step,
        afterLabel: from.label,
        toStep: to.step,
        dropOff: to.dropOff,
        dropOffRate: to.dropOffRate,
      }
  }
  return best
}

/** The report from the query's rows. */
export function shapeFunnel(
  rows: FunnelRow[],
  definition: FunnelDefinition,
  period: { from: string; to: string; timezone: string; previous: { from: string; to: string } | null },
  breakdownLimit: number,
): FunnelResult {
  const labels = definition.steps.map(stepLabel)
  const total = rows.find((r) => r.set === 'total' && r.period === 0)
  const summary = summarise(total, definition, labels)
  const prevRow = rows.find((r) => r.set === 'total' && r.period === 1)
  const previous = period.previous ? { ...period.previous, ...summarise(prevRow, definition, labels) } : null

  let bottleneck: Bottleneck | null = null
  if (summary.bottleneck) {
    const b = summary.bottleneck
    let prev: Bottleneck['previous'] = null
    if (previous) {
      const reached = (s: FunnelSummary, k: number) => s.steps[k - 1]?.persons ?? 0
      const pb = previous.steps[b.toStep - 1]
      const test = twoProportionTest(
        b.dropOff,
        reached(summary, b.afterStep),
        pb?.dropOff ?? 0,
        reached(previous, b.afterStep),
      )
      prev = {
        dropOffRate: pb?.dropOffRate ?? null,
        change: test ? test.difference : null,
        pValue: test ? test.pValue : null,
        significant: test ? test.pValue < 0.05 : false,
      }
    }
    bottleneck = { ...b, previous: prev }
  }

  const edges = histogramEdges(definition.window)
  const histogram = edges.map((e, i) => ({ upToSeconds: e / 1000, persons: num(total?.ttc_histogram[i]) }))
  const converted = summary.converted
  const timeToConvert = {
    medianSeconds: converted > 0 ? seconds(total?.ttc_quantiles[0]) : null,
    p90Seconds: converted > 0 ? seconds(total?.ttc_quantiles[1]) : null,
    histogram,
  }

  let breakdown: FunnelResult['breakdown'] = null
  if (definition.breakdown) {
    const b = definition.breakdown
    const values = rows
      .filter((r) => r.set === 'breakdown' && r.period === 0)
      .map((r) => ({ value: r.bd, ...summarise(r, definition, labels) }))
    breakdown = {
      dimension: b.dimension === 'property' ? `property:${b.property}` : b.dimension,
      attribution: b.attribution === 'step' ? `step ${b.step}` : b.attribution,
      values: values.slice(0, breakdownLimit),
      truncated: values.length > breakdownLimit,
    }
  }

  const trend = rows
    .filter((r) => r.set === 'trend' && r.period === 0)
    .map((r) => {
      const entered = num(r.step_persons[0])
      const conv = num(r.conversions)
      return { bucket: r.bucket, entered, converted: conv, conversionRate: ratio(conv, entered) }
    })
    .sort((a, b) => a.bucket.localeCompare(b.bucket))

  return {
    mode: definition.mode,
    window: formatDuration(definition.window),
    period: { from: period.from, to: period.to, timezone: period.timezone },
    ...summary,
    timeToConvert,
    bottleneck,
    previous,
    breakdown,
    trend,
  }
}
