import { type ComponentType, type LazyExoticComponent, lazy } from 'react'

/** The signed-in pages, each its own chunk: the chart library loads with the pages that draw. */
export interface PageRoute {
  pattern: string
  /** The navigation entry it belongs to. */
  section: Section
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>
}

export type Section = 'overview' | 'goals' | 'funnels' | 'realtime' | 'settings'

const OverviewPage = lazy(() =>
  import('../pages/overview/overview-page.tsx').then((m) => ({ default: m.OverviewPage })),
)
const GoalsPage = lazy(() => import('../pages/goals/goals-page.tsx').then((m) => ({ default: m.GoalsPage })))
const GoalEditorPage = lazy(() =>
  import('../pages/goals/goal-editor-page.tsx').then((m) => ({ default: m.GoalEditorPage })),
)
const FunnelsPage = lazy(() =>
  import('../pages/funnels/funnels-page.tsx').then((m) => ({ default: m.FunnelsPage })),
)
const RealtimePage = lazy(() =>
  import('../pages/realtime/realtime-page.tsx').then((m) => ({ default: m.RealtimePage })),
)
const SettingsPage = lazy(() =>
  import('../pages/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })),
)

export const PAGE_ROUTES: readonly PageRoute[] = [
  { pattern: '/', section: 'overview', page: OverviewPage },
  { pattern: '/goals', section: 'goals', page: GoalsPage },
  { pattern: '/goals/new', section: 'goals', page: GoalEditorPage },
  { pattern: '/goals/:goal', section: 'goals', page: GoalEditorPage },
  { pattern: '/funnels', section: 'funnels', page: FunnelsPage },
  { pattern: '/funnels/new', section: 'funnels', page: FunnelsPage },
  { pattern: '/funnels/:funnel', section: 'funnels', page: FunnelsPage },
  { pattern: '/realtime', section: 'realtime', page: RealtimePage },
  { pattern: '/settings', section: 'settings', page: SettingsPage },
]

export const SECTIONS: ReadonlyArray<{ section: Section; path: string; label: string }> = [
  { section: 'overview', path: '/', label: 'Overview' },
  { section: 'goals', path: '/goals', label: 'Goals' },
  { section: 'funnels', path: '/funnels', label: 'Funnels' },
  { section: 'realtime', path: '/realtime', label: 'Realtime' },
  { section: 'settings', path: '/settings', label: 'Settings' },
]
