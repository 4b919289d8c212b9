import { z } from 'zod'
import {
  loginSchema,
  newSiteUserSchema,
  newUserSchema,
  passwordChangeSchema,
  roleInputSchema,
  setupSchema,
} from '../accounts/account-input.ts'
import { KEY_KINDS } from '../schema/choices.ts'
import { durationSchema, funnelDefinitionSchema } from '../schema/funnel.ts'
import { conditionSchema, goalValueSchema, matchSchema, pathPatternSchema } from '../schema/goal.ts'
import { siteInputSchema } from '../sites/site-input.ts'
import { DATA_OPERATIONS } from './openapi-data-operations.ts'
import { type ApiOperation, type NamedSchema, named } from './openapi-operation.ts'

// The key body is checked by hand in the route; this mirrors that check for the document.
const keyInputSchema = z.object({
  kind: z.enum(KEY_KINDS),
  label: z.string().max(200).default(''),
})

/** Parts that several bodies share, listed under their own names. */
export const SHARED_SCHEMAS: readonly NamedSchema[] = [
  named('Match', matchSchema),
  named('Condition', conditionSchema),
  named('PathPattern', pathPatternSchema),
  named('GoalValue', goalValueSchema),
  named('FunnelDefinition', funnelDefinitionSchema),
  named('Duration', durationSchema, 'A whole number and a unit (s, m, h, d, w): 90s, 30m, 12h, 7d'),
]

/** The system, accounts, sites and keys. */
const ADMIN_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Health of the stores and the ingest',
    tag: 'system',
    access: 'public',
    answer: 'HealthReport (src/server/create-app.ts)',
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'system',
    access: 'public',
    answer: 'OpenAPI 3.1 document',
  },
  {
    method: 'post',
    path: '/admin/migrate',
    summary: 'Apply pending migrations',
    tag: 'system',
    access: 'instance',
    answer: '{applied: {events: string[], meta: string[]}}',
  },

  {
    method: 'post',
    path: '/auth/setup',
    summary: 'Create the first administrator from the one-time token',
    tag: 'accounts',
    access: 'public',
    body: named('SetupInput', setupSchema),
    status: 201,
    answer: '{user, csrfToken}; sets the stepwise_session cookie',
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in',
    tag: 'accounts',
    access: 'public',
    body: named('LoginInput', loginSchema),
    answer: '{user, csrfToken}; sets the stepwise_session cookie',
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out',
    tag: 'accounts',
    access: 'signed_in',
    answer: '{signedOut: true}',
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in user, their sites and roles, the CSRF token',
    tag: 'accounts',
    access: 'signed_in',
    answer: '{user, sites: SiteAccess[], csrfToken} (src/accounts/user-admin.ts)',
  },
  {
    method: 'post',
    path: '/auth/password',
    summary: 'Change your password (ends your other sessions)',
    tag: 'accounts',
    access: 'signed_in',
    body: named('PasswordChangeInput', passwordChangeSchema),
    answer: '{user}',
  },
  {
    method: 'get',
    path: '/users',
    summary: 'Every user with their roles',
    tag: 'accounts',
    access: 'instance',
    answer: '{users: UserWithRoles[]} (src/accounts/user-admin.ts)',
  },
  {
    method: 'post',
    path: '/users',
    summary: 'Create a user',
    tag: 'accounts',
    access: 'instance',
    body: named('NewUserInput', newUserSchema),
    status: 201,
    answer: '{user: User}',
  },
  {
    method: 'delete',
    path: '/users/:user',
    summary: 'Delete a user (id or e-mail address)',
    tag: 'accounts',
    access: 'instance',
    answer: '{user: User}',
  },
  {
    method: 'get',
    path: '/sites/:site/users',
    summary: "The site's users and their roles",
    tag: 'accounts',
    access: 'manage',
    answer: '{users: SiteMember[]} (src/store/meta/site-roles-repository.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/users',
    summary: 'Create a user with a role on the site',
    tag: 'accounts',
    access: 'manage',
    body: named('NewSiteUserInput', newSiteUserSchema),
    status: 201,
    answer: 'SiteMember',
  },
  {
    method: 'put',
    path: '/sites/:site/users/:user',
    summary: "Set a user's role on the site",
    tag: 'accounts',
    access: 'manage',
    body: named('RoleInput', roleInputSchema),
    answer: 'SiteMember',
  },
  {
    method: 'delete',
    path: '/sites/:site/users/:user',
    summary: "Remove a user's role on the site",
    tag: 'accounts',
    access: 'manage',
    answer: 'SiteMember',
  },

  {
    method: 'get',
    path: '/sites',
    summary: 'The sites the caller may see',
    tag: 'sites',
    access: 'any_caller',
    answer: '{sites: Site[]} (src/store/meta/sites-repository.ts)',
  },
  {
    method: 'post',
    path: '/sites',
    summary: 'Create a site with a write key and an admin key',
    tag: 'sites',
    access: 'instance',
    body: named('SiteInput', siteInputSchema),
    status: 201,
    answer: 'CreatedSite (src/sites/site-admin.ts); the secret key is shown only here',
  },
  {
    method: 'get',
    path: '/sites/:site',
    summary: 'One site',
    tag: 'sites',
    access: 'read',
    answer: '{site: Site}',
  },
  {
    method: 'get',
    path: '/sites/:site/keys',
    summary: "The site's keys (secrets are never shown again)",
    tag: 'sites',
    access: 'manage',
    answer: '{keys: ApiKey[]} (src/store/meta/keys-repository.ts)',
  },
  {
    method: 'post',
    path: '/sites/:site/keys',
    summary: 'Create a key',
    tag: 'sites',
    access: 'manage',
    body: named('KeyInput', keyInputSchema),
    status: 201,
    answer: 'CreatedKey: the full key is shown only here',
  },
  {
    method: 'delete',
    path: '/sites/:site/keys/:key',
    summary: 'Revoke a key',
    tag: 'sites',
    access: 'manage',
    answer: '{key: ApiKey}',
  },
]

/** Every operation under `/api/v1`, in the order the document lists them. */
export const API_OPERATIONS: readonly ApiOperation[] = [...ADMIN_OPERATIONS, ...DATA_OPERATIONS]
