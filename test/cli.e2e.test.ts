import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CliResult,
  cleanupServers,
  makeTempDir,
  runCli,
  type ServerProcess,
  startServer,
} from './support/server-process.ts'
import { type CollectAnswer, countIds, listAllEvents, postCollect } from './support/stepwise-api.ts'

/*
 * The CLI as a user runs it: on a data directory no server holds it opens the stores itself; while
 * `serve` holds the directory every command goes through the server with the lock file's token.
 */

interface CreatedSiteJson {
  id: string
  domain: string
  writeKey: string
  secretKey: string
}

interface KeyJson {
  id: string
  kind: string
  key?: string
  revokedAt: string | null
}

const dataDir = join(makeTempDir(), 'data')
let shop: CreatedSiteJson

afterAll(async () => {
  await cleanupServers()
})

/** Runs a command on the test's data directory. */
function cli(...args: string[]): Promise<CliResult> {
  return runCli([...args, '--data-dir', dataDir])
}

/** Runs a command on the test's data directory that must succeed; returns its stdout. */
async function ok(args: string[]): Promise<string> {
  const res = await cli(...args)
  expect(res.stderr, `stepwise ${args.join(' ')}`).toBe('')
  expect(res.code, `stepwise ${args.join(' ')}`).toBe(0)
  return res.stdout
}

/** A failure is exactly one line on stderr, starting with `stepwise:`, and a non-zero exit. */
function expectOneLineError(res: CliResult, mentions: string): void {
  expect(res.code).not.toBe(0)
  expect(res.code).not.toBeNull()
  expect(res.stdout).toBe('')
  const lines = res.stderr.split('\n').filter((l) => l !== '')
  expect(lines, res.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^stepwise: /)
  expect(lines[0]).toContain(mentions)
}

function createdSite(stdout: string): CreatedSiteJson {
  const lines = stdout.trim().split('\n')
  expect(lines).toHaveLength(1)
  const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>
  expect(Object.keys(parsed).sort()).toEqual(['domain', 'id', 'secretKey', 'writeKey'])
  expect(parsed.id).toMatch(/^site_/)
  expect(parsed.writeKey).toMatch(/^wk_/)
  expect(parsed.secretKey).toMatch(/^sk_/)
  return parsed as unknown as CreatedSiteJson
}

async function track(baseUrl: string, writeKey: string, messageId: string) {
  return postCollect<CollectAnswer>(
    baseUrl,
    '/v1/track',
    { event: 'CLI Probe', userId: 'cli-user', messageId },
    { writeKey },
  )
}

// Every command is a fresh Node process opening the embedded stores: slow on a loaded 2-core machine.
describe('without a server', { timeout: 60_000 }, () => {
  it('creates a site and prints exactly its id, domain, write key and secret key', async () => {
    shop = createdSite(await ok(['sites', 'create', '--domain', 'shop.example.com', '--json']))
    expect(shop.domain).toBe('shop.example.com')
    expect(existsSync(join(dataDir, 'stepwise.lock'))).toBe(false)
  })

  it('lists the site', async () => {
    const sites = JSON.parse(await ok(['sites', 'list', '--json'])) as Array<{ id: string; domain: string }>
    expect(sites).toEqual([expect.objectContaining({ id: shop.id, domain: 'shop.example.com' })])
  })

  it('creates a read key and revokes it', async () => {
    const key = JSON.parse(
      await ok(['keys', 'create', '--site', shop.id, '--kind', 'read', '--json']),
    ) as KeyJson
    expect(key.kind).toBe('read')
    expect(key.key).toMatch(/\S{20,}/)
    expect(key.revokedAt ?? null).toBeNull()

    expect(await ok(['keys', 'revoke', '--site', shop.id, '--key', key.id])).toContain(key.id)
    const keys = JSON.parse(await ok(['keys', 'list', '--site', shop.id, '--json'])) as KeyJson[]
    const revoked = keys.find((k) => k.id === key.id)
    expect(revoked?.revokedAt).toEqual(expect.any(String))
    // The site's own keys stay active, and secrets are never listed.
    expect(
      keys
        .filter((k) => k.revokedAt === null)
        .map((k) => k.kind)
        .sort(),
    ).toEqual(['admin', 'write'])
    expect(JSON.stringify(keys)).not.toContain(shop.secretKey)
  })

  it('fails with one line on stderr for an unknown command, a missing --domain, a bad time zone, an unknown site', async () => {
    const unknown = await cli('frobnicate')
    expectOneLineError(unknown, 'frobnicate')
    // Usage mistakes exit 2, failures of a well-formed command 1.
    expect(unknown.code).toBe(2)
    expectOneLineError(await cli('sites', 'create'), '--domain')
    expectOneLineError(
      await cli('sites', 'create', '--domain', 'tz.example.com', '--timezone', 'Mars/Olympus'),
      'timezone',
    )
    expectOneLineError(
      await cli('keys', 'create', '--site', 'site_doesnotexist', '--kind', 'read'),
      'site_doesnotexist',
    )
    const bogus = await cli('sites', 'list', '--bogus')
    expectOneLineError(bogus, '--bogus')
    expect(bogus.code).toBe(2)
    // None of the failed commands created anything.
    const sites = JSON.parse(await ok(['sites', 'list', '--json'])) as unknown[]
    expect(sites).toHaveLength(1)
  })

  it('migrates once, then says there is nothing to apply', async () => {
    await ok(['migrate'])
    expect(await ok(['migrate'])).toContain('Nothing to apply')
    expect(JSON.parse(await ok(['migrate', '--json']))).toEqual({ events: [], meta: [] })
  })
})

