import type { ReactNode } from 'react'
import { Link, navigate, useLocation } from '../router/router.tsx'
import { useMe, useOptionalSite, useSession } from '../session/session.tsx'
import { SECTIONS, type Section } from './routes.ts'

/** Header (site switcher, sections, the signed-in user) above the page. */
export function Layout({ section, children }: { section: Section | null; children: ReactNode }) {
  const me = useMe()
  const current = useOptionalSite()
  const { logout } = useSession()
  const { path, params } = useLocation()

  const switchSite = (siteId: string) => {
    // A detail page (a goal, a funnel) belongs to the old site: go to its section instead.
    const top = `/${path.split('/')[1] ?? ''}`
    const url = new URLSearchParams(params)
    url.set('site', siteId)
    navigate(`${top}?${url.toString()}`)
  }

  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Stepwise overview">
          <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M7 23h6v-5h6v-5h6" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
          </svg>
          Stepwise
        </Link>
        {me.sites.length > 0 ? (
          <label className="site-switcher">
            <span className="sr-only">Site</span>
            <select
              aria-label="Site"
              data-testid="site-switcher"
              value={current?.site.id ?? ''}
              onChange={(e) => switchSite(e.target.value)}
            >
              {me.sites.map(({ site }) => (
                <option key={site.id} value={site.id}>
                  {site.name} ({site.domain})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <nav aria-label="Sections">
          {SECTIONS.map((s) => (
            <Link key={s.section} to={s.path} aria-current={s.section === section ? 'page' : undefined}>
              {s.label}
            </Link>
          ))}
        </nav>
        <div className="user">
          <Link
            to="/account"
            title={`${me.user.email}: your account and password`}
            aria-current={section === 'account' ? 'page' : undefined}
            data-testid="account-link"
          >
            {me.user.name || me.user.email}
          </Link>
          {current ? (
            <span className="badge" data-testid="role-badge">
              {me.user.instanceAdmin ? 'instance admin' : current.role}
            </span>
          ) : null}
          <button type="button" className="button-quiet" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  )
}
