import { z } from 'zod'
import { ERROR_REGISTRY, type ErrorCode } from '../schema/app-error.ts'
import type { Access, ApiOperation } from './openapi-operation.ts'
import { API_OPERATIONS, SHARED_SCHEMAS } from './openapi-operations.ts'
import { SESSION_COOKIE } from './session-cookie.ts'

type Json = Record<string, unknown>

export interface OpenApiDocument {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  servers: Array<{ url: string }>
  paths: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> }
}

const errorCodes = Object.keys(ERROR_REGISTRY) as [ErrorCode, ...ErrorCode[]]
const errorSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.array(z.object({ field: z.string().optional(), reason: z.string() })),
  }),
})

const WHO: Record<Access, string> = {
  public: 'Anyone.',
  signed_in: 'A signed-in person (session cookie).',
  read: "The site's read right: a viewer or better, a read or admin key.",
  edit: "The site's edit right: an editor or admin, an admin key.",
  manage: "The site's manage right: a site admin, an admin key.",
  instance: 'An instance administrator.',
  any_caller: 'Any key or signed-in person; the answer holds what the caller may see.',
}

/** `/sites/:site/goals/:goal` → `/sites/{site}/goals/{goal}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}')

const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string)

/** zod to JSON Schema as the API reads input: defaults optional, transforms by their input type. */
const jsonSchemaOptions = {
  io: 'input',
  unrepresentable: 'any',
  target: 'draft-2020-12',
} as const

function stripMeta(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema
  return rest
}

/** One query parameter per property of a query schema (an object of flat values). */
function queryParameters(schema: z.ZodType): Json[] {
  const json = z.toJSONSchema(schema, jsonSchemaOptions) as Json
  const properties = (json.properties ?? {}) as Record<string, Json>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }))
}

function operationObject(op: ApiOperation): Json {
  const ok = op.status ?? 200
  const parameters = [
    ...pathParams(op.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description: name === 'site' ? 'a site id' : `an id${name === 'key' ? '' : ' or URL-encoded name'}`,
    })),
    ...(op.query ? queryParameters(op.query) : []),
  ]
  const changes = op.method !== 'get'
  return {
    operationId: `${op.method}${op.path.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    summary: op.summary,
    description: `${WHO[op.access]}${changes && op.access !== 'public' ? ` With the session cookie, send the CSRF token as X-CSRF-Token.` : ''}`,
    tags: [op.tag],
    security: op.access === 'public' ? [] : [{ bearerKey: [] }, { session: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body.name}` } } },
          },
        }
      : {}),
    responses: {
      [String(ok)]: {
        description: op.answer,
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      default: {
        description: 'An error: its code, a message and the fields at fault',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  }
}

/**
 * The OpenAPI 3.1 document of `/api/v1`: request bodies and query parameters are generated from
 * the same zod schemas the routes validate with (see openapi-operations.ts); answers name the
 * TypeScript types that describe them.
 */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  const registry = z.registry<{ id: string; description?: string }>()
  registry.add(errorSchema, { id: 'Error' })
  const named = [...SHARED_SCHEMAS, ...API_OPERATIONS.flatMap((op) => (op.body ? [op.body] : []))]
  for (const { name, schema, description } of named) {
    const known = registry.get(schema)
    if (known && known.id !== name) throw new Error(`one schema under two names: ${known.id}, ${name}`)
    if (!known) registry.add(schema, description ? { id: name, description } : { id: name })
  }
  const generated = z.toJSONSchema(registry, {
    ...jsonSchemaOptions,
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> }
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([id, s]) => [id, stripMeta(s)]))

  const paths: OpenApiDocument['paths'] = {}
  for (const op of API_OPERATIONS) {
    const path = openApiPath(op.path)
    paths[path] ??= {}
    paths[path][op.method] = operationObject(op)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stepwise API',
      version,
      description:
        'Self-hosted analytics for micro and macro conversions. Errors are `{success: false, error: {code, message, details}}`.',
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A secret key of the site (read or admin), or the local instance token',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'Set by POST /auth/login. POST, PUT, PATCH and DELETE must also send the csrfToken as X-CSRF-Token.',
        },
      },
    },
  }
}
