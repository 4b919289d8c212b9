import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSetupPageRoutes } from './setup-page-routes.ts'

describe('GET /setup', () => {
  it('serves a page whose only script the Content-Security-Policy allows, and leaks no token', async () => {
    const res = await createSetupPageRoutes().request('/setup?token=abc')
    expect(res.status).toBe(200)
    const html = await res.text()
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(script).toContain("fetch('/api/v1/auth/setup'")
    const hash = createHash('sha256').update(script).digest('base64')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`script-src 'sha256-${hash}'`)
    expect(csp).toContain("default-src 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
