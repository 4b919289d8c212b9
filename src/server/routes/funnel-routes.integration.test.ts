import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { FunnelPeoplePage } from '../../reports/funnel/funnel-people.ts'
import type { FunnelResult } from '../../reports/funnel/shape-funnel.ts'
import type { ErrorBody } from '../../schema/app-error.ts'
import type { Funnel } from '../../schema/funnel.ts'
import type { VisitorList } from '../../store/meta/visitor-lists-repository.ts'

// Five people on 2 March 2026 (Berlin): one buys, two stop at the cart, one (two devices, one user
// id) stops at checkout, one only looks at a product.
let t: TestStepwise
let siteId: string
let readKey: string
const period = { from: '2026-03-02', to: '2026-03-03' }

let seq = 0
function call(
  visitor: string,
  at: string,
  what: { event?: string; path?: string; userId?: string; identify?: boolean },
) {
  seq += 1
  const type = what.identify ? 'identify' : what.path ? 'page' : 'track'
  return {
    type,
    messageId: `m-${seq}`,
    anonymousId: visitor,
    ...(what.userId ? { userId: what.userId } : {}),
    timestamp: `2026-03-02T${at}:00Z`,
    ...(type === 'track' ? { event: what.event } : {}),
    properties: what.path ? { path: what.path, url: `https://shop.example.com${what.path}` } : {},
    context: what.path ? { page: { path: what.path, url: `https://shop.example.com${what.path}` } } : {},
  }
}
const product = { path: '/products/lamp' }
const cart = { event: 'Product Added' }
const checkout = { event: 'Checkout Started' }
const purchase = { event: 'Order Completed' }

const checkoutFunnel = {
  name: 'Checkout',
  description: 'Product page to purchase',
  definition: {
    steps: [
      { label: 'Product', match: { type: 'page', path: { match: 'prefix', pattern: '/products/' } } },
      { goal: 'Cart' },
      { match: { type: 'event', event: 'Checkout Started' } },
      { goal: 'Purchase' },
    ],
    window: '1d',
  },
}

