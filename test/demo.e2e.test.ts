import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DemoTruth } from '../src/demo/ground-truth.ts'
import type { Overview } from '../src/reports/overview/shape-overview.ts'
import {
  cleanupServers,
  makeTempDir,
  runCli,
  type ServerProcess,
  startServer,
} from './support/server-process.ts'

/*
 * `stepwise demo` as a newcomer runs it: first on a fresh data directory with no server (the
 * stores are opened in process), then while `serve` holds the directory (through the server).
 * Either way what is stored must be what the ground truth file says was generated.
 */

interface DemoJson {
  site: { id: string; name: string; timezone: string }
  secretKey: string
  via: 'server' | 'in-process'
  goals: { imported: boolean; created: number }
  truthPath: string
  totals: DemoTruth['totals']
  ratesUrl: string
}

const dataDir = join(makeTempDir(), 'data')
let server: ServerProcess | null = null
let firstSiteId = ''

afterAll(async () => {
  await server?.stop()
  await cleanupServers()
})

const readTruth = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as DemoTruth

async function overview(
  base: string,
  siteId: string,
  secretKey: string,
  truth: DemoTruth,
): Promise<Overview> {
  const res = await fetch(
    `${base}/api/v1/sites/${siteId}/stats/overview?from=${truth.period.from}&to=${truth.period.to}`,
    { headers: { authorization: `Bearer ${secretKey}` } },
  )
  expect(res.status).toBe(200)
  return (await res.json()) as Overview
}

describe('stepwise demo', () => {
  it('loads a demo shop into a fresh data directory without a server and prints a summary', async () => {
    const started = Date.now()
    const run = await runCli(['demo', '--visitors', '200', '--seed', '7', '--data-dir', dataDir])
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`stepwise demo --visitors 200 --seed 7 (${seconds} s):\n${run.stdout}`)
    expect(run.stderr).not.toMatch(/stepwise: /)
    expect(run.code).toBe(0)
    const site =
      /Created the demo shop: site (site_[A-Za-z0-9_-]+) \("Demo shop", demo\.stepwise\.local, time zone Europe\/Berlin\)/.exec(
        run.stdout,
      )
    expect(site).not.toBeNull()
    firstSiteId = site?.[1] ?? ''
    expect(run.stdout).toMatch(/200 visitors, [\d,]+ sessions, [\d,]+ events over 60 days/)
    expect(run.stdout).toMatch(/Goals: 13 created/)
    expect(run.stdout).toMatch(/zip-code searchers buy at/)
    expect(run.stdout).toMatch(
      /curl -H 'Authorization: Bearer sk_adm_\S+' 'http:\/\/localhost:8787\/api\/v1\/sites\/site_\S+\/reports\/rates\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}'/,
    )

    const truthPath = join(dataDir, 'demo', `${firstSiteId}.truth.json`)
    expect(existsSync(truthPath)).toBe(true)
    const truth = readTruth(truthPath)
    expect(truth.generator).toEqual({ seed: 7, visitors: 200, days: 60 })
    expect(truth.totals.visitors).toBe(200)
    // The data directory is free again.
    expect(existsSync(join(dataDir, 'stepwise.lock'))).toBe(false)
  }, 120_000)

  it('goes through a running server, and a second run makes a second demo site', async () => {
    server = await startServer({ dataDir })
    const run = await runCli(['demo', '--visitors', '200', '--seed', '7', '--json', '--data-dir', dataDir])
    expect(run.code).toBe(0)
    const second = JSON.parse(run.stdout) as DemoJson
    expect(second.via).toBe('server')
    expect(second.site.id).not.toBe(firstSiteId)
    expect(second.goals).toMatchObject({ imported: true, created: 13 })
    expect(second.ratesUrl).toContain(
      `http://127.0.0.1:${server.port}/api/v1/sites/${second.site.id}/reports/rates?from=`,
    )

    // What the server stored for the second site is what its truth file says was sent.
    const truth = readTruth(second.truthPath)
    const stored = await overview(server.baseUrl, second.site.id, second.secretKey, truth)
    expect(stored.timezone).toBe('Europe/Berlin')
    expect(stored.total).toEqual({
      visitors: truth.totals.visitors,
      sessions: truth.totals.sessions,
      pageviews: truth.totals.pageViews,
      // The overview counts page and track calls, not identify calls.
      events: truth.totals.events - (truth.eventsByType.identify ?? 0),
    })
    expect(stored.days.map((d) => d.visitors)).toEqual(truth.days.map((d) => d.visitors))

    const rates = await fetch(second.ratesUrl, { headers: { authorization: `Bearer ${second.secretKey}` } })
    expect(rates.status).toBe(200)

    // The first site, loaded without a server, is there too and holds the same demo (same seed).
    const sites = await runCli(['sites', 'list', '--json', '--data-dir', dataDir])
    const demoSites = (JSON.parse(sites.stdout) as Array<{ id: string; name: string }>).filter(
      (s) => s.name === 'Demo shop',
    )
    expect(demoSites.map((s) => s.id).sort()).toEqual([firstSiteId, second.site.id].sort())
    const firstTruth = readTruth(join(dataDir, 'demo', `${firstSiteId}.truth.json`))
    expect(firstTruth.totals).toEqual(truth.totals)
  }, 120_000)
})
