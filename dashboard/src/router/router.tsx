import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

/**
 * A small history router: the path picks the page, the query keeps what pages share (the site
 * and the period), so a reload or a shared link shows the same thing.
 */

const listeners = new Set<() => void>()
const notify = () => {
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

const snapshot = () => `${window.location.pathname}${window.location.search}`

export interface Location {
  path: string
  params: URLSearchParams
  href: string
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot)
  const url = new URL(href, window.location.origin)
  return { path: url.pathname, params: url.searchParams, href }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.scrollTo?.(0, 0)
  notify()
}

/** Sets or removes query parameters of the current URL, without a new history entry. */
export function setParams(changes: Record<string, string | null>, options: { push?: boolean } = {}): void {
  const url = new URL(window.location.href)
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key)
    else url.searchParams.set(key, value)
  }
  navigate(`${url.pathname}${url.search}`, { replace: !options.push })
}

/** `/funnels/:funnel` against `/funnels/fnl_1` → `{funnel: 'fnl_1'}`; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string
    const g = got[i] as string
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g)
      } catch {
        return null
      }
    } else if (w !== g) return null
  }
  return params
}

/** Query parameters that follow the user from page to page. */
export const STICKY_PARAMS = ['site', 'range', 'from', 'to', 'compare'] as const

/** A path with the current sticky parameters. */
export function withSticky(path: string, current: URLSearchParams): string {
  const [base, query = ''] = path.split('?')
  const params = new URLSearchParams(query)
  for (const key of STICKY_PARAMS) {
    const value = current.get(key)
    if (value !== null && !params.has(key)) params.set(key, value)
  }
  const text = params.toString()
  return text ? `${base}?${text}` : (base ?? path)
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; keepParams?: boolean }

/** An in-app link: a real `<a href>` (open in a new tab works), navigated without a reload. */
export function Link({ to, keepParams = true, onClick, ...rest }: LinkProps) {
  const { params } = useLocation()
  const href = keepParams ? withSticky(to, params) : to
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={click} {...rest} />
}
