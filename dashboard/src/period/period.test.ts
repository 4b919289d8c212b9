import { describe, expect, it } from 'vitest'
import { periodFromParams, periodParams, previousOf, todayIn } from './period.ts'

const today = '2026-11-15'
const period = (query: string) => periodFromParams(new URLSearchParams(query), today)

describe('the report period', () => {
  it('defaults to the last 30 days up to today, compared with the 30 before', () => {
    expect(period('')).toEqual({
      preset: '30d',
      from: '2026-10-17',
      to: '2026-11-15',
      compare: true,
      previous: { from: '2026-09-17', to: '2026-10-16' },
    })
  })

  it('offers 7, 90 days and this month, with or without comparison', () => {
    expect(period('range=7d')).toMatchObject({ from: '2026-11-09', to: today })
    expect(period('range=90d')).toMatchObject({ from: '2026-08-18', to: today })
    expect(period('range=month&compare=none')).toMatchObject({
      from: '2026-11-01',
      to: today,
      compare: false,
      previous: null,
    })
  })

  it('takes a custom range of valid days in order, else falls back to the default', () => {
    expect(period('range=custom&from=2026-02-01&to=2026-02-28')).toMatchObject({
      preset: 'custom',
      from: '2026-02-01',
      to: '2026-02-28',
      previous: { from: '2026-01-04', to: '2026-01-31' },
    })
    expect(period('from=2026-02-30&to=2026-03-01').preset).toBe('30d')
    expect(period('from=2026-03-02&to=2026-03-01').preset).toBe('30d')
  })

  it('writes presets as presets, so a shared link moves with the days', () => {
    expect(periodParams(period('range=7d'))).toEqual({ range: '7d' })
    expect(periodParams(period('range=custom&from=2026-01-01&to=2026-01-02&compare=none'))).toEqual({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-01-02',
      compare: 'none',
    })
  })

  it("knows today in the site's zone and the period before a range", () => {
    const lateUtc = new Date('2026-11-15T23:30:00Z')
    expect(todayIn('Europe/Berlin', lateUtc)).toBe('2026-11-16')
    expect(todayIn('America/Los_Angeles', lateUtc)).toBe('2026-11-15')
    expect(previousOf('2026-03-01', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' })
  })
})
