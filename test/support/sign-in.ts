import type { Stepwise } from '../../src/server/open-stepwise.ts'

export interface Answer<T> {
  status: number
  headers: Headers
  body: T
}

/** A browser signed in to the app in memory (`http://localhost`). */
export interface BrowserSession {
  /** `stepwise_session=…`, as the browser sends it back. */
  cookie: string
  csrfToken: string
  /**
   * A request as the dashboard sends it: the cookie, and on changes its own Origin and the CSRF
   * token; `headers` may override or drop (`null`) any of them.
   */
  call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string | null>,
  ): Promise<Answer<T>>
}

export const OWN_ORIGIN = 'http://localhost'

export async function request<T>(
  app: Stepwise['app'],
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string | null> = {},
): Promise<Answer<T>> {
  const sent: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete sent[name]
    else sent[name] = value
  }
  const res = await app.request(path, {
    method,
    headers: sent,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T }
}

/** The `name=value` part of a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string {
  const pair = setCookie?.split(';')[0]
  if (!pair) throw new Error('no Set-Cookie in the answer')
  return pair
}

export function browserSession(app: Stepwise['app'], cookie: string, csrfToken: string): BrowserSession {
  return {
    cookie,
    csrfToken,
    call: (method, path, body, headers = {}) => {
      const changes = method !== 'GET' && method !== 'HEAD'
      return request(app, method, path, body, {
        cookie,
        ...(changes ? { origin: OWN_ORIGIN, 'x-csrf-token': csrfToken } : {}),
        ...headers,
      })
    },
  }
}

/** Signs in through `POST /api/v1/auth/login`; throws unless it succeeds. */
export async function signIn(app: Stepwise['app'], email: string, password: string): Promise<BrowserSession> {
  const res = await request<{ csrfToken: string }>(app, 'POST', '/api/v1/auth/login', { email, password })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${JSON.stringify(res.body)}`)
  return browserSession(app, cookiePair(res.headers.get('set-cookie')), res.body.csrfToken)
}