async function call2<T>(
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = t.bearer,
) {
  const res = await t.stepwise.app.request(`/api/v1/sites/${siteId}${path}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return {
    status: res.status,
    body: (text.startsWith('{') ? JSON.parse(text) : text) as T,
    headers: res.headers,
  }
}
const failure = (r: { body: unknown }) => (r.body as ErrorBody).error

beforeAll(async () => {
  t = await openTestStepwise()
  siteId = t.site.site.id
  readKey = `Bearer ${(await t.stepwise.siteAdmin.createKey(siteId, 'read')).key}`
  const batch = [
    call('v1', '09:00', product),
    call('v1', '09:05', cart),
    call('v1', '09:10', checkout),
    call('v1', '09:20', purchase),
    call('v2', '10:00', product),
    call('v2', '10:02', cart),
    call('v2', '10:03', { path: '/help/shipping' }),
    call('v3', '11:00', product),
    call('v3', '11:30', cart),
    call('v4', '12:00', product),
    call('v4', '12:01', cart),
    call('v4', '12:02', { identify: true, userId: 'u4' }),
    call('v4b', '13:00', { ...checkout, userId: 'u4' }),
    call('v5', '14:00', product),
  ]
  const res = await t.post('/v1/batch', { batch }, { authorization: t.basic })
  expect(res.status).toBe(200)
  for (const goal of [
    { name: 'Cart', kind: 'micro', match: { type: 'event', event: 'Product Added' } },
    { name: 'Purchase', kind: 'macro', match: { type: 'event', event: 'Order Completed' } },
  ])
    expect((await call2('POST', '/goals', goal)).status).toBe(201)
}, 60_000)
afterAll(async () => {
  await t.close()
})

describe('saved funnels', () => {
  it('are created, read by id and name, listed, replaced and deleted', async () => {
    const created = await call2<{ funnel: Funnel }>('POST', '/funnels', checkoutFunnel)
    expect(created.status).toBe(201)
    const funnel = created.body.funnel
    expect(funnel).toMatchObject({ name: 'Checkout', siteId, description: 'Product page to purchase' })
    expect(funnel.definition.window).toBe('1d')
    expect(
      (await call2<{ funnel: Funnel }>('GET', `/funnels/${funnel.id}`, undefined, readKey)).body.funnel,
    ).toEqual(funnel)
    expect((await call2<{ funnel: Funnel }>('GET', '/funnels/Checkout')).body.funnel).toEqual(funnel)
    expect((await call2<{ funnels: Funnel[] }>('GET', '/funnels', undefined, readKey)).body.funnels).toEqual([
      funnel,
    ])

    const taken = await call2('POST', '/funnels', checkoutFunnel)
    expect(taken.status).toBe(409)
    expect(failure(taken).details[0]).toMatchObject({ field: 'name' })

    const copy = await call2<{ funnel: Funnel }>('POST', '/funnels', { ...checkoutFunnel, name: 'Copy' })
    const renamed = await call2<{ funnel: Funnel }>('PUT', `/funnels/${copy.body.funnel.id}`, {
      ...checkoutFunnel,
      name: 'Copy 2',
      definition: { ...checkoutFunnel.definition, mode: 'strict' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body.funnel).toMatchObject({ id: copy.body.funnel.id, name: 'Copy 2' })
    expect(renamed.body.funnel.definition.mode).toBe('strict')
    expect((await call2('PUT', `/funnels/${copy.body.funnel.id}`, checkoutFunnel)).status).toBe(409)
    expect((await call2('DELETE', '/funnels/Copy%202')).status).toBe(200)
    expect((await call2('GET', `/funnels/${copy.body.funnel.id}`)).status).toBe(404)
  })

  it('refuse bad input by field, unknown goals, and callers without the admin key', async () => {
    const unknownGoal = await call2('POST', '/funnels', {
      name: 'Bad',
      definition: { steps: [{ goal: 'Cart' }, { goal: 'Nope' }] },
    })
    expect(unknownGoal.status).toBe(400)
    expect(failure(unknownGoal).details[0]?.field).toBe('definition.steps.1.goal')
    const oneStep = await call2('POST', '/funnels', {
      name: 'Bad',
      definition: { steps: [{ goal: 'Cart' }] },
    })
    expect(oneStep.status).toBe(400)
    expect(failure(oneStep)).toMatchObject({ code: 'invalid_body' })
    expect(failure(oneStep).details[0]).toMatchObject({
      field: 'definition.steps',
      reason: 'a funnel needs at least 2 steps',
    })
    const zeroWindow = await call2('POST', '/funnels', {
      name: 'Bad',
      definition: { steps: [{ goal: 'Cart' }, { goal: 'Purchase' }], window: '0d' },
    })
    expect(failure(zeroWindow).details[0]).toMatchObject({
      field: 'definition.window',
      reason: 'must be longer than 0',
    })
    expect((await call2('POST', '/funnels', { ...checkoutFunnel, name: 'X' }, readKey)).status).toBe(403)
    expect((await call2('GET', '/funnels', undefined, null)).status).toBe(401)
    expect((await call2('GET', '/funnels/nothing')).status).toBe(404)
  })
})

describe('the funnel report', () => {
  it('evaluates a saved funnel by name, persons linked by user id counting once', async () => {
    const r = await call2<FunnelResult & { funnel: { name: string } }>(
      'POST',
      '/reports/funnel',
      { funnel: 'Checkout', ...period, compare: 'none' },
      readKey,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.funnel.name).toBe('Checkout')
    expect(r.body.steps.map((s) => [s.label, s.persons])).toEqual([
      ['Product', 5],
      ['Cart', 4],
      ['Checkout Started', 2],
      ['Purchase', 1],
    ])
    // Cart → checkout and checkout → purchase both lose half; the earlier one is named.
    expect(r.body.bottleneck).toMatchObject({ afterStep: 2, toStep: 3, dropOff: 2, dropOffRate: 0.5 })
  })

  it('evaluates an inline definition and names the field of a bad one', async () => {
    const inline = await call2<FunnelResult>('POST', '/reports/funnel', {
      definition: { steps: [{ goal: 'Cart' }, { goal: 'Purchase' }] },
      ...period,
    })
    expect(inline.status).toBe(200)
    expect(inline.body.steps.map((s) => s.persons)).toEqual([4, 1])
    const bad = await call2('POST', '/reports/funnel', {
      definition: {
        steps: [{ goal: 'Cart' }, { goal: 'Purchase' }],
        exclusions: [{ goal: 'Cart', from: 2, to: 3 }],
      },
    })
    expect(bad.status).toBe(400)
    expect(failure(bad).details[0]).toMatchObject({ field: 'definition.exclusions.0.to' })
    const both = await call2('POST', '/reports/funnel', { funnel: 'Checkout', definition: {} })
    expect(failure(both).details[0]?.field).toBe('funnel')
    const missing = await call2('POST', '/reports/funnel', { funnel: 'Nope' })
    expect(failure(missing)).toMatchObject({ code: 'invalid_parameter', details: [{ field: 'funnel' }] })
  })
})

describe('funnel people', () => {
  const people = (body: Record<string, unknown>, key = readKey) =>
    call2<FunnelPeoplePage>('POST', '/reports/funnel/people', { funnel: 'Checkout', ...period, ...body }, key)

  it('lists who dropped after a step, page by page, with their last events', async () => {
    const first = await people({ step: 2, status: 'dropped', limit: 1 })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body).toMatchObject({ step: 2, stepLabel: 'Cart', status: 'dropped', total: 2 })
    expect(first.body.people).toHaveLength(1)
    expect(first.body.nextCursor).not.toBeNull()
    const second = await people({ step: 2, status: 'dropped', limit: 1, cursor: first.body.nextCursor })
    expect(second.status, JSON.stringify(second.body)).toBe(200)
    expect(second.body.people).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    // Latest entry first: v3 entered at 11:00, v2 at 10:00.
    const [v3, v2] = [first.body.people[0], second.body.people[0]]
    expect(v3).toMatchObject({
      visitorId: 'v3',
      visitorIds: ['v3'],
      userId: null,
      enteredAt: '2026-03-02T11:00:00.000Z',
      furthestStep: 2,
      converted: false,
    })
    expect(v2?.visitorId).toBe('v2')
    expect(v2?.lastEvents.map((e) => [e.type, e.name || e.path])).toEqual([
      ['page', '/help/shipping'],
      ['track', 'Product Added'],
      ['page', '/products/lamp'],
    ])
  })

  it('counts a person with two devices once, under their user id', async () => {
    const r = await people({ step: 3, status: 'dropped', events: 0 })
    expect(r.body.total).toBe(1)
    expect(r.body.people[0]).toMatchObject({
      userId: 'u4',
      visitorIds: ['v4', 'v4b'],
      furthestStep: 3,
      lastEvents: [],
    })
    const done = await people({ step: 4, status: 'completed' })
    expect(done.body.people.map((p) => [p.visitorId, p.converted, p.timeToConvertSeconds])).toEqual([
      ['v1', true, 1200],
    ])
  })

  it('refuses a drop-off after the last step, a step outside the funnel and a forged cursor', async () => {
    const last = await people({ step: 4, status: 'dropped' })
    expect(last.status).toBe(400)
    expect(failure(last).details[0]?.field).toBe('step')
    expect(failure(await people({ step: 9, status: 'completed' })).details[0]?.field).toBe('step')
    expect(failure(await people({ step: 2, cursor: 'bm9wZQ' })).details[0]?.field).toBe('cursor')
    expect(failure(await people({ step: 0 })).details[0]?.field).toBe('step')
  })
})

describe('visitor lists', () => {
  it('saves who dropped after a step, lists, pages and exports the members, and deletes the list', async () => {
    const source = { funnel: 'Checkout', ...period, step: 2, status: 'dropped' }
    expect(
      (await call2('POST', '/visitor-lists', { name: 'Cart abandoners', funnel: source }, readKey)).status,
    ).toBe(403)
    const saved = await call2<{ visitorList: VisitorList }>('POST', '/visitor-lists', {
      name: 'Cart abandoners',
      funnel: source,
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const list = saved.body.visitorList
    expect(list).toMatchObject({
      name: 'Cart abandoners',
      size: 2,
      source: { kind: 'funnel', funnelName: 'Checkout', step: 2, status: 'dropped', ...period },
    })
    const taken = await call2('POST', '/visitor-lists', { name: 'Cart abandoners', funnel: source })
    expect(taken.status).toBe(409)
    const badStep = await call2('POST', '/visitor-lists', { name: 'X', funnel: { ...source, step: 4 } })
    expect(failure(badStep).details[0]?.field).toBe('funnel.step')
    // A refused list leaves nothing behind.
    expect((await call2('GET', '/visitor-lists/X')).status).toBe(404)

    const lists = await call2<{ visitorLists: VisitorList[] }>('GET', '/visitor-lists', undefined, readKey)
    expect(lists.body.visitorLists).toEqual([list])
    const page1 = await call2<{ members: Array<{ visitorId: string }>; nextCursor: string }>(
      'GET',
      `/visitor-lists/${list.id}/members?limit=1`,
      undefined,
      readKey,
    )
    const page2 = await call2<{ members: Array<{ visitorId: string }>; nextCursor: string | null }>(
      'GET',
      `/visitor-lists/${list.id}/members?limit=1&cursor=${page1.body.nextCursor}`,
    )
    expect(page2.body.nextCursor).toBeNull()
    expect([...page1.body.members, ...page2.body.members].map((m) => m.visitorId).sort()).toEqual([
      'v2',
      'v3',
    ])
    const csv = await call2<string>('GET', '/visitor-lists/Cart%20abandoners/members?format=csv')
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe('"person","visitor_id","user_id"')
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['"v2"', '"v3"'])
    expect(failure(await call2('GET', `/visitor-lists/${list.id}/members?limit=0`)).details[0]?.field).toBe(
      'limit',
    )

    // Later reports can look at the list's people alone.
    const ofList = await call2<FunnelResult>(
      'POST',
      '/reports/funnel',
      { funnel: 'Checkout', ...period, visitorList: 'Cart abandoners' },
      readKey,
    )
    expect(ofList.status, JSON.stringify(ofList.body)).toBe(200)
    expect(ofList.body.steps.map((s) => s.persons)).toEqual([2, 2, 0, 0])
    const listPeople = await call2<FunnelPeoplePage>('POST', '/reports/funnel/people', {
      funnel: 'Checkout',
      ...period,
      visitorList: list.id,
      step: 1,
      status: 'completed',
    })
    expect(listPeople.body.people.map((p) => p.visitorId).sort()).toEqual(['v2', 'v3'])
    const noList = await call2('POST', '/reports/funnel', { funnel: 'Checkout', visitorList: 'Nope' })
    expect(failure(noList).details[0]?.field).toBe('visitorList')

    expect((await call2('DELETE', `/visitor-lists/${list.id}`)).status).toBe(200)
    expect((await call2('GET', `/visitor-lists/${list.id}/members`)).status).toBe(404)
    const left = await t.stepwise.events.query({
      query: 'SELECT count() AS n FROM visitor_list_members WHERE list_id = {id:String}',
      query_params: { id: list.id },
      format: 'JSONEachRow',
    })
    expect((await left.json<{ n: string }>()).map((r) => Number(r.n))).toEqual([0])
  })
})
