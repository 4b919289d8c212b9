import type { ErrorBody } from './api-types.ts'

/** An answer other than 2xx, with the API's error code, message and the fields at fault. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Array<{ field?: string; reason: string }>

  constructor(status: number, code: string, message: string, details: ApiError['details'] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
}

export interface Http {
  /** Where the API is (`/api/v1`), for links the browser follows itself (downloads). */
  readonly base: string
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: RequestOptions): Promise<T>
  /** The token every change sent with the session cookie must carry (X-CSRF-Token). */
  setCsrfToken(token: string | null): void
  /** Called when an answer says the session is gone (401), so the app can ask to sign in again. */
  onUnauthorized(listener: () => void): () => void
}

export function queryString(query: Query | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function toError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>
    if (body.error) return new ApiError(res.status, body.error.code, body.error.message, body.error.details)
  } catch {
    // Not the API's JSON (a proxy's page, say): described by its status below.
  }
  return new ApiError(res.status, 'http_error', `The server answered ${res.status} ${res.statusText}`.trim())
}

/** JSON over fetch with the session cookie; changes carry the CSRF token. */
export function createHttp(base = '/api/v1', fetcher: typeof fetch = (...args) => fetch(...args)): Http {
  let csrfToken: string | null = null
  const listeners = new Set<() => void>()
  return {
    base,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
      let res: Response
      try {
        res = await fetcher(`${base}${path}${queryString(options.query)}`, {
          method,
          headers,
          credentials: 'same-origin',
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          ...(options.signal ? { signal: options.signal } : {}),
        })
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') throw err
        throw new ApiError(0, 'network_error', 'Stepwise could not be reached; check the connection')
      }
      if (!res.ok) {
        const error = await toError(res)
        if (res.status === 401 && !path.startsWith('/auth/')) for (const l of listeners) l()
        throw error
      }
      if (res.status === 204) return undefined as T
      return (await res.json()) as T
    },
    setCsrfToken(token) {
      csrfToken = token
    },
    onUnauthorized(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
