import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cleanupServers,
  type ServerProcess,
  sleep,
  startFreshServer,
  startServer,
} from './support/server-process.ts'
import {
  type CollectAnswer,
  countIds,
  listAllEvents,
  overviewAroundToday,
  postCollect,
} from './support/stepwise-api.ts'

/*
 * "Acknowledged means stored": a 200 is only sent once the events are in the store, so a kill -9
 * right after loses none of them, and a client that retries after a restart never stores twice.
 */

const BATCH_SIZE = 50

interface Batch {
  ids: string[]
  body: { batch: Array<Record<string, unknown>> }
}

function makeBatch(prefix: string): Batch {
  const ids = Array.from({ length: BATCH_SIZE }, (_, j) => `${prefix}-e${j}`)
  return {
    ids,
    body: {
      batch: ids.map((messageId, j) => ({
        type: 'track',
        event: 'Durable Event',
        messageId,
        anonymousId: `visitor-${j % 10}`,
        properties: { n: j },
      })),
    },
  }
}

let server: ServerProcess
let siteId: string
let writeKey: string
let secretKey: string

beforeAll(async () => {
  ;({ server, siteId, writeKey, secretKey } = await startFreshServer())
})

afterAll(async () => {
  await cleanupServers()
})

async function send(batch: Batch): Promise<{ status: number; body: CollectAnswer }> {
  const res = await postCollect<CollectAnswer>(server.baseUrl, '/v1/batch', batch.body, { writeKey })
  return { status: res.status, body: res.body }
}

/** Sends the batches `concurrency` at a time; every one must be answered 200. */
async function sendAll(batches: readonly Batch[], concurrency: number): Promise<CollectAnswer[]> {
  const answers: CollectAnswer[] = new Array(batches.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const batch = batches[i] as Batch
      const res = await send(batch)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      answers[i] = res.body
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return answers
}

async function restart(): Promise<void> {
  server = await startServer({ dataDir: server.dataDir })
  // A restart on a data directory with a site prints no new credentials.
  expect(server.secretKey).toBeUndefined()
}

describe('kill -9 after acknowledged batches', { timeout: 60_000 }, () => {
  const batches = Array.from({ length: 20 }, (_, i) => makeBatch(`ack-b${i}`))
  const allIds = batches.flatMap((b) => b.ids)

  it('keeps every acknowledged event exactly once across a kill -9 and restart', async () => {
    const answers = await sendAll(batches, 4)
    for (const a of answers) {
      expect(a).toMatchObject({ success: true, accepted: BATCH_SIZE, duplicates: 0, rejected: [] })
    }

    await server.kill9()
    await restart()

    const events = await listAllEvents(server.baseUrl, siteId, secretKey)
    const counts = countIds(events)
    expect(events).toHaveLength(allIds.length)
    expect(allIds.filter((id) => counts.get(id) !== 1)).toEqual([])
    expect((await overviewAroundToday(server.baseUrl, siteId, secretKey)).total.events).toBe(allIds.length)
  })

  it('answers a retry of every batch after the restart as duplicates and stores nothing twice', async () => {
    const answers = await sendAll(batches, 4)
    for (const a of answers) {
      expect(a).toMatchObject({ success: true, accepted: 0, duplicates: BATCH_SIZE, rejected: [] })
    }
    const events = await listAllEvents(server.baseUrl, siteId, secretKey)
    expect(events).toHaveLength(allIds.length)
    expect((await overviewAroundToday(server.baseUrl, siteId, secretKey)).total.events).toBe(allIds.length)
  })
})

describe('kill -9 in the middle of concurrent load', { timeout: 60_000 }, () => {
  it('keeps every answered event once, and a full client retry stores each message exactly once', async () => {
    const before = countIds(await listAllEvents(server.baseUrl, siteId, secretKey))
    const WORKERS = 6
    const answered: Batch[] = []
    const unanswered: Batch[] = []
    const failures: string[] = []

    const worker = async (w: number) => {
      for (let k = 0; k < 200; k++) {
        const batch = makeBatch(`load-w${w}-b${k}`)
        try {
          const res = await send(batch)
          if (res.status === 200 && res.body.accepted === BATCH_SIZE) answered.push(batch)
          else failures.push(`${res.status} ${JSON.stringify(res.body)}`)
        } catch {
          // No answer: the server died with this request in flight (or before it was sent).
          unanswered.push(batch)
          return
        }
      }
    }
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
    while (answered.length < 20 && failures.length === 0) await sleep(5)
    // Land the kill at an arbitrary point of a request's life (parsing, waiting, inserting, answering).
    await sleep(Math.floor(Math.random() * 40))
    await server.kill9()
    await load

    expect(failures).toEqual([])
    expect(answered.length).toBeGreaterThanOrEqual(20)
    expect(unanswered).toHaveLength(WORKERS)

    await restart()
    const afterKill = countIds(await listAllEvents(server.baseUrl, siteId, secretKey))
    const answeredIds = answered.flatMap((b) => b.ids)
    expect(answeredIds.filter((id) => afterKill.get(id) !== 1)).toEqual([])
    // Unanswered requests may or may not have been stored, but never twice.
    const unansweredIds = unanswered.flatMap((b) => b.ids)
    expect(unansweredIds.filter((id) => (afterKill.get(id) ?? 0) > 1)).toEqual([])
    // The earlier events are untouched.
    for (const [id, n] of before) expect(afterKill.get(id), id).toBe(n)

    // The client retries everything it sent, answered or not.
    const retried = await sendAll([...answered, ...unanswered], 4)
    for (const [i, a] of retried.entries()) {
      expect(a.accepted + a.duplicates).toBe(BATCH_SIZE)
      if (i < answered.length) expect(a.duplicates).toBe(BATCH_SIZE)
    }
    const final = await listAllEvents(server.baseUrl, siteId, secretKey)
    const finalCounts = countIds(final)
    const sentIds = [...answeredIds, ...unansweredIds]
    expect(sentIds.filter((id) => finalCounts.get(id) !== 1)).toEqual([])
    expect(final).toHaveLength(before.size + sentIds.length)
  })
})
