import { formatCount, formatDay, formatRate } from '../format/format.ts'
import { BASE_TEXT, type ChartOption, COLORS } from './chart-option.ts'

export interface TrendSeries {
  name: string
  /** One value per day; null where there is nothing to show (a rate without visitors). */
  values: Array<number | null>
  kind: 'count' | 'rate'
  color: string
}

/**
 * Days along the bottom; counts on the left axis, rates on the right, so visitors and conversion
 * rates share one chart without one flattening the other.
 */
export function trendOption(days: string[], series: TrendSeries[], locale?: string): ChartOption {
  const hasCounts = series.some((s) => s.kind === 'count')
  const hasRates = series.some((s) => s.kind === 'rate')
  return {
    textStyle: BASE_TEXT,
    aria: { enabled: true },
    grid: { left: 48, right: hasRates ? 56 : 16, top: 32, bottom: 28 },
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 4 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? formatCount(v, locale) : '–'),
    },
    xAxis: {
      type: 'category',
      data: days,
      axisLabel: {
        formatter: (d: string) =>
          formatDay(d, locale, { month: 'short', day: 'numeric', year: undefined, dateStyle: undefined }),
      },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: [
      {
        type: 'value',
        show: hasCounts,
        minInterval: 1,
        splitLine: { lineStyle: { color: COLORS.grid } },
        axisLabel: { formatter: (v: number) => formatCount(v, locale) },
      },
      {
        type: 'value',
        show: hasRates,
        min: 0,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => formatRate(v, locale) },
      },
    ],
    series: series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      data: s.values,
      yAxisIndex: s.kind === 'rate' ? 1 : 0,
      showSymbol: days.length <= 31,
      symbolSize: 4,
      connectNulls: false,
      lineStyle: { width: 2, color: s.color },
      itemStyle: { color: s.color },
      ...(s.kind === 'count' ? { areaStyle: { color: s.color, opacity: 0.08 } } : {}),
      tooltip: {
        valueFormatter: (v) =>
          typeof v === 'number' ? (s.kind === 'rate' ? formatRate(v, locale) : formatCount(v, locale)) : '–',
      },
    })),
  }
}
