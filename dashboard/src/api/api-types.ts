/**
 * The API's request and answer types, taken from the server's own code: requests from the zod
 * schemas it validates with (`z.input`: what a client may send), answers from the interfaces its
 * routes shape them with. Type imports only: none of the server's code reaches the bundle.
 */
import type { z } from 'zod'
import type {
  loginSchema,
  newSiteUserSchema,
  newUserSchema,
  passwordChangeSchema,
  setupSchema,
} from '../../../src/accounts/account-input.ts'
import type { SiteAccess, UserWithRoles } from '../../../src/accounts/user-admin.ts'
import type { eventsListSpecSchema } from '../../../src/reports/events-list/events-list-spec.ts'
import type { ApiEvent, shapeEventsList } from '../../../src/reports/events-list/shape-events-list.ts'
import type { FunnelPeoplePage } from '../../../src/reports/funnel/funnel-people.ts'
import type { FunnelResult } from '../../../src/reports/funnel/shape-funnel.ts'
import type { overviewSpecSchema } from '../../../src/reports/overview/overview-spec.ts'
import type { Overview } from '../../../src/reports/overview/shape-overview.ts'
import type { ratesQuerySchema } from '../../../src/reports/rates/rates-spec.ts'
import type { RatesReport } from '../../../src/reports/rates/shape-rates.ts'
import type { ErrorBody } from '../../../src/schema/app-error.ts'
import type {
  Funnel,
  funnelDefinitionSchema,
  funnelInputSchema,
  funnelPeopleRequestSchema,
  funnelReportRequestSchema,
  visitorListInputSchema,
} from '../../../src/schema/funnel.ts'
import type { Goal, goalInputSchema, Match } from '../../../src/schema/goal.ts'
import type { GoalPreview, goalPreviewRequestSchema } from '../../../src/schema/goal-preview.ts'
import type { CreatedSite } from '../../../src/sites/site-admin.ts'
import type { siteInputSchema } from '../../../src/sites/site-input.ts'
import type { ListMember } from '../../../src/sites/visitor-list-admin.ts'
import type { ApiKey, CreatedKey } from '../../../src/store/meta/keys-repository.ts'
import type { SiteMember } from '../../../src/store/meta/site-roles-repository.ts'
import type { Site } from '../../../src/store/meta/sites-repository.ts'
import type { User } from '../../../src/store/meta/users-repository.ts'
import type { VisitorList } from '../../../src/store/meta/visitor-lists-repository.ts'

export type { FunnelPerson } from '../../../src/reports/funnel/funnel-people.ts'
export type { Bottleneck, FunnelStepResult, FunnelSummary } from '../../../src/reports/funnel/shape-funnel.ts'

export type { GoalReport, RatesGroupRow } from '../../../src/reports/rates/shape-rates.ts'
export type { ConditionOp, KeyKind, SiteRole } from '../../../src/schema/choices.ts'
export type { Condition, Match } from '../../../src/schema/goal.ts'
export type {
  ApiEvent,
  ApiKey,
  CreatedKey,
  CreatedSite,
  ErrorBody,
  Funnel,
  FunnelPeoplePage,
  FunnelResult,
  Goal,
  GoalPreview,
  ListMember,
  Overview,
  RatesReport,
  Site,
  SiteAccess,
  SiteMember,
  User,
  UserWithRoles,
  VisitorList,
}

export type LoginInput = z.input<typeof loginSchema>
export type SetupInput = z.input<typeof setupSchema>
export type PasswordChangeInput = z.input<typeof passwordChangeSchema>
export type NewUserInput = z.input<typeof newUserSchema>
export type NewSiteUserInput = z.input<typeof newSiteUserSchema>
export type SiteInput = z.input<typeof siteInputSchema>

/*
 * `matchSchema` is recursive, so zod gives its input as unknown; the client sends a `Match`
 * wherever a match goes.
 */
type WithMatch<T> = Omit<T, 'match'> & { match?: Match }
type RawDefinition = z.input<typeof funnelDefinitionSchema>
type RawStep = RawDefinition['steps'][number]
export type GoalInput = Omit<z.input<typeof goalInputSchema>, 'match'> & { match: Match }
export type GoalPreviewRequest = Omit<z.input<typeof goalPreviewRequestSchema>, 'match'> & { match: Match }
export type FunnelStepInput = Omit<WithMatch<RawStep>, 'any'> & {
  any?: Array<WithMatch<NonNullable<RawStep['any']>[number]>>
}
export type FunnelExclusionInput = WithMatch<NonNullable<RawDefinition['exclusions']>[number]>
export type FunnelBreakdownInput = NonNullable<RawDefinition['breakdown']>
export type FunnelDefinitionInput = Omit<RawDefinition, 'steps' | 'exclusions'> & {
  steps: FunnelStepInput[]
  exclusions?: FunnelExclusionInput[]
}
export type FunnelInput = Omit<z.input<typeof funnelInputSchema>, 'definition'> & {
  definition: FunnelDefinitionInput
}
export type VisitorListInput = z.input<typeof visitorListInputSchema>
export type OverviewQuery = z.input<typeof overviewSpecSchema>

/** Query strings travel as text; the schemas coerce them. */
type AsQuery<T> = { [K in keyof T]?: string | number }
export type RatesQuery = AsQuery<z.input<typeof ratesQuerySchema>>
export type EventsQuery = AsQuery<z.input<typeof eventsListSpecSchema>>

/** The schemas take `definition` as unknown and check it afterwards; the client sends its shape. */
type WithDefinition<T> = Omit<T, 'definition'> & { definition?: FunnelDefinitionInput }
export type FunnelReportRequest = WithDefinition<z.input<typeof funnelReportRequestSchema>>
export type FunnelPeopleRequest = WithDefinition<z.input<typeof funnelPeopleRequestSchema>>

export interface Me {
  user: User
  sites: SiteAccess[]
  csrfToken: string
}

export interface SignedIn {
  user: User
  csrfToken: string
}

/** `GET /sites/:site/visitor-lists/:list/members`: one page, in person-key order. */
export interface ListMembersPage {
  visitorList: VisitorList
  members: ListMember[]
  nextCursor: string | null
}

export type FunnelReport = FunnelResult & { funnel: { id: string; name: string } | null }
export type FunnelPeople = FunnelPeoplePage & { funnel: { id: string; name: string } | null }
export type EventsPage = ReturnType<typeof shapeEventsList>
