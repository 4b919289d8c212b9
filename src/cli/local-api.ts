import type { Config } from '../config.ts'
import { AppError, type ErrorBody } from '../schema/app-error.ts'
import { openStepwise } from '../server/open-stepwise.ts'
import { randomToken } from '../store/meta/random-token.ts'
import { acquireLock, readLock, releaseLock } from './data-dir-lock.ts'

/** The Stepwise HTTP API as the CLI reaches it, with the instance administrator's rights. */
export interface LocalApi {
  via: 'server' | 'in-process'
  /** Calls the API; answers other than 2xx throw the API's error as an `AppError`. */
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
    const host = lock.host === '0.0.0.0' || lock.host === '::' ? '127.0.0.1' : lock.host
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${lock.port}`
    return {
      via: 'server',
      call: (method, path, body) =>
        send(
          (init) =>
            fetch(`${base}${path}`, init).catch((err: Error) => {
              throw new Error(
                `The Stepwise server (pid ${lock.pid}) at ${base} does not answer: ${err.message}`,
              )
            }),
          lock.token,
          method,
          body,
        ),
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
  return {
    via: 'in-process',
    call: (method, path, body) =>
      send((init) => Promise.resolve(stepwise.app.request(path, init)), token, method, body),
    async close() {
      try {
        await stepwise.close()
      } finally {
        releaseLock(config.dataDir)
      }
    },
  }
}

async function send<T>(
  fetcher: (init: RequestInit) => Promise<Response>,
  token: string,
  method: string,
  body: unknown,
): Promise<T> {
  const res = await fetcher({
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
