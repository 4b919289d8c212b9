import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoTruth } from '../src/demo/ground-truth.ts'
import type { RatesReport } from '../src/reports/rates/shape-rates.ts'
import {
  type CliResult,
  cleanupServers,
  makeTempDir,
  runCli,
  type ServerProcess,
  startServer,
} from './support/server-process.ts'

/*
 * `stepwise report rates` as a user runs it after `stepwise demo`: without a server (Stepwise
 * opened in process) and through a running server, as a table and as JSON.
 */

const dataDir = join(makeTempDir(), 'data')
let siteId = ''
let truth: DemoTruth
let server: ServerProcess | null = null

const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dataDir])

async function ok(args: string[]): Promise<string> {
  const res = await cli(...args)
  expect(res.stderr, `stepwise ${args.join(' ')}`).toBe('')
  expect(res.code, `stepwise ${args.join(' ')}`).toBe(0)
  return res.stdout
}

beforeAll(async () => {
  // The demo reports its progress on stderr; only its exit code and JSON matter here.
  const loaded = await cli('demo', '--visitors', '150', '--seed', '11', '--json')
  expect(loaded.code, loaded.stderr).toBe(0)
  const demo = JSON.parse(loaded.stdout) as {
    site: { id: string }
    truthPath: string
  }
  siteId = demo.site.id
  truth = JSON.parse(readFileSync(demo.truthPath, 'utf8')) as DemoTruth
}, 180_000)

afterAll(async () => {
  await server?.stop()
  await cleanupServers()
})

describe('stepwise report rates', () => {
  it('prints a readable table of every goal, micro before macro', async () => {
    const { from, to } = truth.period
    const out = await ok(['report', 'rates', '--site', siteId, '--from', from, '--to', to])
    console.log(out)
    const lines = out.split('\n')
    expect(lines[0]).toContain(`${from} … ${to} (Europe/Berlin): ${truth.totals.visitors} visitors`)
    const purchase = truth.goals.Purchase
    const row = lines.find((l) => l.startsWith('Purchase '))
    expect(row).toContain(`${purchase?.visitors} of ${truth.totals.visitors}`)
    const rate = ((purchase?.visitors ?? 0) / truth.totals.visitors) * 100
    expect(row).toContain(`${rate.toFixed(2)} %`)
    const kinds = lines
      .slice(3)
      .filter((l) => / (micro|macro) /.test(l))
      .map((l) => (l.includes(' micro ') ? 'micro' : 'macro'))
    expect(kinds.indexOf('macro')).toBeGreaterThan(kinds.lastIndexOf('micro'))
  })

  it('prints JSON with --json, and a breakdown and series when asked, through a running server too', async () => {
    const { from, to } = truth.period
    const args = ['report', 'rates', '--site', siteId, '--from', from, '--to', to, '--json']
    const before = JSON.parse(await ok(args)) as RatesReport
    server = await startServer({ dataDir })
    const through = JSON.parse(await ok(args)) as RatesReport
    expect(through).toEqual(before)
    expect(through.goals.find((g) => g.name === 'Purchase')?.convertedVisitors).toBe(
      truth.goals.Purchase?.visitors,
    )
    const table = await ok([
      'report',
      'rates',
      '--site',
      siteId,
      '--from',
      from,
      '--to',
      to,
      '--breakdown',
      'device',
      '--interval',
      'week',
      '--goals',
      'Purchase,Lead',
    ])
    expect(table).toMatch(/By device:\ndevice +Visitors +Purchase +Lead/)
    expect(table).toContain('By week:')
  })

  it('fails with one line naming the bad option', async () => {
    const res = await cli('report', 'rates', '--site', siteId, '--breakdown', 'planet')
    expect(res.code).toBe(1)
    expect(res.stderr.trim().split('\n')).toHaveLength(1)
    expect(res.stderr).toMatch(/^stepwise: breakdown must be one of channel/)
    const unknown = await cli('report', 'nope', '--site', siteId)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown report "nope"')
  })
})
