import type { Config } from '../config.ts'
import { AppError, type ErrorBody } from '../schema/app-error.ts'
import { openStepwise } from '../server/open-stepwise.ts'
import { randomToken } from '../store/meta/random-token.ts'
import { acquireLock, type LockInfo, readLock, releaseLock } from './data-dir-lock.ts'

/** Sends one request to Stepwise by path: `fetch` to a server, or the app's `request` in memory. */
export type ApiFetch = (path: string, init: RequestInit) => Promise<Response>

/** The Stepwise HTTP API as the CLI reaches it, with the instance administrator's rights. */
export interface LocalApi {
  via: 'server' | 'in-process'
  /** The running server's URL; null in process. */
  baseUrl: string | null
  /** The instance administrator's token for `Authorization: Bearer`. */
  token: string
  /** The bare request, for callers that set their own headers. */
  fetch: ApiFetch
  /** Calls the API as the administrator; answers other than 2xx throw the API's error as an `AppError`. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>
  close(): Promise<void>
}

/**
 * The running server when one holds the data directory, else Stepwise opened in this process
 * (holding the directory meanwhile) and called in memory: either way the same routes answer.
 */
export async function openLocalApi(config: Config): Promise<LocalApi> {
  const lock = readLock(config.dataDir)
  if (lock) {
    const base = serverUrl(lock)
    const fetchServer = serverFetch(lock)
    return {
      via: 'server',
      baseUrl: base,
      token: lock.token,
      fetch: fetchServer,
      call: (method, path, body) => callApi(fetchServer, lock.token, method, path, body),
      close: async () => undefined,
    }
  }
  const token = randomToken(40)
  acquireLock(config.dataDir, { host: config.host, port: null, token })
  let stepwise: Awaited<ReturnType<typeof openStepwise>>
  try {
    stepwise = await openStepwise({ config, adminToken: token })
  } catch (err) {
    releaseLock(config.dataDir)
    throw err
  }
  const fetchApp: ApiFetch = async (path, init) => stepwise.app.request(path, init)
  return {
    via: 'in-process',
    baseUrl: null,
    token,
    fetch: fetchApp,
    call: (method, path, body) => callApi(fetchApp, token, method, path, body),
    async close() {
      try {
        await stepwise.close()
      } finally {
        releaseLock(config.dataDir)
      }
    },
  }
}

/** `fetch` to the server that holds a data directory; a refused connection says which server. */
export function serverFetch(lock: LockInfo): ApiFetch {
  const base = serverUrl(lock)
  return (path, init) =>
    fetch(`${base}${path}`, init).catch((err: Error) => {
      throw new Error(`The Stepwise server (pid ${lock.pid}) at ${base} does not answer: ${err.message}`)
    })
}

/** The URL of the server that holds a data directory, from its lock file. */
export function serverUrl(lock: LockInfo): string {
  const host = lock.host === '0.0.0.0' || lock.host === '::' ? '127.0.0.1' : lock.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${lock.port}`
}

/** One JSON call with a bearer token; an error answer is thrown as the API's `AppError`. */
export async function callApi<T>(
  fetcher: ApiFetch,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetcher(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json = (await res.json()) as T | ErrorBody
  if (!res.ok) {
    const e = (json as ErrorBody).error
    throw new AppError(e?.code ?? 'internal', e?.message ?? `HTTP ${res.status}`, e?.details ?? [])
  }
  return json as T
}
