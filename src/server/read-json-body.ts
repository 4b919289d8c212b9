import type { IncomingMessage } from 'node:http'
import { gunzipSync, inflateSync } from 'node:zlib'
import { AppError } from '../schema/app-error.ts'

export interface JsonBody {
  value: unknown
  /** Size of the decoded JSON text in bytes. */
  bytes: number
}

/**
 * Reads a request body as JSON whatever its Content-Type (analytics.js sends text/plain, the
 * RudderStack SDK a form label over gzipped JSON), enforcing `maxBytes` on the wire and after
 * decompression, so a small gzip body cannot expand into a huge one.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  /** The Node request behind `request`, when served by node:http: reading it directly is faster. */
  incoming?: IncomingMessage,
): Promise<JsonBody> {
  // With `incoming`, the Web Request is never touched: building it would start reading the body.
  const header = (name: string): string | null =>
    incoming ? (firstHeader(incoming.headers[name]) ?? null) : request.headers.get(name)
  const declared = Number(header('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    incoming?.resume()
    throw tooLarge(maxBytes)
  }
  const raw = incoming ? await readIncoming(incoming, maxBytes) : await readLimited(request, maxBytes)
  const encoding = (header('content-encoding') ?? 'identity').trim().toLowerCase()
  let text: Buffer
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') text = gunzipSync(raw, { maxOutputLength: maxBytes })
    else if (encoding === 'deflate') text = inflateSync(raw, { maxOutputLength: maxBytes })
    else if (encoding === 'identity' || encoding === '') text = raw
    else {
      throw new AppError('unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip`, [
        { field: 'Content-Encoding', reason: 'must be gzip, deflate or absent' },
      ])
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(maxBytes)
    throw new AppError('invalid_body', 'The body could not be decompressed', [
      { field: 'body', reason: `is not valid ${encoding} data` },
    ])
  }
  if (text.length === 0) {
    throw new AppError('invalid_json', 'The request body is empty', [{ field: 'body', reason: 'is empty' }])
  }
  try {
    return { value: JSON.parse(text.toString('utf8')), bytes: text.length }
  } catch (err) {
    throw new AppError('invalid_json', 'The request body is not valid JSON', [
      { field: 'body', reason: err instanceof Error ? err.message : 'is not valid JSON' },
    ])
  }
}

async function readLimited(request: Request, maxBytes: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return chunks.length === 1 && chunks[0]
    ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength)
    : Buffer.concat(chunks)
}

function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    let over = false
    incoming.on('data', (chunk: Buffer) => {
      if (over) return
      total += chunk.length
      if (total > maxBytes) {
        // Keep draining without storing, so the connection stays usable for the 413 answer.
        over = true
        chunks.length = 0
        reject(tooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    })
    incoming.once('end', () => {
      if (!over) resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks))
    })
    incoming.once('error', reject)
  })
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The request exceeds ${Math.round(maxBytes / 1024)} KB`, [
    { field: 'body', reason: `must be at most ${Math.round(maxBytes / 1024)} KB` },
  ])
}
