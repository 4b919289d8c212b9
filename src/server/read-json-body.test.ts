import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AppError } from '../schema/app-error.ts'
import { readJsonBody } from './read-json-body.ts'

const req = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  new Request('http://x/v1/batch', { method: 'POST', body, headers })

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    return err instanceof AppError ? err.code : 'other'
  }
}

describe('readJsonBody', () => {
  it('parses JSON whatever the Content-Type says', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const { value } = await readJsonBody(req('{"a":1}', { 'content-type': type }), 1000)
      expect(value).toEqual({ a: 1 })
    }
  })

  it('inflates gzip bodies (RudderStack sends them by default)', async () => {
    const { value, bytes } = await readJsonBody(
      req(gzipSync('{"batch":[]}'), { 'content-encoding': 'gzip' }),
      1000,
    )
    expect(value).toEqual({ batch: [] })
    expect(bytes).toBe(12)
  })

  it('refuses a body over the limit on the wire and after decompression', async () => {
    expect(await codeOf(readJsonBody(req('x'.repeat(2000)), 1000))).toBe('payload_too_large')
    const bomb = gzipSync(JSON.stringify({ pad: 'a'.repeat(100_000) }))
    expect(bomb.length).toBeLessThan(1000)
    expect(await codeOf(readJsonBody(req(bomb, { 'content-encoding': 'gzip' }), 1000))).toBe(
      'payload_too_large',
    )
  })

  it('names malformed JSON, empty bodies, corrupt gzip and unknown encodings', async () => {
    expect(await codeOf(readJsonBody(req('{nope'), 1000))).toBe('invalid_json')
    expect(await codeOf(readJsonBody(req(''), 1000))).toBe('invalid_json')
    expect(await codeOf(readJsonBody(req('not gzip', { 'content-encoding': 'gzip' }), 1000))).toBe(
      'invalid_body',
    )
    expect(await codeOf(readJsonBody(req('{}', { 'content-encoding': 'br' }), 1000))).toBe(
      'unsupported_encoding',
    )
  })
})
