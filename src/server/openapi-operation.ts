import type { z } from 'zod'

/**
 * Who may call an operation: anyone; a signed-in person (their own account); the site's `read`,
 * `edit` or `manage` right (see src/accounts/permissions.ts); an instance administrator; or any
 * key or person (`GET /sites` answers with what the caller may see).
 */
export type Access = 'public' | 'signed_in' | 'read' | 'edit' | 'manage' | 'instance' | 'any_caller'

/** A request body schema, named as it appears under `components.schemas`. */
export interface NamedSchema {
  name: string
  schema: z.ZodType
  description?: string
}

/** One operation of the API as the OpenAPI document describes it (see openapi.ts). */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete'
  /** As the routes write it, under `/api/v1`: `/sites/:site/goals/:goal`. */
  path: string
  summary: string
  tag: string
  access: Access
  query?: z.ZodType
  body?: NamedSchema
  /** The success status (200 unless said). */
  status?: 200 | 201
  /** What a success answers, naming the TypeScript type that describes it. */
  answer: string
}

export const named = (name: string, schema: z.ZodType, description?: string): NamedSchema =>
  description ? { name, schema, description } : { name, schema }
