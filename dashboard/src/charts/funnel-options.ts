import type { Bottleneck, FunnelStepResult } from '../api/api-types.ts'
import { formatCount, formatDuration, formatRate } from '../format/format.ts'
import { BASE_TEXT, type ChartOption, COLORS } from './chart-option.ts'

const stepName = (s: FunnelStepResult) => `${s.step}. ${s.label}${s.optional ? ' (optional)' : ''}`

/**
 * The funnel as bars: per step the persons who reached it, and stacked above them those who
 * dropped before it (from the previous required step). The drop into the bottleneck's next step
 * is drawn in red and labelled.
 */
export function funnelBarsOption(
  steps: FunnelStepResult[],
  bottleneck: Pick<Bottleneck, 'afterStep' | 'toStep'> | null,
  locale?: string,
): ChartOption {
  const isLeak = (s: FunnelStepResult) => bottleneck !== null && s.step === bottleneck.toStep
  return {
    textStyle: BASE_TEXT,
    aria: { enabled: true },
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    legend: { top: 0, left: 0, data: ['Reached the step', 'Dropped before it'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params
        const step = steps[first?.dataIndex ?? -1]
        if (!step) return ''
        return [
          `<strong>${stepName(step)}</strong>`,
          `${formatCount(step.persons, locale)} persons (${formatRate(step.fromStart, locale)} of all)`,
          step.step > 1 ? `${formatRate(step.fromPrevious, locale)} from the previous step` : '',
          step.step > 1
            ? `${formatCount(step.dropOff, locale)} dropped (${formatRate(step.dropOffRate, locale)})`
            : '',
          step.medianSecondsFromPrevious !== null
            ? `median wait ${formatDuration(step.medianSecondsFromPrevious)}`
            : '',
          isLeak(step) ? '<strong style="color:#d1362f">Bottleneck</strong>' : '',
        ]
          .filter(Boolean)
          .join('<br>')
      },
    },
    xAxis: {
      type: 'category',
      data: steps.map(stepName),
      axisTick: { show: false },
      axisLabel: { interval: 0, width: 120, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { formatter: (v: number) => formatCount(v, locale) },
    },
    series: [
      {
        type: 'bar',
        name: 'Reached the step',
        stack: 'funnel',
        barMaxWidth: 72,
        itemStyle: { color: COLORS.primary },
        label: {
          show: true,
          position: 'insideTop',
          color: '#fff',
          formatter: (p) => formatRate(steps[p.dataIndex]?.fromStart ?? null, locale),
        },
        data: steps.map((s) => s.persons),
      },
      {
        type: 'bar',
        name: 'Dropped before it',
        stack: 'funnel',
        barMaxWidth: 72,
        itemStyle: { color: COLORS.dropOff },
        label: {
          show: true,
          position: 'top',
          formatter: (p) => (isLeak(steps[p.dataIndex] as FunnelStepResult) ? 'Bottleneck' : ''),
          color: COLORS.bottleneck,
          fontWeight: 'bold',
        },
        data: steps.map((s) => ({
          value: s.step === 1 ? 0 : s.dropOff,
          itemStyle: {
            color: isLeak(s) ? COLORS.bottleneckSoft : COLORS.dropOff,
            borderColor: isLeak(s) ? COLORS.bottleneck : 'transparent',
            borderWidth: isLeak(s) ? 2 : 0,
          },
        })),
      },
    ],
  }
}

/** The same steps as a funnel shape, the bottleneck's next step in red. */
export function funnelShapeOption(
  steps: FunnelStepResult[],
  bottleneck: Pick<Bottleneck, 'toStep'> | null,
  locale?: string,
): ChartOption {
  const max = Math.max(1, ...steps.map((s) => s.persons))
  return {
    textStyle: BASE_TEXT,
    aria: { enabled: true },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const step = steps[(p as { dataIndex: number }).dataIndex]
        return step ? `${stepName(step)}<br>${formatCount(step.persons, locale)} persons` : ''
      },
    },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        top: 8,
        bottom: 8,
        min: 0,
        max,
        gap: 2,
        label: {
          show: true,
          position: 'inside',
          formatter: (p) => {
            const step = steps[p.dataIndex]
            return step ? `${stepName(step)}: ${formatCount(step.persons, locale)}` : ''
          },
        },
        data: steps.map((s) => ({
          name: stepName(s),
          value: s.persons,
          itemStyle: {
            color: bottleneck && s.step === bottleneck.toStep ? COLORS.bottleneck : COLORS.primary,
          },
        })),
      },
    ],
  }
}

/** Time to convert: persons per duration bucket (each bucket up to its bound). */
export function histogramOption(
  histogram: Array<{ upToSeconds: number; persons: number }>,
  locale?: string,
): ChartOption {
  return {
    textStyle: BASE_TEXT,
    aria: { enabled: true },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${formatCount(Number(v), locale)} persons` },
    xAxis: {
      type: 'category',
      data: histogram.map((b) => `≤ ${formatDuration(b.upToSeconds)}`),
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { formatter: (v: number) => formatCount(v, locale) },
    },
    series: [
      {
        type: 'bar',
        name: 'Persons',
        data: histogram.map((b) => b.persons),
        itemStyle: { color: COLORS.micro },
        barMaxWidth: 40,
      },
    ],
  }
}
