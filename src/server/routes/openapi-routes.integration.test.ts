import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { FUNNEL_MODES, GOAL_KINDS } from '../../schema/choices.ts'
import type { OpenApiDocument } from '../openapi.ts'
import { openApiPath } from '../openapi.ts'

let t: TestStepwise
let doc: OpenApiDocument
beforeAll(async () => {
  t = await openTestStepwise()
  const res = await t.get('/api/v1/openapi.json')
  expect(res.status).toBe(200)
  doc = (await res.json()) as OpenApiDocument
})
afterAll(async () => {
  await t.close()
})

type Json = Record<string, unknown>
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k] : undefined), value)

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document of this version, without credentials', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.version).toBe(version)
    expect(doc.servers).toEqual([{ url: '/api/v1' }])
  })

  it('documents every API route the server has, and no other', () => {
    const served = t.stepwise.app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${openApiPath(r.path.slice('/api/v1'.length))}`)
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(new Set(documented)).toEqual(new Set(served))
    expect(documented.length).toBe(new Set(documented).size)
  })

  it('describes bodies with the schemas the routes validate with, every reference resolving', () => {
    const refs = new Set<string>()
    JSON.stringify(doc, (key, value: unknown) => {
      if (key === '$ref') refs.add(String(value))
      return value
    })
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/)
      expect(doc.components.schemas[ref.split('/').pop() ?? ''], ref).toBeDefined()
    }
    const goalInput = doc.components.schemas.GoalInput
    expect(at(goalInput, 'properties', 'kind', 'enum')).toEqual([...GOAL_KINDS])
    expect(at(goalInput, 'required')).toEqual(['name', 'kind', 'match'])
    expect(at(goalInput, 'properties', 'match', '$ref')).toBe('#/components/schemas/Match')
    expect(at(doc.components.schemas.FunnelDefinition, 'properties', 'mode', 'enum')).toEqual([
      ...FUNNEL_MODES,
    ])
    expect(
      at(
        doc.paths['/sites/{site}/goals/preview'],
        'post',
        'requestBody',
        'content',
        'application/json',
        'schema',
      ),
    ).toEqual({ $ref: '#/components/schemas/GoalPreviewRequest' })
    expect(at(doc.components.schemas.FunnelReportRequest, 'properties', 'definition', '$ref')).toBe(
      '#/components/schemas/FunnelDefinition',
    )
  })

  it('lists query parameters from the query schemas, and who may call', () => {
    const rates = doc.paths['/sites/{site}/reports/rates']?.get as Json
    const params = rates.parameters as Array<{ name: string; in: string; schema: Json }>
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:site',
      'query:from',
      'query:to',
      'query:goals',
      'query:interval',
      'query:breakdown',
      'query:limit',
      'query:compare',
    ])
    expect(params.find((p) => p.name === 'interval')?.schema.enum).toEqual([
      'none',
      'hour',
      'day',
      'week',
      'month',
    ])
    expect(at(doc.paths['/auth/login'], 'post', 'security')).toEqual([])
    expect(at(doc.paths['/sites/{site}/goals'], 'post', 'security')).toEqual([
      { bearerKey: [] },
      { session: [] },
    ])
  })
})
