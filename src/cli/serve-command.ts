import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { FirstStart } from '../accounts/index.ts'
import type { Config } from '../config.ts'
import { openStepwise } from '../server/open-stepwise.ts'
import type { CreatedSite } from '../sites/site-admin.ts'
import { randomToken } from '../store/meta/random-token.ts'
import { acquireLock, releaseLock, writeLock } from './data-dir-lock.ts'

export interface ServeDeps {
  config: Config
  out: (line: string) => void
  /** Resolves when the process should stop (signals in production, a test's call otherwise). */
  stopSignal?: Promise<unknown>
}

/** `stepwise serve`: holds the data directory, opens the stores, listens, flushes on shutdown. */
export async function serveCommand(deps: ServeDeps): Promise<{ port: number; stop: () => Promise<void> }> {
  const { config, out } = deps
  const token = randomToken(40)
  const lock = acquireLock(config.dataDir, { host: config.host, port: null, token })
  let stepwise: Awaited<ReturnType<typeof openStepwise>>
  try {
    stepwise = await openStepwise({ config, adminToken: token, log: out })
  } catch (err) {
    releaseLock(config.dataDir)
    throw err
  }

  let firstSite: CreatedSite | null = null
  let firstStart: FirstStart
  try {
    if ((await stepwise.siteAdmin.countSites()) === 0) {
      firstSite = await stepwise.siteAdmin.createSite({
        domain: 'localhost',
        name: 'My site',
        timezone: 'UTC',
      })
    }
    firstStart = await stepwise.firstStart()
  } catch (err) {
    await stepwise.close()
    releaseLock(config.dataDir)
    throw err
  }

  const server = serve({ fetch: stepwise.app.fetch, port: config.port, hostname: config.host })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port))
    server.once('error', reject)
  }).catch(async (err: NodeJS.ErrnoException) => {
    await stepwise.close()
    releaseLock(config.dataDir)
    throw new Error(
      err.code === 'EADDRINUSE'
        ? `Port ${config.port} is already in use; choose another with --port`
        : err.message,
    )
  })
  writeLock(config.dataDir, { ...lock, port })

  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host
  const base = `http://${shownHost}:${port}`
  out(`Stepwise listening on ${base} (data in ${config.dataDir})`)
  if (firstSite) printFirstSite(out, base, firstSite)
  printFirstStart(out, base, firstStart)

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await stepwise.close()
      releaseLock(config.dataDir)
    })()
    return stopping
  }
  if (deps.stopSignal) void deps.stopSignal.then(stop)
  return { port, stop }
}

function printFirstSite(out: (line: string) => void, base: string, created: CreatedSite): void {
  const { site, writeKey, secretKey } = created
  out('')
  out(`Created the default site "${site.name}" (id ${site.id}, domain ${site.domain}).`)
  out(`  Write key (public, for browsers and SDKs): ${writeKey}`)
  out(`  Secret admin key (shown only now, keep it safe): ${secretKey}`)
  out('')
  out('Send a first event:')
  out(
    `  curl -X POST ${base}/v1/track -u '${writeKey}:' -H 'Content-Type: application/json' \\\n` +
      `    -d '{"userId":"user-1","event":"Signed Up","properties":{"plan":"free"}}'`,
  )
  out('Read it back:')
  out(`  curl -H 'Authorization: Bearer ${secretKey}' ${base}/api/v1/sites/${site.id}/events`)
  out('')
}

function printFirstStart(out: (line: string) => void, base: string, first: FirstStart): void {
  if (first.kind === 'created') {
    out(
      `Created the administrator ${first.user.email} (STEPWISE_ADMIN_EMAIL); sign in with POST ${base}/api/v1/auth/login`,
    )
  } else if (first.kind === 'setup') {
    out('No user account yet. Create the administrator with this one-time link (valid for 24 hours):')
    out(`  ${base}/setup?token=${first.token}`)
  }
}
