import { type ComponentType, type LazyExoticComponent, lazy } from 'react'

/** The signed-in pages, each its own chunk: the chart library loads with the pages that draw. */
export interface PageRoute {
  pattern: string
  /** The navigation entry it belongs to. */
  section: Section
  /** Pages about the open site; the others (settings, your account) open without one. */
  needsSite: boolean
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>
}

export type Section = 'overview' | 'goals' | 'funnels' | 'visitor-lists' | 'realtime' | 'settings' | 'account'

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
const VisitorListsPage = lazy(() =>
  import('../pages/visitor-lists/visitor-lists-page.tsx').then((m) => ({ default: m.VisitorListsPage })),
)
const RealtimePage = lazy(() =>
  import('../pages/realtime/realtime-page.tsx').then((m) => ({ default: m.RealtimePage })),
)
const SettingsPage = lazy(() =>
  import('../pages/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })),
)
const AccountPage = lazy(() =>
  import('../pages/account/account-page.tsx').then((m) => ({ default: m.AccountPage })),
)

export const PAGE_ROUTES: readonly PageRoute[] = [
  { pattern: '/', section: 'overview', needsSite: true, page: OverviewPage },
  { pattern: '/goals', section: 'goals', needsSite: true, page: GoalsPage },
  { pattern: '/goals/new', section: 'goals', needsSite: true, page: GoalEditorPage },
  { pattern: '/goals/:goal', section: 'goals', needsSite: true, page: GoalEditorPage },
  { pattern: '/funnels', section: 'funnels', needsSite: true, page: FunnelsPage },
  { pattern: '/funnels/new', section: 'funnels', needsSite: true, page: FunnelsPage },
  { pattern: '/funnels/:funnel', section: 'funnels', needsSite: true, page: FunnelsPage },
  { pattern: '/visitor-lists', section: 'visitor-lists', needsSite: true, page: VisitorListsPage },
  { pattern: '/visitor-lists/:list', section: 'visitor-lists', needsSite: true, page: VisitorListsPage },
  { pattern: '/realtime', section: 'realtime', needsSite: true, page: RealtimePage },
  { pattern: '/settings', section: 'settings', needsSite: false, page: SettingsPage },
  { pattern: '/account', section: 'account', needsSite: false, page: AccountPage },
]

export const SECTIONS: ReadonlyArray<{ section: Section; path: string; label: string }> = [
  { section: 'overview', path: '/', label: 'Overview' },
  { section: 'goals', path: '/goals', label: 'Goals' },
  { section: 'funnels', path: '/funnels', label: 'Funnels' },
  { section: 'visitor-lists', path: '/visitor-lists', label: 'Visitor lists' },
  { section: 'realtime', path: '/realtime', label: 'Realtime' },
  { section: 'settings', path: '/settings', label: 'Settings' },
]
