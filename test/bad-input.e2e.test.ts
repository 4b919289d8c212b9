import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupServers, runCli, type ServerProcess, startFreshServer } from './support/server-process.ts'
import {
  basicAuth,
  type CollectAnswer,
  countIds,
  type ErrorBody,
  getJson,
  isErrorBody,
  listAllEvents,
  postCollect,
} from './support/stepwise-api.ts'

/*
 * Bad input against a real server: each request gets the documented status and names the field,
 * and afterwards the store holds exactly what was acknowledged as accepted, nothing more or less.
 */

let server: ServerProcess
let siteId: string
let writeKey: string
let secretKey: string
/** Sum of `accepted` over every 200 answer of this file: the store must end up with exactly these. */
let acceptedTotal = 0
/** Message ids of valid events that travelled inside refused requests: none may be stored. */
const refusedIds: string[] = []

beforeAll(async () => {
  ;({ server, siteId, writeKey, secretKey } = await startFreshServer())
})

afterAll(async () => {
  await cleanupServers()
})

function track(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'track', event: 'Bad Input Probe', messageId, userId: 'probe-user', ...extra }
}

/**
 * A collect call that must fail with `status`; returns its error body. `key` defaults to the
 * site's write key; `null` sends none.
 */
async function expectError(
  status: number,
  path: string,
  body: unknown,
  options: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<ErrorBody['error']> {
  const key = options.key === undefined ? writeKey : options.key
  const res = await postCollect(server.baseUrl, path, body, {
    ...(key === null ? {} : { writeKey: key }),
    ...(options.headers ? { headers: options.headers } : {}),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  if (!isErrorBody(res.body)) throw new Error(`expected an error body, got ${JSON.stringify(res.body)}`)
  expect(res.body.error.message).not.toBe('')
  return res.body.error
}

/** A collect call that must succeed; counts what it accepted. */
async function expectAccepted(
  path: string,
  body: unknown,
  headers?: Record<string, string>,
): Promise<CollectAnswer> {
  const res = await postCollect<CollectAnswer | ErrorBody>(server.baseUrl, path, body, {
    writeKey,
    ...(headers ? { headers } : {}),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  if (isErrorBody(res.body)) throw new Error('unreachable')
  acceptedTotal += res.body.accepted
  return res.body
}

const fields = (error: ErrorBody['error']) => error.details.map((d) => d.field)

describe('malformed and oversized bodies', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const error = await expectError(400, '/v1/track', '{"event": "Signed Up", "userId": ')
    expect(error.code).toBe('invalid_json')
    expect(fields(error)).toEqual(['body'])
  })

  it('answers an empty body, a non-object body and an unsupported encoding with the field named', async () => {
    expect((await expectError(400, '/v1/track', '')).code).toBe('invalid_json')
    const array = await expectError(400, '/v1/track', [track('arr-1')])
    expect(array.code).toBe('invalid_body')
    expect(fields(array)).toEqual(['body'])
    const br = await expectError(415, '/v1/track', track('br-1'), {
      headers: { 'content-encoding': 'br' },
    })
    expect(fields(br)).toEqual(['Content-Encoding'])
    refusedIds.push('arr-1', 'br-1')
  })

  it('refuses a body over 500 KB with 413, whether its length is declared or streamed', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `big-${i}`)
    const body = { batch: ids.map((id) => track(id, { properties: { pad: 'x'.repeat(5_000) } })) }
    expect(JSON.stringify(body).length).toBeGreaterThan(500 * 1024)
    const declared = await expectError(413, '/v1/batch', body)
    expect(declared.code).toBe('payload_too_large')

    // Chunked, without Content-Length: the limit holds while reading.
    const text = new TextEncoder().encode(JSON.stringify(body))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < text.length; i += 64 * 1024) controller.enqueue(text.subarray(i, i + 64 * 1024))
        controller.close()
      },
    })
    const res = await fetch(`${server.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(writeKey) },
      body: stream,
      duplex: 'half',
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large')
    refusedIds.push(...ids)
  })

  it('refuses a single event over 32 KB with 413 naming the event', async () => {
    const error = await expectError(
      413,
      '/v1/track',
      track('fat-1', { properties: { pad: 'y'.repeat(40_000) } }),
    )
    expect(error.code).toBe('payload_too_large')
    expect(fields(error)).toEqual(['event'])
    refusedIds.push('fat-1')
  })

  it('refuses a batch of 2,501 calls with 413 naming batch', async () => {
    const ids = Array.from({ length: 2501 }, (_, i) => `many-${i}`)
    const error = await expectError(413, '/v1/batch', {
      batch: ids.map((id) => ({ type: 'track', event: 'e', messageId: id, userId: 'u' })),
    })
    expect(error.code).toBe('payload_too_large')
    expect(fields(error)).toEqual(['batch'])
    expect(error.message).toContain('2500')
    refusedIds.push(...ids)
  })

  it('accepts a gzip body with Content-Encoding: gzip', async () => {
    const ids = ['gz-1', 'gz-2', 'gz-3']
    const answer = await expectAccepted(
      '/v1/batch',
      gzipSync(JSON.stringify({ batch: ids.map((id) => track(id)) })),
      {
        'content-encoding': 'gzip',
      },
    )
    expect(answer).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] })
  })

  it('refuses a gzip bomb (a small gzip of more than 500 KB of JSON) with 413', async () => {
    const ids = ['bomb-1', 'bomb-2']
    const json = JSON.stringify({ batch: ids.map((id) => track(id)), pad: ' '.repeat(2 * 1024 * 1024) })
    const bomb = gzipSync(json)
    expect(bomb.length).toBeLessThan(10 * 1024)
    const error = await expectError(413, '/v1/batch', bomb, {
      headers: { 'content-encoding': 'gzip' },
    })
    expect(error.code).toBe('payload_too_large')
    // The single-call paths have their own, smaller, limit after decompression.
    const single = gzipSync(JSON.stringify(track('bomb-3', { properties: { pad: 'z'.repeat(300_000) } })))
    expect(
      (await expectError(413, '/v1/track', single, { headers: { 'content-encoding': 'gzip' } })).code,
    ).toBe('payload_too_large')
    refusedIds.push(...ids, 'bomb-3')
  })
})

describe('keys', () => {
  it('answers an unknown or missing write key with 401 and a secret key with 403', async () => {
    const unknown = await expectError(401, '/v1/track', track('key-1'), { key: 'wk_doesnotexist000000000' })
    expect(unknown.code).toBe('unknown_key')
    const missing = await expectError(401, '/v1/track', track('key-2'), { key: null })
    expect(missing.code).toBe('missing_key')
    expect(fields(missing)).toEqual(['writeKey'])
    const inBody = await expectError(
      401,
      '/v1/track',
      { ...track('key-3'), writeKey: 'wk_nope' },
      { key: null },
    )
    expect(inBody.code).toBe('unknown_key')
    const secret = await expectError(403, '/v1/track', track('key-4'), { key: secretKey })
    expect(secret.code).toBe('forbidden')
    refusedIds.push('key-1', 'key-2', 'key-3', 'key-4')
  })

  it('guards the read API: no key 401, a write key 403, another site’s secret key 403', async () => {
    const events = `${server.baseUrl}/api/v1/sites/${siteId}/events`
    const none = await getJson<ErrorBody>(events)
    expect(none.status).toBe(401)
    expect(none.body.error.code).toBe('missing_key')

    const asWriteKey = await getJson<ErrorBody>(events, writeKey)
    expect(asWriteKey.status).toBe(403)

    // A second site, created with the CLI through the running server.
    const created = await runCli([
      'sites',
      'create',
      '--domain',
      'other.example.org',
      '--json',
      '--data-dir',
      server.dataDir,
    ])
    expect(created.code, created.stderr).toBe(0)
    const other = JSON.parse(created.stdout) as { id: string; secretKey: string }
    const cross = await getJson<ErrorBody>(events, other.secretKey)
    expect(cross.status).toBe(403)
    expect(cross.body.error.code).toBe('forbidden')
    const crossOverview = await getJson<ErrorBody>(
      `${server.baseUrl}/api/v1/sites/${siteId}/stats/overview?from=2026-01-01&to=2026-01-31`,
      other.secretKey,
    )
    expect(crossOverview.status).toBe(403)
    // Its own events are readable, and it has none.
    expect(await listAllEvents(server.baseUrl, other.id, other.secretKey)).toEqual([])
  })
})

describe('invalid events', () => {
  it('names the field of a wrong type', async () => {
    const props = await expectError(400, '/v1/track', track('type-1', { properties: 5 }))
    expect(props.code).toBe('invalid_event')
    expect(fields(props)).toEqual(['event.properties'])
    expect(props.details[0]?.reason).toContain('object')

    const user = await expectError(400, '/v1/track', track('type-2', { userId: {} }))
    expect(fields(user)).toEqual(['event.userId'])

    const name = await expectError(400, '/v1/track', track('type-3', { event: 42 }))
    expect(fields(name)).toEqual(['event.event'])

    const noId = await expectError(400, '/v1/track', { type: 'track', event: 'Nobody', messageId: 'type-4' })
    expect(fields(noId)).toEqual(['event.anonymousId'])

    const wrongPath = await expectError(400, '/v1/track', track('type-5', { type: 'page' }))
    expect(fields(wrongPath)).toEqual(['event.type'])
    refusedIds.push('type-1', 'type-2', 'type-3', 'type-4', 'type-5')
  })

  it('names the timestamp that is not a date or lies in the future', async () => {
    const words = await expectError(400, '/v1/track', track('ts-1', { timestamp: 'yesterday' }))
    expect(fields(words)).toEqual(['event.timestamp'])

    const future = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const ahead = await expectError(400, '/v1/track', track('ts-2', { timestamp: future }))
    expect(fields(ahead)).toEqual(['event.timestamp'])
    expect(ahead.details[0]?.reason).toContain('future')

    const ancient = await expectError(400, '/v1/track', track('ts-3', { timestamp: '1970-01-01T00:00:00Z' }))
    expect(fields(ancient)).toEqual(['event.timestamp'])
    refusedIds.push('ts-1', 'ts-2', 'ts-3')
  })

  it('stores the valid calls of a batch and lists each invalid one by index', async () => {
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const batch = [
      track('mix-0'),
      track('mix-1', { properties: 'not an object' }),
      {
        type: 'page',
        name: 'Home',
        messageId: 'mix-2',
        anonymousId: 'anon-mix',
        properties: { url: 'https://a.test/' },
      },
      track('mix-3', { timestamp: future }),
      track('mix-4', { properties: { pad: 'q'.repeat(40_000) } }),
      'not an event',
      { type: 'identify', messageId: 'mix-6', userId: 'probe-user', traits: { plan: 'pro' } },
      { type: 'teleport', messageId: 'mix-7', userId: 'probe-user' },
    ]
    const answer = await expectAccepted('/v1/batch', { batch })
    expect(answer.accepted).toBe(3)
    expect(answer.duplicates).toBe(0)
    const rejected = [...answer.rejected].sort((a, b) => a.index - b.index)
    expect(rejected.map((r) => r.index)).toEqual([1, 3, 4, 5, 7])
    expect(rejected.map((r) => r.field)).toEqual([
      'batch[1].properties',
      'batch[3].timestamp',
      'batch[4]',
      'batch[5]',
      'batch[7].type',
    ])
    expect(rejected.find((r) => r.index === 1)?.messageId).toBe('mix-1')

    const stored = countIds(await listAllEvents(server.baseUrl, siteId, secretKey))
    for (const id of ['mix-0', 'mix-2', 'mix-6']) expect(stored.get(id), id).toBe(1)
    for (const id of ['mix-1', 'mix-3', 'mix-4', 'mix-7']) expect(stored.has(id), id).toBe(false)
  })

  it('answers 404 for an unknown collect path', async () => {
    const error = await expectError(404, '/v1/teleport', track('path-1'))
    expect(error.code).toBe('not_found')
    refusedIds.push('path-1')
  })
})

describe('after all the bad requests', () => {
  it('stores exactly what was acknowledged: nothing half-written, nothing lost', async () => {
    // A plain valid call still works, so the server is not wedged by what came before.
    expect(await expectAccepted('/v1/track', track('final-1'))).toMatchObject({ accepted: 1 })

    const events = await listAllEvents(server.baseUrl, siteId, secretKey)
    expect(events).toHaveLength(acceptedTotal)
    const stored = countIds(events)
    expect([...stored.values()].every((n) => n === 1)).toBe(true)
    expect(refusedIds.filter((id) => stored.has(id))).toEqual([])
    expect(refusedIds.length).toBeGreaterThan(2500)
  })
})
