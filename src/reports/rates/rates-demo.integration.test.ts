import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.ts'
import { DEMO_GOALS, type DemoShop, generateDemoShop, SHOP_EVENTS } from '../../demo/index.ts'
import { type LoadDemoResult, loadDemo } from '../../demo/load-demo.ts'
import { openStepwise, type Stepwise } from '../../server/open-stepwise.ts'
import type { RatesReport } from './shape-rates.ts'

/*
 * The rates report on the demo shop equals what the generator says it generated: its ground truth
 * for the whole period, and counts this test makes itself from the generated journeys for a
 * shorter range.
 */
const OPTIONS = { visitors: 400, seed: 7, end: new Date('2026-11-01T12:00:00Z') }
const adminToken = 'rates-demo-admin-token-0123456789'
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-rates-demo-'))
let stepwise: Stepwise
let loaded: LoadDemoResult
let shop: DemoShop

async function rates(query: string): Promise<RatesReport> {
  const res = await stepwise.app.request(`/api/v1/sites/${loaded.site.id}/reports/rates?${query}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  const body = (await res.json()) as RatesReport
  expect(res.status, JSON.stringify(body)).toBe(200)
  return body
}

beforeAll(async () => {
  stepwise = await openStepwise({ config: loadConfig({ STEPWISE_DATA_DIR: dataDir }), adminToken })
  loaded = await loadDemo(
    { fetch: async (path, init) => stepwise.app.request(path, init), adminToken, dataDir },
    OPTIONS,
  )
  shop = generateDemoShop(OPTIONS)
}, 120_000)

afterAll(async () => {
  await stepwise?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('rates on the demo shop', () => {
  it('equal the ground truth for every goal over the whole period', async () => {
    const truth = loaded.truth
    expect(truth).toEqual(shop.truth)
    const r = await rates(`from=${truth.period.from}&to=${truth.period.to}&compare=none&interval=day`)
    expect(r.visitors).toBe(truth.totals.visitors)
    expect(r.sessions).toBe(truth.totals.sessions)
    expect(r.goals.map((g) => g.name)).toEqual(DEMO_GOALS.map((g) => g.name))
    for (const g of r.goals) {
      const t = truth.goals[g.name]
      expect(t, g.name).toBeDefined()
      expect([g.name, g.kind, g.convertedVisitors, g.convertedSessions, g.conversions]).toEqual([
        g.name,
        t?.kind,
        t?.visitors,
        t?.sessions,
        t?.conversions,
      ])
      if (t?.value === null) expect(g.value).toBeNull()
      else expect(g.value?.sum, g.name).toBeCloseTo(t?.value ?? Number.NaN, 6)
      if (t?.currency) expect(g.value?.currency).toBe(t.currency)
    }
    expect(r.series?.buckets.map((b) => [b.start, b.visitors])).toEqual(
      truth.days.map((d) => [d.date, d.visitors]),
    )
  })

  it('break visitors down by first channel and by device as the truth does, rows summing to the total', async () => {
    const truth = loaded.truth
    for (const [dimension, expected] of [
      ['channel', truth.channels],
      ['device', truth.devices],
    ] as const) {
      const r = await rates(
        `from=${truth.period.from}&to=${truth.period.to}&compare=none&interval=none&breakdown=${dimension}&limit=100&goals=Purchase`,
      )
      const rows = r.breakdown?.rows ?? []
      expect(r.breakdown?.other).toBeNull()
      const got = Object.fromEntries(
        rows.map((row) => [row.value, [row.visitors, row.goals[0]?.convertedVisitors]]),
      )
      const want = Object.fromEntries(
        Object.entries(expected)
          .filter(([, v]) => v.visitors > 0)
          .map(([k, v]) => [k, [v.visitors, v.purchasers]]),
      )
      expect(got, dimension).toEqual(want)
      expect(rows.reduce((s, row) => s + row.visitors, 0)).toBe(r.visitors)
      expect(rows.reduce((s, row) => s + row.sessions, 0)).toBe(r.sessions)
      expect(rows.reduce((s, row) => s + (row.goals[0]?.conversions ?? 0), 0)).toBe(r.goals[0]?.conversions)
    }
  })

  it('count a shorter range as the journeys say, in the site time zone', async () => {
    const { timezone, to } = loaded.truth.period
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)
    const localDay = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    const inRange = (iso: string) => {
      const d = localDay.format(new Date(iso))
      return d >= from && d <= to
    }
    const visitors = new Set<string>()
    const buyers = new Map<string, { at: string; revenue: number }>()
    const signups = new Set<string>()
    for (const m of shop.messages) {
      if (m.type === 'identify' || !inRange(m.timestamp)) continue
      visitors.add(m.anonymousId)
      if (m.event === SHOP_EVENTS.newsletterSignedUp) signups.add(m.anonymousId)
      if (m.event === SHOP_EVENTS.orderCompleted) {
        const first = buyers.get(m.anonymousId)
        if (!first || m.timestamp < first.at)
          buyers.set(m.anonymousId, { at: m.timestamp, revenue: Number(m.properties?.revenue) })
      }
    }
    const r = await rates(`from=${from}&to=${to}&compare=none&interval=none`)
    expect(r.visitors).toBe(visitors.size)
    const purchase = r.goals.find((g) => g.name === 'Purchase')
    expect(purchase?.convertedVisitors).toBe(buyers.size)
    expect(purchase?.value?.sum).toBeCloseTo(
      [...buyers.values()].reduce((s, b) => s + b.revenue, 0),
      6,
    )
    expect(r.goals.find((g) => g.name === 'Newsletter sign-up')?.convertedVisitors).toBe(signups.size)
    expect(buyers.size).toBeGreaterThan(0)
  })
})
