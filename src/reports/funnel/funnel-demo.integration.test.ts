import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { DEMO_GOAL_NAMES } from '../../demo/demo-goals.ts'
import { type LoadDemoResult, loadDemo } from '../../demo/load-demo.ts'
import type { VisitorList } from '../../store/meta/visitor-lists-repository.ts'
import type { FunnelPeoplePage } from './funnel-people.ts'
import type { FunnelResult } from './shape-funnel.ts'

/*
 * The demo's saved "Checkout" funnel (cart → shipping → payment → purchase, by device) against the
 * generator's ground truth: the step counts per device, and the bottleneck planted on mobile
 * (shipping → payment) named there and not on desktop.
 */
let t: TestStepwise
let demo: LoadDemoResult
beforeAll(async () => {
  t = await openTestStepwise()
  demo = await loadDemo(
    {
      fetch: async (path, init) => t.stepwise.app.request(path, init),
      adminToken: t.adminToken,
      dataDir: t.dataDir,
    },
    { visitors: 3000, seed: 5, end: new Date('2026-11-01T12:00:00Z') },
  )
}, 180_000)
afterAll(async () => {
  await t?.close()
})

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await t.stepwise.app.request(`/api/v1/sites/${demo.site.id}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as T
  expect(res.status, JSON.stringify(json)).toBeLessThan(300)
  return json
}

describe('the demo checkout funnel', () => {
  const period = () => ({ from: demo.truth.period.from, to: demo.truth.period.to })

  it('counts each device’s steps as the generator did and names the mobile shipping bottleneck', async () => {
    expect(demo.funnels).toEqual(['Checkout'])
    const r = await post<FunnelResult>('/reports/funnel', {
      funnel: 'Checkout',
      ...period(),
      compare: 'none',
    })
    const truth = demo.truth.effects.checkoutByDevice
    const values = Object.fromEntries(r.breakdown?.values.map((v) => [v.value, v]) ?? [])
    expect(Object.keys(values).sort()).toEqual(Object.keys(truth).sort())
    for (const [device, t] of Object.entries(truth))
      expect(
        values[device]?.steps.map((s) => s.persons),
        device,
      ).toEqual([t.cart, t.shipping, t.payment, t.purchase])
    const sum = (k: 'cart' | 'shipping' | 'payment' | 'purchase') =>
      Object.values(truth).reduce((s, d) => s + d[k], 0)
    expect(r.steps.map((s) => s.persons)).toEqual([
      sum('cart'),
      sum('shipping'),
      sum('payment'),
      sum('purchase'),
    ])

    expect(values.mobile?.bottleneck).toMatchObject({
      afterStep: 2,
      afterLabel: DEMO_GOAL_NAMES.checkoutShipping,
      toStep: 3,
    })
    // The planted leak: mobile loses far more between shipping and payment than desktop.
    const shippingDrop = (device: string) => values[device]?.steps[2]?.dropOffRate ?? Number.NaN
    expect(shippingDrop('mobile')).toBeCloseTo(1 - (truth.mobile?.shippingToPayment ?? 0), 12)
    expect(shippingDrop('desktop')).toBeCloseTo(1 - (truth.desktop?.shippingToPayment ?? 0), 12)
    expect(shippingDrop('mobile')).toBeGreaterThan(shippingDrop('desktop') + 0.2)
    expect(r.bottleneck).toMatchObject({ afterStep: 2, toStep: 3 })
  })

  it('lists and saves the people who dropped at the shipping step', async () => {
    const truth = Object.values(demo.truth.effects.checkoutByDevice)
    const dropped = truth.reduce((s, d) => s + d.shipping - d.payment, 0)
    const page = await post<FunnelPeoplePage>('/reports/funnel/people', {
      funnel: 'Checkout',
      ...period(),
      step: 2,
      status: 'dropped',
    })
    expect(page.total).toBe(dropped)
    expect(page.people.every((p) => p.furthestStep === 2 && !p.converted)).toBe(true)
    expect(page.people[0]?.lastEvents.length).toBeGreaterThan(0)
    const { visitorList } = await post<{ visitorList: VisitorList }>('/visitor-lists', {
      name: 'Left at shipping',
      funnel: { funnel: 'Checkout', ...period(), step: 2, status: 'dropped' },
    })
    expect(visitorList.size).toBe(dropped)
  })
})
