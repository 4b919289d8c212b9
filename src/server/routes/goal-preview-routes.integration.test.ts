import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStepwise, type TestStepwise } from '../../../test/support/open-test-stepwise.ts'
import type { RatesReport } from '../../reports/rates/shape-rates.ts'
import type { ErrorBody } from '../../schema/app-error.ts'
import type { GoalPreview } from '../../schema/goal-preview.ts'

// The test site lives in Europe/Berlin: 23:30 UTC on 2 Nov is already 3 Nov there.
let t: TestStepwise
let siteId: string
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

let seq = 0
const track = (visitor: string, at: string, event: string, props: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId: `p-${++seq}`,
  anonymousId: visitor,
  timestamp: at,
  event,
  properties: props,
  context: { userAgent: UA },
})
const page = (visitor: string, at: string, path: string) => ({
  type: 'page',
  messageId: `p-${++seq}`,
  anonymousId: visitor,
  timestamp: at,
  properties: { path, url: `https://shop.example.com${path}` },
  context: { userAgent: UA, page: { path, url: `https://shop.example.com${path}` } },
})

const preview = (body: unknown, authorization: string | null = t.bearer) =>
  t.stepwise.app.request(`/api/v1/sites/${siteId}/goals/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  })

const video = {
  type: 'event',
  event: 'Video Progress',
  conditions: [{ property: 'percent', op: 'gte', value: 75 }],
}

beforeAll(async () => {
  t = await openTestStepwise()
  siteId = t.site.site.id
  const res = await t.post(
    '/v1/batch',
    {
      batch: [
        page('a', '2026-11-01T10:00:00Z', '/'),
        track('a', '2026-11-01T10:01:00Z', 'Video Progress', { percent: 50 }),
        track('a', '2026-11-01T10:02:00Z', 'Video Progress', { percent: 75 }),
        track('a', '2026-11-01T10:03:00Z', 'Video Progress', { percent: 100 }),
        page('b', '2026-11-02T23:30:00Z', '/pricing/pro'),
        track('b', '2026-11-02T23:31:00Z', 'Video Progress', { percent: '80' }),
        page('c', '2026-11-02T09:00:00Z', '/pricing'),
        track('c', '2026-11-02T09:01:00Z', 'Video Progress', { percent: 25 }),
        // Outside the period.
        track('d', '2026-10-20T09:00:00Z', 'Video Progress', { percent: 90 }),
      ],
    },
    { authorization: t.basic },
  )
  expect(res.status).toBe(200)
})
afterAll(async () => {
  await t.close()
})

describe('POST /api/v1/sites/:site/goals/preview', () => {
  it('counts the events and visitors a match finds, equal to the saved goal in the rates report', async () => {
    const res = await preview({ match: video, from: '2026-11-01', to: '2026-11-03' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as GoalPreview
    expect(body).toEqual({
      from: '2026-11-01',
      to: '2026-11-03',
      timezone: 'Europe/Berlin',
      events: 3,
      visitors: 2,
      series: null,
    })

    const saved = await t.post(
      `/api/v1/sites/${siteId}/goals`,
      { name: 'Watched 75 %', kind: 'micro', match: video, counting: 'every_time' },
      { authorization: t.bearer },
    )
    expect(saved.status).toBe(201)
    const rates = (await (
      await t.get(`/api/v1/sites/${siteId}/reports/rates?from=2026-11-01&to=2026-11-03&interval=none`, {
        authorization: t.bearer,
      })
    ).json()) as RatesReport
    expect(rates.goals[0]).toMatchObject({ convertedVisitors: body.visitors, conversions: body.events })
  })

  it("gives every day of the site's zone with interval=day", async () => {
    const res = await preview({
      match: { type: 'page', path: { match: 'prefix', pattern: '/pricing' } },
      from: '2026-11-01',
      to: '2026-11-03',
      interval: 'day',
    })
    const body = (await res.json()) as GoalPreview
    expect(body.visitors).toBe(2)
    expect(body.series).toEqual([
      { start: '2026-11-01', events: 0, visitors: 0 },
      { start: '2026-11-02', events: 1, visitors: 1 },
      { start: '2026-11-03', events: 1, visitors: 1 },
    ])
  })

  it('refuses a bad match naming the field, and callers without the read right', async () => {
    const bad = await preview({ match: { type: 'event', event: '' } })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.message).toBe('match.event must not be empty')

    expect((await preview({ match: video }, null)).status).toBe(401)
    const write = `Bearer ${t.site.writeKey}`
    expect((await preview({ match: video }, write)).status).toBe(403)
    const other = await t.stepwise.siteAdmin.createSite({ domain: 'other.example' })
    expect((await preview({ match: video }, `Bearer ${other.secretKey}`)).status).toBe(403)
  })
})
