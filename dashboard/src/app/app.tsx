import { Suspense, useEffect } from 'react'
import { ErrorNote, Loading } from '../components/states.tsx'
import { LoginPage } from '../pages/auth/login-page.tsx'
import { SetupPage } from '../pages/auth/setup-page.tsx'
import { matchPath, navigate, useLocation } from '../router/router.tsx'
import { CurrentSiteProvider, currentSiteOf, useSession } from '../session/session.tsx'
import { ErrorBoundary } from './error-boundary.tsx'
import { Layout } from './layout.tsx'
import { PAGE_ROUTES } from './routes.ts'

const LAST_SITE = 'stepwise.site'

function rememberedSite(): string | null {
  try {
    return window.localStorage.getItem(LAST_SITE)
  } catch {
    return null
  }
}

/** Sign-in first; then the open site (from the URL, else the last one used) and its page. */
export function App() {
  const { state, refresh } = useSession()
  const { path, params } = useLocation()

  const signedIn = state.status === 'signed_in'
  useEffect(() => {
    if (signedIn && path === '/login') navigate(params.get('next') ?? '/', { replace: true })
  }, [signedIn, path, params])

  if (path === '/setup') return <SetupPage />
  if (state.status === 'loading') return <Loading label="Opening Stepwise…" />
  if (state.status === 'error')
    return (
      <main className="centered">
        <ErrorNote error={state.error} onRetry={() => void refresh()} />
      </main>
    )
  if (state.status === 'signed_out') return <LoginPage expired={state.expired} />

  const requested = params.get('site')
  const current = currentSiteOf(state.me, requested ?? rememberedSite())
  const route = PAGE_ROUTES.map((r) => ({ r, params: matchPath(r.pattern, path) })).find((m) => m.params)
  return (
    <CurrentSiteProvider value={current}>
      <SiteRemembered siteId={current?.site.id ?? null} inUrl={requested} />
      <Layout section={route?.r.section ?? null}>
        <ErrorBoundary key={path}>
          <Suspense fallback={<Loading />}>
            {!route ? (
              <ErrorNote error={new Error(`There is no page at ${path}`)} />
            ) : !current && route.r.needsSite ? (
              <NoSite />
            ) : (
              <route.r.page params={route.params ?? {}} />
            )}
          </Suspense>
        </ErrorBoundary>
      </Layout>
    </CurrentSiteProvider>
  )
}

/** Puts the open site into the URL (so links carry it) and remembers it for the next visit. */
function SiteRemembered({ siteId, inUrl }: { siteId: string | null; inUrl: string | null }) {
  useEffect(() => {
    if (!siteId) return
    try {
      window.localStorage.setItem(LAST_SITE, siteId)
    } catch {
      // Storage may be off; the URL still carries the site.
    }
    if (inUrl !== siteId) {
      const url = new URL(window.location.href)
      url.searchParams.set('site', siteId)
      navigate(`${url.pathname}${url.search}`, { replace: true })
    }
  }, [siteId, inUrl])
  return null
}

function NoSite() {
  return (
    <div className="state state-empty">
      <strong>No site yet</strong>
      <div>
        You have no role on any site. An instance administrator can create a site under Settings, or give you
        a role.
      </div>
    </div>
  )
}
