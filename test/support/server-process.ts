import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: `bin/stepwise.js` is run from here, as a user would. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(REPO_ROOT, 'bin', 'stepwise.js')
const START_TIMEOUT_MS = 45_000
const CLI_TIMEOUT_MS = 45_000

export interface ServerProcess {
  /** `http://127.0.0.1:PORT`: the address the tests call (the banner shows `localhost`). */
  baseUrl: string
  port: number
  dataDir: string
  pid: number
  /** The default site, printed only when the server creates it (a data directory without sites). */
  siteId?: string
  writeKey?: string
  secretKey?: string
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string
  /** SIGTERM, then waits for the process to exit; returns its exit code. */
  stop(): Promise<number | null>
  /** SIGKILL, then waits for the process to be gone: nothing gets to flush or clean up. */
  kill9(): Promise<void>
}

export interface StartOptions {
  /** Reuse a data directory (a restart); by default a new temporary one is made. */
  dataDir?: string
  env?: Record<string, string>
}

const children = new Set<ChildProcess>()
const tempDirs = new Set<string>()

// If a test run dies without its afterAll, still leave no server behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** A fresh temporary directory, removed by `cleanupServers`. */
export function makeTempDir(prefix = 'stepwise-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

/** Kills every server and CLI process still running and removes the temporary directories. */
export async function cleanupServers(): Promise<void> {
  await Promise.all([...children].map((child) => killAndWait(child, 'SIGKILL')))
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

/** The environment of a child: this one's, minus anything that would change how Stepwise runs. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('STEPWISE_') || k === 'NODE_OPTIONS') continue
    env[k] = v
  }
  return { ...env, ...extra }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const done = exited(child)
  if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  return done
}

/** Starts `node bin/stepwise.js ...args`, tracked for clean-up, capturing its output. */
function spawnStepwise(args: readonly string[], env?: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  // `all` keeps stdout and stderr interleaved as they arrived, for error messages.
  const captured = { all: '', stdout: '', stderr: '' }
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => {
    captured.stdout += chunk
    captured.all += chunk
  })
  child.stderr?.on('data', (chunk: string) => {
    captured.stderr += chunk
    captured.all += chunk
  })
  return { child, captured }
}

/** Runs `stepwise serve --port 0` on a (new or given) data directory and waits until it listens. */
export async function startServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const fresh = opts.dataDir === undefined
  const dataDir = opts.dataDir ?? join(makeTempDir(), 'data')
  const { child, captured } = spawnStepwise(['serve', '--port', '0', '--data-dir', dataDir], opts.env)
  void exited(child).then(() => children.delete(child))

  const listening = /Stepwise listening on http:\/\/[^:\s]+:(\d+) \(data in (.+)\)\n/
  const siteLine = /\(id (site_[A-Za-z0-9_-]+), domain/
  const writeLine = /Write key \(public, for browsers and SDKs\): (wk_\S+)/
  const secretLine = /Secret admin key \(shown only now, keep it safe\): (sk_adm_\S+)/

  const deadline = Date.now() + START_TIMEOUT_MS
  const ready = () => listening.test(captured.all) && (!fresh || secretLine.test(captured.all))
  while (!ready()) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `stepwise serve exited (${child.exitCode ?? child.signalCode}) before listening:\n${captured.all}`,
      )
    }
    if (Date.now() > deadline) {
      await killAndWait(child, 'SIGKILL')
      throw new Error(`stepwise serve did not start within ${START_TIMEOUT_MS} ms:\n${captured.all}`)
    }
    await sleep(25)
  }
  const port = Number(listening.exec(captured.all)?.[1])
  const baseUrl = `http://127.0.0.1:${port}`
  if (!fresh) {
    // A reused directory may or may not get a default site: the banner lines are written in the
    // same tick as the listening line, so after one round trip they have been read if they exist.
    await fetch(`${baseUrl}/api/v1/health`).then((r) => r.arrayBuffer())
    await sleep(100)
  }
  const siteId = siteLine.exec(captured.all)?.[1]
  const writeKey = writeLine.exec(captured.all)?.[1]
  const secretKey = secretLine.exec(captured.all)?.[1]
  const pid = child.pid
  if (pid === undefined) throw new Error('stepwise serve has no pid')

  return {
    baseUrl,
    port,
    dataDir,
    pid,
    ...(siteId ? { siteId } : {}),
    ...(writeKey ? { writeKey } : {}),
    ...(secretKey ? { secretKey } : {}),
    output: () => captured.all,
    stop: () => killAndWait(child, 'SIGTERM'),
    kill9: async () => {
      await killAndWait(child, 'SIGKILL')
    },
  }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `node bin/stepwise.js ...args` to completion. */
export function runCli(args: readonly string[], env?: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { child, captured } = spawnStepwise(args, env)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`stepwise ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MS} ms`))
    }, CLI_TIMEOUT_MS)
    child.once('error', (err) => {
      clearTimeout(timer)
      children.delete(child)
      reject(err)
    })
    // 'close' (not 'exit'): both output pipes are drained by then.
    child.once('close', (code) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, stdout: captured.stdout, stderr: captured.stderr })
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export interface FreshServer {
  server: ServerProcess
  siteId: string
  writeKey: string
  secretKey: string
}

/** A server on a new data directory, with the default site and keys it printed at first start. */
export async function startFreshServer(): Promise<FreshServer> {
  const server = await startServer()
  if (!server.siteId || !server.writeKey || !server.secretKey) throw new Error('no default site printed')
  return { server, siteId: server.siteId, writeKey: server.writeKey, secretKey: server.secretKey }
}
