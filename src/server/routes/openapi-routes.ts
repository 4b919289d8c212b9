import { Hono } from 'hono'
import { buildOpenApiDocument, type OpenApiDocument } from '../openapi.ts'

export interface OpenApiRouteDeps {
  /** Stepwise's version, as the document's `info.version`. */
  version: string
}

/** `GET /openapi.json`: the API described from the schemas it validates with; built once. */
export function createOpenApiRoutes(deps: OpenApiRouteDeps) {
  const app = new Hono()
  let document: OpenApiDocument | null = null
  app.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument(deps.version)
    c.header('Cache-Control', 'no-cache')
    return c.json(document)
  })
  return app
}
