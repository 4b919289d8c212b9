import { afterAll, describe, expect, it } from 'vitest'
import { cleanupServers, type ServerProcess, sleep, startServer } from './support/server-process.ts'

/*
 * The first start as an operator sees it: `serve` either prints a one-time set-up link or creates
 * the administrator named in the environment, and people then sign in over HTTP.
 */

afterAll(async () => {
  await cleanupServers()
})

const PASSWORD = 'a long password'
const SETUP_LINE = /^ {2}http:\/\/localhost:(\d+)\/setup\?token=([0-9A-Za-z]+)$/m

/** The printed lines come in the same tick as the listening line, but maybe in a later chunk. */
async function outputMatching(server: ServerProcess, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 200; i++) {
    const m = pattern.exec(server.output())
    if (m) return m
    await sleep(25)
  }
  throw new Error(`no ${pattern} in the output:\n${server.output()}`)
}

async function post(
  server: ServerProcess,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('first start without STEPWISE_ADMIN_EMAIL', { timeout: 90_000 }, () => {
  it('prints a set-up link that creates the administrator once, signed in by cookie', async () => {
    const server = await startServer()
    const [, port, token] = await outputMatching(server, SETUP_LINE)
    expect(Number(port)).toBe(server.port)
    expect(server.output()).toContain('No user account yet')

    const page = await fetch(`${server.baseUrl}/setup?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    await page.text()

    const input = { token, email: 'ada@example.com', name: 'Ada', password: PASSWORD }
    const created = await post(server, '/api/v1/auth/setup', input, { origin: server.baseUrl })
    expect(created.status).toBe(201)
    const { csrfToken } = (await created.json()) as { csrfToken: string }
    const cookie = created.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(cookie).toMatch(/^stepwise_session=/)

    const me = await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      user: { email: 'ada@example.com', instanceAdmin: true },
      csrfToken,
    })
    const sites = await fetch(`${server.baseUrl}/api/v1/sites`, { headers: { cookie } })
    expect(((await sites.json()) as { sites: Array<{ id: string }> }).sites.map((s) => s.id)).toEqual([
      server.siteId,
    ])

    const again = await post(server, '/api/v1/auth/setup', { ...input, email: 'eve@example.com' })
    expect(again.status).toBe(401)
    expect(await server.stop()).toBe(0)

    // Once someone can sign in, a restart prints no link.
    const restarted = await startServer({ dataDir: server.dataDir })
    expect(restarted.output()).not.toContain('/setup?token=')
    expect(restarted.output()).not.toContain('No user account yet')
    const login = await post(restarted, '/api/v1/auth/login', {
      email: 'ada@example.com',
      password: PASSWORD,
    })
    expect(login.status).toBe(200)
    await login.arrayBuffer()
    expect(await restarted.stop()).toBe(0)
  })
})

describe('first start with STEPWISE_ADMIN_EMAIL and STEPWISE_ADMIN_PASSWORD', { timeout: 90_000 }, () => {
  it('creates that administrator and prints no link', async () => {
    const server = await startServer({
      env: { STEPWISE_ADMIN_EMAIL: 'ops@example.com', STEPWISE_ADMIN_PASSWORD: PASSWORD },
    })
    await outputMatching(server, /Created the administrator ops@example\.com/)
    expect(server.output()).not.toContain('/setup?token=')

    const wrong = await post(server, '/api/v1/auth/login', {
      email: 'ops@example.com',
      password: 'not the password',
    })
    expect(wrong.status).toBe(401)
    await wrong.arrayBuffer()
    const login = await post(server, '/api/v1/auth/login', { email: 'ops@example.com', password: PASSWORD })
    expect(login.status).toBe(200)
    expect(login.headers.get('set-cookie')).toMatch(
      /^stepwise_session=[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    await login.arrayBuffer()
    expect(await server.stop()).toBe(0)
  })
})
