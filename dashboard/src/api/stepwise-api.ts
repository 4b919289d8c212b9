import type {
  ApiKey,
  CreatedKey,
  CreatedSite,
  EventsPage,
  EventsQuery,
  Funnel,
  FunnelInput,
  FunnelPeople,
  FunnelPeopleRequest,
  FunnelReport,
  FunnelReportRequest,
  Goal,
  GoalInput,
  GoalPreview,
  GoalPreviewRequest,
  KeyKind,
  ListMembersPage,
  LoginInput,
  Me,
  NewSiteUserInput,
  NewUserInput,
  Overview,
  OverviewQuery,
  PasswordChangeInput,
  RatesQuery,
  RatesReport,
  SetupInput,
  SignedIn,
  Site,
  SiteInput,
  SiteMember,
  SiteRole,
  User,
  UserWithRoles,
  VisitorList,
  VisitorListInput,
} from './api-types.ts'
import type { Http } from './http.ts'

const seg = encodeURIComponent

/** Every call the dashboard makes, typed from the server's schemas and answer shapes. */
export function createStepwiseApi(http: Http) {
  const site = (id: string) => `/sites/${seg(id)}`
  return {
    http,
    auth: {
      me: () => http.request<Me>('GET', '/auth/me'),
      login: (body: LoginInput) => http.request<SignedIn>('POST', '/auth/login', { body }),
      setup: (body: SetupInput) => http.request<SignedIn>('POST', '/auth/setup', { body }),
      logout: () => http.request<{ signedOut: true }>('POST', '/auth/logout'),
      /** Ends the user's other sessions; this one stays signed in. */
      changePassword: (body: PasswordChangeInput) =>
        http.request<{ user: User }>('POST', '/auth/password', { body }),
    },
    sites: {
      list: () => http.request<{ sites: Site[] }>('GET', '/sites'),
      create: (body: SiteInput) => http.request<CreatedSite>('POST', '/sites', { body }),
    },
    keys: {
      list: (siteId: string) => http.request<{ keys: ApiKey[] }>('GET', `${site(siteId)}/keys`),
      create: (siteId: string, body: { kind: KeyKind; label: string }) =>
        http.request<CreatedKey>('POST', `${site(siteId)}/keys`, { body }),
      revoke: (siteId: string, keyId: string) =>
        http.request<{ key: ApiKey }>('DELETE', `${site(siteId)}/keys/${seg(keyId)}`),
    },
    reports: {
      overview: (siteId: string, query: OverviewQuery, signal?: AbortSignal) =>
        http.request<Overview>('GET', `${site(siteId)}/stats/overview`, {
          query,
          ...(signal ? { signal } : {}),
        }),
      rates: (siteId: string, query: RatesQuery, signal?: AbortSignal) =>
        http.request<RatesReport>('GET', `${site(siteId)}/reports/rates`, {
          query,
          ...(signal ? { signal } : {}),
        }),
      events: (siteId: string, query: EventsQuery, signal?: AbortSignal) =>
        http.request<EventsPage>('GET', `${site(siteId)}/events`, { query, ...(signal ? { signal } : {}) }),
      funnel: (siteId: string, body: FunnelReportRequest, signal?: AbortSignal) =>
        http.request<FunnelReport>('POST', `${site(siteId)}/reports/funnel`, {
          body,
          ...(signal ? { signal } : {}),
        }),
      funnelPeople: (siteId: string, body: FunnelPeopleRequest, signal?: AbortSignal) =>
        http.request<FunnelPeople>('POST', `${site(siteId)}/reports/funnel/people`, {
          body,
          ...(signal ? { signal } : {}),
        }),
    },
    goals: {
      list: (siteId: string) => http.request<{ goals: Goal[] }>('GET', `${site(siteId)}/goals`),
      get: (siteId: string, goal: string) =>
        http.request<{ goal: Goal }>('GET', `${site(siteId)}/goals/${seg(goal)}`),
      create: (siteId: string, body: GoalInput) =>
        http.request<{ goal: Goal }>('POST', `${site(siteId)}/goals`, { body }),
      update: (siteId: string, goal: string, body: GoalInput) =>
        http.request<{ goal: Goal }>('PUT', `${site(siteId)}/goals/${seg(goal)}`, { body }),
      remove: (siteId: string, goal: string) =>
        http.request<{ goal: Goal }>('DELETE', `${site(siteId)}/goals/${seg(goal)}`),
      preview: (siteId: string, body: GoalPreviewRequest, signal?: AbortSignal) =>
        http.request<GoalPreview>('POST', `${site(siteId)}/goals/preview`, {
          body,
          ...(signal ? { signal } : {}),
        }),
    },
    funnels: {
      list: (siteId: string) => http.request<{ funnels: Funnel[] }>('GET', `${site(siteId)}/funnels`),
      create: (siteId: string, body: FunnelInput) =>
        http.request<{ funnel: Funnel }>('POST', `${site(siteId)}/funnels`, { body }),
      update: (siteId: string, funnel: string, body: FunnelInput) =>
        http.request<{ funnel: Funnel }>('PUT', `${site(siteId)}/funnels/${seg(funnel)}`, { body }),
      remove: (siteId: string, funnel: string) =>
        http.request<{ funnel: Funnel }>('DELETE', `${site(siteId)}/funnels/${seg(funnel)}`),
    },
    visitorLists: {
      list: (siteId: string) =>
        http.request<{ visitorLists: VisitorList[] }>('GET', `${site(siteId)}/visitor-lists`),
      save: (siteId: string, body: VisitorListInput) =>
        http.request<{ visitorList: VisitorList }>('POST', `${site(siteId)}/visitor-lists`, { body }),
      members: (
        siteId: string,
        list: string,
        page: { limit: number; cursor?: string | null },
        signal?: AbortSignal,
      ) =>
        http.request<ListMembersPage>('GET', `${site(siteId)}/visitor-lists/${seg(list)}/members`, {
          query: { limit: page.limit, cursor: page.cursor },
          ...(signal ? { signal } : {}),
        }),
      remove: (siteId: string, list: string) =>
        http.request<{ visitorList: VisitorList }>('DELETE', `${site(siteId)}/visitor-lists/${seg(list)}`),
      /** Every member as CSV; a plain link, so the browser downloads it with the session cookie. */
      csvUrl: (siteId: string, list: string) =>
        `${http.base}${site(siteId)}/visitor-lists/${seg(list)}/members?format=csv`,
    },
    users: {
      listAll: () => http.request<{ users: UserWithRoles[] }>('GET', '/users'),
      create: (body: NewUserInput) => http.request<{ user: User }>('POST', '/users', { body }),
      remove: (user: string) => http.request<{ user: User }>('DELETE', `/users/${seg(user)}`),
      ofSite: (siteId: string) => http.request<{ users: SiteMember[] }>('GET', `${site(siteId)}/users`),
      createOnSite: (siteId: string, body: NewSiteUserInput) =>
        http.request<SiteMember>('POST', `${site(siteId)}/users`, { body }),
      setRole: (siteId: string, user: string, role: SiteRole) =>
        http.request<SiteMember>('PUT', `${site(siteId)}/users/${seg(user)}`, { body: { role } }),
      removeRole: (siteId: string, user: string) =>
        http.request<SiteMember>('DELETE', `${site(siteId)}/users/${seg(user)}`),
    },
  }
}

export type StepwiseApi = ReturnType<typeof createStepwiseApi>
