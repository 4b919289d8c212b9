import { describe, expect, it } from 'vitest'
import { shapeGoalPreview } from './shape-goal-preview.ts'

const period = { from: '2026-10-30', to: '2026-11-02' }

describe('shapeGoalPreview', () => {
  it('reads 64-bit counts sent as strings, and zeros when nothing matched', () => {
    expect(shapeGoalPreview([{ n_events: '12', n_visitors: '5' }], period, 'none', 'UTC')).toEqual({
      ...period,
      timezone: 'UTC',
      events: 12,
      visitors: 5,
      series: null,
    })
    expect(shapeGoalPreview([], period, 'none', 'UTC')).toMatchObject({ events: 0, visitors: 0 })
  })

  it('lists every day of the period, across a month end, with the totals apart from the days', () => {
    const rows = [
      { bucket: '2026-10-31', is_total: 0, n_events: 3, n_visitors: 2 },
      { bucket: '2026-11-02', is_total: '0', n_events: 1, n_visitors: 1 },
      { bucket: '1970-01-01', is_total: 1, n_events: 4, n_visitors: 2 },
    ]
    const preview = shapeGoalPreview(rows, period, 'day', 'Europe/Berlin')
    expect(preview).toMatchObject({ events: 4, visitors: 2 })
    expect(preview.series).toEqual([
      { start: '2026-10-30', events: 0, visitors: 0 },
      { start: '2026-10-31', events: 3, visitors: 2 },
      { start: '2026-11-01', events: 0, visitors: 0 },
      { start: '2026-11-02', events: 1, visitors: 1 },
    ])
  })
})
