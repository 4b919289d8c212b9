import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { roleMay, type SiteAction } from '../../../src/accounts/permissions.ts'
import type { LoginInput, Me, SetupInput, Site, SiteRole } from '../api/api-types.ts'
import { ApiError } from '../api/http.ts'
import type { StepwiseApi } from '../api/stepwise-api.ts'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; expired: boolean }
  | { status: 'signed_in'; me: Me }
  | { status: 'error'; error: Error }

interface SessionContextValue {
  api: StepwiseApi
  state: SessionState
  refresh(): Promise<void>
  login(input: LoginInput): Promise<void>
  setup(input: SetupInput): Promise<void>
  logout(): Promise<void>
}

const SessionContext = createContext<SessionContextValue | null>(null)

/** Who is signed in (`GET /auth/me`), their sites and roles; the CSRF token for every change. */
export function SessionProvider({ api, children }: { api: StepwiseApi; children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  const refresh = useCallback(async () => {
    try {
      const me = await api.auth.me()
      api.http.setCsrfToken(me.csrfToken)
      setState({ status: 'signed_in', me })
    } catch (err) {
      api.http.setCsrfToken(null)
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signed_out', expired: false })
      else setState({ status: 'error', error: err instanceof Error ? err : new Error(String(err)) })
    }
  }, [api])

  useEffect(() => {
    void refresh()
    return api.http.onUnauthorized(() => {
      api.http.setCsrfToken(null)
      setState({ status: 'signed_out', expired: true })
    })
  }, [api, refresh])

  const value = useMemo<SessionContextValue>(
    () => ({
      api,
      state,
      refresh,
      async login(input) {
        const signed = await api.auth.login(input)
        api.http.setCsrfToken(signed.csrfToken)
        await refresh()
      },
      async setup(input) {
        const signed = await api.auth.setup(input)
        api.http.setCsrfToken(signed.csrfToken)
        await refresh()
      },
      async logout() {
        try {
          await api.auth.logout()
        } finally {
          api.http.setCsrfToken(null)
          setState({ status: 'signed_out', expired: false })
        }
      },
    }),
    [api, state, refresh],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

export function useApi(): StepwiseApi {
  return useSession().api
}

export function useMe(): Me {
  const { state } = useSession()
  if (state.status !== 'signed_in') throw new Error('useMe before sign-in')
  return state.me
}

/** The open site, the user's role on it, and what that role may do there. */
export interface CurrentSite {
  site: Site
  role: SiteRole
  can(action: SiteAction): boolean
}

const CurrentSiteContext = createContext<CurrentSite | null>(null)
export const CurrentSiteProvider = CurrentSiteContext.Provider

export function useCurrentSite(): CurrentSite {
  const value = useContext(CurrentSiteContext)
  if (!value) throw new Error('useCurrentSite outside a site')
  return value
}

export function useOptionalSite(): CurrentSite | null {
  return useContext(CurrentSiteContext)
}

export function currentSiteOf(me: Me, siteId: string | null): CurrentSite | null {
  const access = me.sites.find((s) => s.site.id === siteId) ?? me.sites[0]
  if (!access) return null
  return { site: access.site, role: access.role, can: (action) => roleMay(access.role, action) }
}
