import { BarChart, FunnelChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { type EChartsType, init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { ChartOption } from './chart-option.ts'

// The modular build: only these parts of the library are bundled (and only into the chunks of
// pages that import this file).
use([
  BarChart,
  LineChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
])

/**
 * One chart. Its accessible name says what it shows; the numbers themselves are always also in a
 * table beside it, so the chart is never the only way to read them.
 */
export function Chart({
  option,
  label,
  height = 260,
  testId,
}: {
  option: ChartOption
  label: string
  height?: number
  testId?: string
}) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)

  useEffect(() => {
    const el = element.current
    if (!el) return
    const instance = init(el, undefined, { renderer: 'svg' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    // Who asked the system for less motion gets the chart drawn at once, without its animation.
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
    chart.current?.setOption(still ? { ...option, animation: false } : option, { notMerge: true })
  }, [option])

  return (
    <div
      ref={element}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  )
}