describe('with a server holding the data directory', { timeout: 60_000 }, () => {
  let server: ServerProcess
  let live: CreatedSiteJson

  beforeAll(async () => {
    server = await startServer({ dataDir })
  })

  it('starts on the existing directory without printing new credentials, and holds an owner-only lock', () => {
    expect(server.siteId).toBeUndefined()
    expect(server.secretKey).toBeUndefined()
    const lockFile = join(dataDir, 'stepwise.lock')
    expect(statSync(lockFile).mode & 0o777).toBe(0o600)
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; port: number; token: string }
    expect(lock.pid).toBe(server.pid)
    expect(lock.port).toBe(server.port)
    expect(lock.token.length).toBeGreaterThanOrEqual(20)
  })

  it('creates a site through the server: the running server accepts its write key at once', async () => {
    live = createdSite(await ok(['sites', 'create', '--domain', 'live.example.net', '--json']))
    expect(live.domain).toBe('live.example.net')

    const res = await track(server.baseUrl, live.writeKey, 'cli-live-1')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ accepted: 1, rejected: [] })
    const events = await listAllEvents(server.baseUrl, live.id, live.secretKey)
    expect(events.map((e) => e.id)).toEqual(['cli-live-1'])

    const sites = JSON.parse(await ok(['sites', 'list', '--json'])) as Array<{ domain: string }>
    expect(sites.map((s) => s.domain).sort()).toEqual(['live.example.net', 'shop.example.com'])
  })

  it('creates and revokes keys through the server: a revoked write key stops working at once', async () => {
    const key = JSON.parse(
      await ok(['keys', 'create', '--site', live.id, '--kind', 'write', '--json']),
    ) as KeyJson
    const writeKey = key.key ?? ''
    expect((await track(server.baseUrl, writeKey, 'cli-key-1')).status).toBe(200)

    await ok(['keys', 'revoke', '--site', live.id, '--key', key.id])
    const after = await track(server.baseUrl, writeKey, 'cli-key-2')
    expect(after.status).toBe(401)
    const stored = countIds(await listAllEvents(server.baseUrl, live.id, live.secretKey))
    expect(stored.has('cli-key-1')).toBe(true)
    expect(stored.has('cli-key-2')).toBe(false)
  })

  it('reports errors from the server as one line', async () => {
    expectOneLineError(
      await cli('keys', 'create', '--site', 'site_doesnotexist', '--kind', 'read'),
      'site_doesnotexist',
    )
    expectOneLineError(
      await cli('sites', 'create', '--domain', 'tz.example.com', '--timezone', 'Mars/Olympus'),
      'timezone',
    )
  })

  it('migrate through the server says there is nothing to apply', async () => {
    expect(await ok(['migrate'])).toContain('Nothing to apply')
  })

  it('refuses a second server on the same directory, naming the pid and port of the first', async () => {
    const second = await cli('serve', '--port', '0')
    expectOneLineError(second, String(server.pid))
    expect(second.stderr).toContain(String(server.port))
    // The first server is unaffected.
    expect((await track(server.baseUrl, live.writeKey, 'cli-live-2')).status).toBe(200)
  })

  it('stops on SIGTERM, releases the lock, and what it stored is there for the next command', async () => {
    expect(await server.stop()).toBe(0)
    expect(server.output()).toContain('Stopped.')
    expect(existsSync(join(dataDir, 'stepwise.lock'))).toBe(false)
    const sites = JSON.parse(await ok(['sites', 'list', '--json'])) as Array<{ domain: string }>
    expect(sites.map((s) => s.domain).sort()).toEqual(['live.example.net', 'shop.example.com'])

    const again = await startServer({ dataDir })
    const events = await listAllEvents(again.baseUrl, live.id, live.secretKey)
    expect(events.map((e) => e.id).sort()).toEqual(['cli-key-1', 'cli-live-1', 'cli-live-2'])
    expect(await again.stop()).toBe(0)
  })
})
