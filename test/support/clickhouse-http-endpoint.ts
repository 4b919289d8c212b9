import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Session } from 'chdb'

export interface ClickHouseHttpEndpoint {
  url: string
  /** Runs SQL directly on the engine behind the endpoint (for assertions). */
  query(sql: string): Promise<string>
  /** Requests seen, with the database and user they named. */
  requests: Array<{ database: string | null; user: string | null; sql: string }>
  close(): Promise<void>
}

/**
 * The part of ClickHouse's HTTP interface that `@clickhouse/client` uses (ping, queries with
 * `param_*` values, inserts with `query=` plus a body, `database=`, credentials), answered by the
 * real ClickHouse engine (chDB) in a temporary directory. It lets the server mode of Stepwise
 * (`STEPWISE_CLICKHOUSE_URL`) run over real HTTP where no ClickHouse server can be installed.
 */
export async function startClickHouseHttpEndpoint(options: {
  dataDir: string
  user: string
  password: string
  databases: string[]
}): Promise<ClickHouseHttpEndpoint> {
  const session = new Session(options.dataDir)
  for (const db of options.databases) await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${db}`)
  const requests: ClickHouseHttpEndpoint['requests'] = []
  // The engine session holds one current database: requests run one at a time.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/ping') {
      res.end('Ok.\n')
      return
    }
    const { user, password } = credentials(req)
    if (user !== options.user || password !== options.password) {
      res.writeHead(403, { 'X-ClickHouse-Exception-Code': '516' })
      res.end(
        `Code: 516. DB::Exception: ${user ?? 'default'}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)\n`,
      )
      return
    }
    const body = await readBody(req)
    const statement = url.searchParams.get('query')
    const sql = statement ? `${statement}\n${body}` : body
    const database = url.searchParams.get('database')
    const params: Record<string, string> = {}
    for (const [k, v] of url.searchParams) if (k.startsWith('param_')) params[k.slice(6)] = v
    requests.push({ database, user, sql: statement ?? body })
    try {
      const out = await serial(async () => {
        await session.queryAsync(
          `USE ${database && /^[A-Za-z_][A-Za-z0-9_]*$/.test(database) ? database : 'default'}`,
        )
        const result = Object.keys(params).length
          ? await session.queryBindAsync(sql, params, { format: 'TabSeparated' })
          : await session.queryAsync(sql, { format: 'TabSeparated' })
        return result.text()
      })
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Summary': '{}' })
      res.end(out)
    } catch (err) {
      const code = (err as { clickhouseCode?: number }).clickhouseCode ?? 1000
      res.writeHead(500, { 'X-ClickHouse-Exception-Code': String(code) })
      res.end(`${(err as Error).message}\n`)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    query: (sql) => serial(async () => (await session.queryAsync(sql, { format: 'JSONEachRow' })).text()),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await queue
      session.close()
    },
  }
}

function credentials(req: IncomingMessage): { user: string | null; password: string | null } {
  const auth = req.headers.authorization
  if (auth?.startsWith('Basic ')) {
    const [user, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')
    return { user: user ?? null, password: rest.join(':') }
  }
  const user = req.headers['x-clickhouse-user']
  const key = req.headers['x-clickhouse-key']
  return { user: typeof user === 'string' ? user : null, password: typeof key === 'string' ? key : null }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  if (req.headers['content-encoding'] === 'gzip') {
    const { gunzipSync } = await import('node:zlib')
    return gunzipSync(raw).toString('utf8')
  }
  return raw.toString('utf8')
}
