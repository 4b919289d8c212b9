import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

/** The option of every chart the dashboard draws: only the series and components registered. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | FunnelSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
>

export const COLORS = {
  primary: '#1f4fd1',
  primarySoft: '#c9d6f7',
  micro: '#0f8b8d',
  macro: '#7a3ee0',
  previous: '#9aa3b2',
  dropOff: '#e9ecf2',
  bottleneck: '#d1362f',
  bottleneckSoft: '#f6c8c5',
  text: '#1d2433',
  muted: '#5d6678',
  grid: '#eef0f4',
} as const

export const BASE_TEXT = { color: COLORS.text, fontFamily: 'system-ui, sans-serif', fontSize: 12 }
