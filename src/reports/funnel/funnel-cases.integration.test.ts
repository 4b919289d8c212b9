import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { funnelDefinitionSchema } from '../../schema/funnel.ts'
import type { Goal } from '../../schema/goal.ts'
import { createEventsClient, type EventsClient } from '../../store/events/create-events-client.ts'
import { migrateEvents } from '../../store/events/migrate-events.ts'
import { caseDefinition, caseLinks, caseRows, loadFunnelCases } from './funnel-cases.ts'
import { runFunnel } from './run-funnel.ts'

const cases = loadFunnelCases()

let dir: string
let events: EventsClient
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-funnels-'))
  events = createEventsClient({ server: null, dataDir: dir })
  await migrateEvents(events.client)
  const rows = cases.flatMap((c, i) => caseRows(c, `case${i}`))
  await events.client.insert({ table: 'events', values: rows, format: 'JSONEachRow' })
  const links = cases.flatMap((c, i) => caseLinks(c, `case${i}`))
  if (links.length)
    await events.client.insert({ table: 'identity_links', values: links, format: 'JSONEachRow' })
}, 60_000)
afterAll(async () => {
  await events.client.close()
  rmSync(dir, { recursive: true, force: true })
})

const run = (i: number, evaluator: 'auto' | 'sets' = 'auto') => {
  const c = cases[i]!
  const goals: Goal[] = c.goals.map((g, j) => ({
    ...g,
    id: `goal_${j}`,
    siteId: `case${i}`,
    createdAt: '',
    updatedAt: '',
  }))
  return runFunnel(events.client, {
    site: { id: `case${i}`, timezone: 'UTC' },
    definition: funnelDefinitionSchema.parse(caseDefinition(c)),
    goals,
    from: c.period[0],
    to: c.period[1],
    interval: c.interval,
    compare: c.compare ? 'previous' : 'none',
    breakdownLimit: 25,
    now: new Date('2026-03-10T00:00:00Z'),
    evaluator,
  })
}

describe('funnel-cases.json on the engine', () => {
  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = cases[i]!
    const r = await run(i)
    expect(r.steps.map((s) => s.persons)).toEqual(c.expect.steps)
    if (c.expect.previous) expect(r.previous?.steps.map((s) => s.persons)).toEqual(c.expect.previous)
    if (c.expect.conversions !== undefined) expect(r.converted).toBe(c.expect.conversions)
    if (c.expect.ttc)
      expect([r.timeToConvert.medianSeconds, r.timeToConvert.p90Seconds]).toEqual(c.expect.ttc)
    if (c.expect.medians) expect(r.steps.map((s) => s.medianSecondsFromPrevious)).toEqual(c.expect.medians)
    if (c.expect.breakdown) {
      const got = Object.fromEntries(
        (r.breakdown?.values ?? []).map((v) => [v.value, v.steps.map((s) => s.persons)]),
      )
      expect(got).toEqual(c.expect.breakdown)
    }
    if (c.expect.trend) {
      const got = Object.fromEntries(r.trend.map((t) => [t.bucket, t.entered]))
      expect(got).toEqual(c.expect.trend)
    }
  })

  // The general evaluator of ordered funnels (needed for per-step windows) must agree with the
  // fast one wherever both apply.
  const ordered = cases
    .map((c, i) => [c.name, i] as const)
    .filter(([, i]) => {
      const f = cases[i]!.funnel as { mode?: string }
      return (f.mode ?? 'ordered') === 'ordered'
    })
  it.each(ordered)('sets evaluator agrees: %s', async (_name, i) => {
    const [fast, sets] = await Promise.all([run(i), run(i, 'sets')])
    expect(sets).toEqual(fast)
  })
})
