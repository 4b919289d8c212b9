import { z } from 'zod'
import { eventsListSpecSchema } from '../reports/events-list/events-list-spec.ts'
import { overviewSpecSchema } from '../reports/overview/overview-spec.ts'
import { ratesQuerySchema } from '../reports/rates/rates-spec.ts'
import {
  funnelDefinitionSchema,
  funnelInputSchema,
  funnelPeopleRequestSchema,
  funnelReportRequestSchema,
  visitorListInputSchema,
} from '../schema/funnel.ts'
import { goalInputSchema } from '../schema/goal.ts'
import { goalPreviewRequestSchema } from '../schema/goal-preview.ts'
import { type ApiOperation, named } from './openapi-operation.ts'

// The members query is checked by hand in the route; this mirrors that check for the document.
const membersQuerySchema = z.object({
  format: z.enum(['json', 'csv']).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
})

// The request schemas take `definition` as unknown and check it later; the document shows its shape.
const withDefinition = { definition: funnelDefinitionSchema.optional() }
const GOAL = named('GoalInput', goalInputSchema)
const FUNNEL = named('FunnelInput', funnelInputSchema)

/** Reports, goals, funnels and visitor lists of a site. */
export const DATA_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/sites/:site/events',
    summary: 'Stored events, newest first',
    tag: 'reports',
    access: 'read',
    query: eventsListSpecSchema,
    answer: '{events: ApiEvent[], nextCursor} (src/reports/events-list/shape-events-list.ts)',
  },
  {
    method: 'get',
    path: '/sites/:site/stats/overview',
    summary: 'Visitors, sessions, page views and events per day',
    tag: 'reports',
    access: 'read',
    query: overviewSpecSchema,
    answer: 'Overview (src/reports/overview/shape-overview.ts)',
  },
  {
    method: 'get',
    path: '/sites/:site/reports/rates',
    summary: 'Conversion rates per goal, series, breakdown, comparison',
    tag: 'reports',
    access: 'read',
    query: ratesQuerySchema,
    answer: 'RatesReport (src/reports/rates/shape-rates.ts)',
  },

  {
    method: 'get',
    path: '/sites/:site/goals',
    summary: "The site's goals",
    tag: 'goals',
    access: 'read',
    answer: '{goals: Goal[]} (src/schema/goal.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/goals',
    summary: 'Create a goal',
    tag: 'goals',
    access: 'edit',
    body: GOAL,
    status: 201,
    answer: '{goal: Goal}',
  },
  {
    method: 'post',
    path: '/sites/:site/goals/import',
    summary: 'Create or replace goals by name',
    tag: 'goals',
    access: 'edit',
    body: named('GoalImport', z.object({ goals: z.array(goalInputSchema) })),
    answer: 'GoalImportResult (src/sites/goal-admin.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/goals/preview',
    summary: 'Events and visitors a match finds, before it is saved',
    tag: 'goals',
    access: 'read',
    body: named('GoalPreviewRequest', goalPreviewRequestSchema),
    answer: 'GoalPreview (src/schema/goal-preview.ts)',
  },
  {
    method: 'get',
    path: '/sites/:site/goals/:goal',
    summary: 'One goal (id or name)',
    tag: 'goals',
    access: 'read',
    answer: '{goal: Goal}',
  },
  {
    method: 'put',
    path: '/sites/:site/goals/:goal',
    summary: 'Replace a goal',
    tag: 'goals',
    access: 'edit',
    body: GOAL,
    answer: '{goal: Goal}',
  },
  {
    method: 'delete',
    path: '/sites/:site/goals/:goal',
    summary: 'Delete a goal',
    tag: 'goals',
    access: 'edit',
    answer: '{goal: Goal}',
  },

  {
    method: 'get',
    path: '/sites/:site/funnels',
    summary: 'Saved funnels',
    tag: 'funnels',
    access: 'read',
    answer: '{funnels: Funnel[]} (src/schema/funnel.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/funnels',
    summary: 'Save a funnel',
    tag: 'funnels',
    access: 'edit',
    body: FUNNEL,
    status: 201,
    answer: '{funnel: Funnel}',
  },
  {
    method: 'get',
    path: '/sites/:site/funnels/:funnel',
    summary: 'One saved funnel (id or name)',
    tag: 'funnels',
    access: 'read',
    answer: '{funnel: Funnel}',
  },
  {
    method: 'put',
    path: '/sites/:site/funnels/:funnel',
    summary: 'Replace a saved funnel',
    tag: 'funnels',
    access: 'edit',
    body: FUNNEL,
    answer: '{funnel: Funnel}',
  },
  {
    method: 'delete',
    path: '/sites/:site/funnels/:funnel',
    summary: 'Delete a saved funnel',
    tag: 'funnels',
    access: 'edit',
    answer: '{funnel: Funnel}',
  },
  {
    method: 'post',
    path: '/sites/:site/reports/funnel',
    summary: 'The funnel report',
    tag: 'funnels',
    access: 'read',
    body: named('FunnelReportRequest', funnelReportRequestSchema.safeExtend(withDefinition)),
    answer: '{funnel} & FunnelResult (src/reports/funnel/shape-funnel.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/reports/funnel/people',
    summary: 'People who completed or dropped after a step',
    tag: 'funnels',
    access: 'read',
    body: named('FunnelPeopleRequest', funnelPeopleRequestSchema.safeExtend(withDefinition)),
    answer: '{funnel} & FunnelPeoplePage (src/reports/funnel/funnel-people.ts)',
  },
  {
    method: 'get',
    path: '/sites/:site/visitor-lists',
    summary: 'Saved visitor lists',
    tag: 'funnels',
    access: 'read',
    answer: '{visitorLists: VisitorList[]} (src/store/meta/visitor-lists-repository.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/visitor-lists',
    summary: "Save a funnel's people as a visitor list",
    tag: 'funnels',
    access: 'edit',
    body: named('VisitorListInput', visitorListInputSchema),
    status: 201,
    answer: '{visitorList: VisitorList}',
  },
  {
    method: 'get',
    path: '/sites/:site/visitor-lists/:list',
    summary: 'One visitor list',
    tag: 'funnels',
    access: 'read',
    answer: '{visitorList: VisitorList}',
  },
  {
    method: 'get',
    path: '/sites/:site/visitor-lists/:list/members',
    summary: "A list's members page by page, or all as CSV",
    tag: 'funnels',
    access: 'read',
    query: membersQuerySchema,
    answer: '{visitorList, members, nextCursor}, or text/csv with format=csv',
  },
  {
    method: 'delete',
    path: '/sites/:site/visitor-lists/:list',
    summary: 'Delete a visitor list',
    tag: 'funnels',
    access: 'edit',
    answer: '{visitorList: VisitorList}',
  },
]
