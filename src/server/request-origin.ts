/**
 * Where a request was addressed: the scheme and host the browser used. Behind a proxy you run
 * (`STEPWISE_TRUST_PROXY`), its `X-Forwarded-Proto` / `X-Forwarded-Host` say so; otherwise the
 * connection and the `Host` header do.
 */
export function requestOrigin(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url)
  const forwarded = (name: string) =>
    trustProxy ? request.headers.get(name)?.split(',')[0]?.trim().toLowerCase() || null : null
  const scheme = forwarded('x-forwarded-proto') ?? url.protocol.replace(/:$/, '')
  const host = forwarded('x-forwarded-host') ?? request.headers.get('host')?.trim().toLowerCase() ?? url.host
  return normaliseOrigin(`${scheme}://${host}`) ?? `${url.protocol}//${url.host}`
}

export function isHttps(request: Request, trustProxy: boolean): boolean {
  return requestOrigin(request, trustProxy).startsWith('https:')
}

/** `scheme://host[:port]` with default ports dropped, or null when it is not an origin. */
export function normaliseOrigin(text: string): string | null {
  try {
    const url = new URL(text)
    return url.origin === 'null' ? null : url.origin
  } catch {
    return null
  }
}
