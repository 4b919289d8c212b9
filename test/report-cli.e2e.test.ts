import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoTruth } from '../src/demo/ground-truth.ts'
import type { FunnelResult } from '../src/reports/funnel/shape-funnel.ts'
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

describe('stepwise report funnel', () => {
  const checkoutTruth = () => {
    const devices = Object.values(truth.effects.checkoutByDevice)
    const sum = (k: 'cart' | 'shipping' | 'payment' | 'purchase') => devices.reduce((s, d) => s + d[k], 0)
    return [sum('cart'), sum('shipping'), sum('payment'), sum('purchase')] as const
  }

  const checkoutArgs = () => [
    'report',
    'funnel',
    '--site',
    siteId,
    '--funnel',
    'Checkout',
    '--from',
    truth.period.from,
    '--to',
    truth.period.to,
  ]

  it('prints the saved funnel as a table with drop-off bars and the bottleneck', async () => {
    const { from, to } = truth.period
    const out = await ok(checkoutArgs())
    console.log(out)
    const lines = out.split('\n')
    expect(lines[0]).toBe(`Checkout: ${from} … ${to} (Europe/Berlin), ordered, window 7d`)
    const [cart, shipping, payment, purchase] = checkoutTruth()
    expect(lines[1]).toMatch(new RegExp(`^${cart} entered, ${purchase} converted`))
    const row = (label: string) => lines.find((l) => l.startsWith(label)) ?? ''
    expect(row('1 Add to cart')).toMatch(new RegExp(`^1 Add to cart +${cart} `))
    expect(row('3 Checkout: payment')).toMatch(new RegExp(`^3 Checkout: payment +${payment} `))
    // The bar is as long as the drop-off rate is of 30 characters.
    const rate = (shipping - payment) / shipping
    expect(row('3 Checkout: payment')).toMatch(new RegExp(` █{${Math.max(1, Math.round(rate * 30))}}$`))
    expect(out).toMatch(
      /^Bottleneck: after step \d ".+", [\d.]+ % \(\d+\) did not reach step \d; no comparison \(nobody reached step \d in the previous period\)$/m,
    )
    expect(out).toContain('By device (first touch):')
  })

  it('prints JSON with --json, from goals as steps with a breakdown, and names a bad step', async () => {
    const { from, to } = truth.period
    const saved = JSON.parse(await ok([...checkoutArgs(), '--json'])) as FunnelResult
    expect(saved.steps.map((s) => s.persons)).toEqual(checkoutTruth())
    const adHoc = JSON.parse(
      await ok([
        'report',
        'funnel',
        '--site',
        siteId,
        '--steps',
        'Add to cart,Purchase',
        '--breakdown',
        'channel',
        '--attribution',
        'last_touch',
        '--from',
        from,
        '--to',
        to,
        '--json',
      ]),
    ) as FunnelResult
    expect(adHoc.steps.map((s) => s.persons)).toEqual([checkoutTruth()[0], checkoutTruth()[3]])
    expect(adHoc.breakdown).toMatchObject({ dimension: 'channel', attribution: 'last_touch' })
    const bad = await cli('report', 'funnel', '--site', siteId, '--steps', 'Add to cart')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^stepwise: definition\.steps a funnel needs at least 2 steps/)
    const none = await cli('report', 'funnel', '--site', siteId)
    expect(none.code).toBe(2)
  })
})
