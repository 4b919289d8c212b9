import { execFile, execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const execFileAsync = promisify(execFile)

/** The OS user that owns the throw-away cluster when the tests run as root (initdb refuses root). */
const POSTGRES_OS_USER = 'postgres'
const DATABASE = 'stepwise'
const READY_TIMEOUT_MS = 30_000

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/stepwise`; trust auth, so no password. */
  url: string
  stop(): Promise<void>
}

/**
 * The `bin` directory of the newest PostgreSQL server under /usr/lib/postgresql (Debian's layout),
 * or null when no server is installed. `STEPWISE_TEST_PG_BIN_DIR` overrides the search, so the
 * "no PostgreSQL" path can be exercised on a machine that has one.
 */
export function findPostgresBin(): string | null {
  const override = process.env.STEPWISE_TEST_PG_BIN_DIR
  if (override !== undefined && override !== '') return hasServer(override) ? override : null
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && hasServer(join(root, v, 'bin')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
  const newest = versions[0]
  return newest === undefined ? null : join(root, newest, 'bin')
}

function hasServer(binDir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((exe) => existsSync(join(binDir, exe)))
}

/**
 * Starts a private PostgreSQL cluster in a temporary directory, on a free loopback port, with
 * durability switched off (it is thrown away), and creates one database in it.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin()
  if (bin === null) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin')

  const dir = mkdtempSync(join(tmpdir(), 'stepwise-pg-'))
  const dataDir = join(dir, 'data')
  const socketDir = join(dir, 'socket')
  const logFile = join(dir, 'server.log')
  mkdirSync(socketDir)
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const owner = await postgresOsUser()
    chownSync(dir, owner.uid, owner.gid)
    chownSync(socketDir, owner.uid, owner.gid)
  }
  // Run as the cluster's owner; cwd inside the temp dir so that user can always read it.
  const command = (exe: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', POSTGRES_OS_USER, '--', join(bin, exe), ...args]] : [join(bin, exe), args]
  const run = (exe: string, args: string[]) =>
    execFileAsync(...command(exe, args), { cwd: dir, env: { ...process.env, LC_ALL: 'C' } })

  let started = false
  const stopArgs = ['-D', dataDir, '-m', 'immediate', '-w', 'stop']
  // If the run dies without its teardown, still leave no server behind.
  const stopOnExit = () => {
    try {
      execFileSync(...command('pg_ctl', stopArgs), { cwd: dir, stdio: 'ignore' })
    } catch {}
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stopOnExit)
  const stop = async () => {
    process.removeListener('exit', stopOnExit)
    if (started) {
      started = false
      await run('pg_ctl', stopArgs).catch(() => undefined)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    await run('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ])
    const port = await freePort()
    const serverOptions = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${socketDir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ')
    started = true
    await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']).catch(
      (err: unknown) => {
        throw new Error(`pg_ctl start failed: ${errorText(err)}\n${readLog(logFile)}`)
      },
    )
    const serverUrl = `postgres://postgres@127.0.0.1:${port}`
    await waitUntilAccepting(`${serverUrl}/postgres`)
    await withClient(`${serverUrl}/postgres`, (c) => c.query(`CREATE DATABASE ${DATABASE}`))
    return { url: `${serverUrl}/${DATABASE}`, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function postgresOsUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await execFileAsync('id', ['-u', POSTGRES_OS_USER]).catch(() => {
    throw new Error(
      `running as root needs the '${POSTGRES_OS_USER}' OS user (Debian's postgresql creates it)`,
    )
  })
  const { stdout: gidOut } = await execFileAsync('id', ['-g', POSTGRES_OS_USER])
  return { uid: Number(stdout.trim()), gid: Number(gidOut.trim()) }
}

/** A port the OS just handed out; the tiny race with other processes is acceptable for tests. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

async function waitUntilAccepting(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    try {
      await withClient(url, (c) => c.query('SELECT 1'))
      return
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections: ${errorText(err)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return '(no server log)'
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const stderr = 'stderr' in err && typeof err.stderr === 'string' ? err.stderr.trim() : ''
    return stderr === '' ? err.message : `${err.message}\n${stderr}`
  }
  return String(err)
}
