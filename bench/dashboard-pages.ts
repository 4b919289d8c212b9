import type { Page } from 'playwright-core'

/**
 * The dashboard pages the dashboard benchmark times, and when each counts as shown: every
 * figure, table and chart of the page is in the DOM and no loading state is left. Selectors come
 * from dashboard/src (the `data-testid`s test/dashboard.e2e.test.ts reads too).
 */

/** What a page shows once its data is in. */
export interface ReadyCheck {
  /** Each must match at least one element. */
  present: string[]
  /** None may match: loading states. */
  absent: string[]
  /** Elements whose text must differ from a placeholder (`…` while counting, `–` without a total). */
  notText?: Array<{ selector: string; text: string }>
}

/** Loading states of any page: the spinner, a section reloading, a figure being refreshed. */
const NO_LOADING = ['.state-loading', '[aria-busy=true]', '.refreshing']

export interface BenchPeriod {
  site: string
  from: string
  to: string
}

export interface PageContext {
  baseUrl: string
  period: BenchPeriod
  /** The saved "Checkout" funnel's id. */
  funnelId: string
  /** The goal whose editor is opened (by its name in the goals list). */
  goalName: string
}

/** A page, or one more thing shown by the navigation of the page before it (`after`). */
export interface PageSpec {
  name: string
  /** How it is reached: a full navigation, or a click in the page the previous spec left. */
  open:
    | { kind: 'goto'; path: (ctx: PageContext) => string }
    | { kind: 'click'; selector: (ctx: PageContext) => string }
  ready: ReadyCheck
  /** Timed from the navigation of the page named here (a second milestone of that navigation). */
  after?: string
}

/** `?site=…&range=custom&from=…&to=…&compare=previous`: the demo's whole period, compared. */
export function pageUrl(ctx: PageContext, path: string): string {
  const p = ctx.period
  const query = new URLSearchParams({
    site: p.site,
    range: 'custom',
    from: p.from,
    to: p.to,
    compare: 'previous',
  })
  return `${ctx.baseUrl}${path}?${query}`
}

export const DASHBOARD_PAGES: readonly PageSpec[] = [
  {
    name: 'overview',
    open: { kind: 'goto', path: () => '/' },
    ready: {
      present: [
        '[data-testid=stat-visitors]',
        '[data-testid=stat-sessions]',
        '[data-testid=stat-micro]',
        '[data-testid=stat-macro]',
        'section[aria-labelledby=trend-title] .chart svg',
        '[data-testid=top-goals] tbody tr',
        '[data-testid=top-channel] tbody tr',
        '[data-testid=top-campaign] tbody tr',
      ],
      absent: NO_LOADING,
      notText: [{ selector: '[data-testid=realtime-count] .stat-value', text: '…' }],
    },
  },
  {
    name: 'goals',
    open: { kind: 'goto', path: () => '/goals' },
    ready: {
      present: [
        '[data-testid=goals-micro] [data-testid=goal-row]',
        '[data-testid=goals-macro] [data-testid=goal-row]',
      ],
      absent: NO_LOADING,
    },
  },
  {
    // Opened as a person does: the goal's link in the list the goals page left.
    name: 'goal_editor',
    open: {
      kind: 'click',
      selector: (ctx) => `[data-testid=goal-row][data-goal-name="${ctx.goalName}"] th a`,
    },
    ready: {
      present: ['input[name=name]', '[data-testid=preview-events]', '[data-testid=preview-visitors]'],
      absent: NO_LOADING,
      notText: [{ selector: '[data-testid=preview-rate]', text: '–' }],
    },
  },
  {
    name: 'funnel_report',
    open: { kind: 'goto', path: (ctx) => `/funnels/${encodeURIComponent(ctx.funnelId)}` },
    ready: {
      present: [
        '[data-testid=funnel-steps] tbody tr',
        '[data-testid=funnel-report] .chart svg',
        '[data-testid=funnel-breakdown] tbody tr',
        '.funnel-list a',
      ],
      // The people list below the report loads after it: timed as the next milestone.
      absent: [
        '.funnel-main > .state-loading',
        '.funnel-main > [aria-busy=true]',
        '.funnel-list .state-loading',
      ],
    },
  },
  {
    name: 'funnel_people',
    open: { kind: 'goto', path: (ctx) => `/funnels/${encodeURIComponent(ctx.funnelId)}` },
    after: 'funnel_report',
    ready: {
      present: ['[data-testid=people-total]', '[data-testid=funnel-people] tbody tr'],
      absent: NO_LOADING,
    },
  },
  {
    name: 'realtime',
    open: { kind: 'goto', path: () => '/realtime' },
    ready: {
      present: ['[data-testid=realtime-event]', '[data-testid=realtime-visitors]'],
      absent: NO_LOADING,
    },
  },
  {
    name: 'settings',
    open: { kind: 'goto', path: () => '/settings' },
    ready: {
      present: [
        '[data-testid=settings-sites] tbody tr',
        '[data-testid=tracker-snippet]',
        '[data-testid=key-row]',
        '[data-testid=settings-users]',
      ],
      absent: NO_LOADING,
    },
  },
]

/** The part of the DOM `unmet` uses (the bench compiles without the DOM library). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null
}

/**
 * What of a check is not met yet; runs in the page. As a wait condition (`list` false) it answers
 * whether the page is shown, or shows an error (which ends the wait too). One self-contained
 * function: Playwright sends it as source text.
 */
function unmet({ check, list }: { check: ReadyCheck; list: boolean }): string[] | boolean {
  const error = document.querySelector('.state-error')
  if (error) return list ? [`error: ${error.textContent?.trim() ?? ''}`] : true
  const missing: string[] = []
  for (const s of check.present) if (!document.querySelector(s)) missing.push(`no ${s}`)
  for (const s of check.absent) if (document.querySelector(s)) missing.push(`still ${s}`)
  for (const { selector, text } of check.notText ?? []) {
    const el = document.querySelector(selector)
    if (!el || el.textContent?.trim() === text) missing.push(`${selector} shows "${text}"`)
  }
  return list ? missing : missing.length === 0
}

/**
 * Waits, checking on every animation frame, until the page shows what `check` asks for. Throws
 * when the page shows an error instead, or on a timeout, naming what was missing.
 */
export async function waitUntilShown(page: Page, check: ReadyCheck, timeoutMs: number): Promise<void> {
  const left = () => page.evaluate(unmet, { check, list: true }).catch(() => ['(page gone)'])
  try {
    // A function, not source text: the dashboard's Content-Security-Policy forbids eval.
    await page.waitForFunction(unmet, { check, list: false }, { polling: 'raf', timeout: timeoutMs })
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
    throw new Error(`${page.url()} not shown (${why}): ${String(await left())}`, { cause: err })
  }
  const missing = await left()
  if (Array.isArray(missing) && missing.some((m) => m.startsWith('error: ')))
    throw new Error(`${page.url()} shows an error: ${missing.join('; ')}`)
}
