import { addDays } from '../schema/calendar-day.ts'
import { createZoneClock, type ZoneClock } from '../schema/zoned-time.ts'
import type { SeededRandom } from './seeded-random.ts'

export interface DemoPeriod {
  timezone: string
  /** First day, `YYYY-MM-DD` in the site's time zone. */
  from: string
  /** Last day, included. */
  to: string
  days: number
  /** Local midnight starting `from`, epoch ms. */
  startMs: number
  /** Local midnight after `to` (exclusive), epoch ms. */
  endMs: number
}

/**
 * The `days` whole local days before the local day of `end`: a run at any time of one day makes
 * the same period, so output depends on the date only, and no event lies in the future.
 */
export function demoPeriod(end: Date, days: number, timezone: string): DemoPeriod {
  const clock = createZoneClock(timezone)
  const endDay = clock.localDay(end.getTime())
  const from = addDays(endDay, -days)
  return {
    timezone,
    from,
    to: addDays(endDay, -1),
    days,
    startMs: clock.toUtc(from, 0),
    endMs: clock.toUtc(endDay, 0),
  }
}

/** Relative traffic by local weekday (0 = Sunday): Sunday evenings are the busiest. */
const WEEKDAY_WEIGHT = [1.15, 1.0, 0.97, 0.95, 0.92, 0.84, 0.78]

/** Relative traffic by local hour. */
const HOUR_WEIGHT = [
  0.35, 0.2, 0.12, 0.08, 0.08, 0.15, 0.4, 0.8, 1.2, 1.4, 1.5, 1.6, 1.8, 1.7, 1.5, 1.5, 1.5, 1.7, 2.1, 2.5,
  2.7, 2.4, 1.7, 0.8,
]

/** Traffic grows by this share from the first day to the last. */
const GROWTH = 0.25

/** When visits happen: a weekly rhythm, a daily one, and mild growth. */
export function createTrafficCalendar(period: DemoPeriod) {
  const clock: ZoneClock = createZoneClock(period.timezone)
  const dayList: string[] = []
  const dayWeights: number[] = []
  for (let i = 0; i < period.days; i++) {
    const day = addDays(period.from, i)
    dayList.push(day)
    const growth = 1 + (GROWTH * i) / Math.max(1, period.days - 1)
    dayWeights.push((WEEKDAY_WEIGHT[clock.weekday(day)] ?? 1) * growth)
  }
  const cumulative: number[] = []
  let total = 0
  for (const w of dayWeights) {
    total += w
    cumulative.push(total)
  }

  const timeOnDay = (random: SeededRandom, day: string): number => {
    const hour = random.weighted(HOUR_WEIGHT)
    return clock.toUtc(day, hour * 3_600_000 + random.int(0, 3_599_999))
  }

  return {
    clock,
    /** A first visit's start: a day by traffic weight, an hour by the daily rhythm. */
    firstVisit(random: SeededRandom): number {
      const r = random.next() * total
      let lo = 0
      let hi = cumulative.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if ((cumulative[mid] ?? 0) > r) hi = mid
        else lo = mid + 1
      }
      return timeOnDay(random, dayList[lo] ?? period.from)
    },
    /** A visit `gapDays` local days after the one starting at `previous`. */
    laterVisit(random: SeededRandom, previous: number, gapDays: number): number {
      return timeOnDay(random, addDays(clock.localDay(previous), gapDays))
    },
  }
}

export type TrafficCalendar = ReturnType<typeof createTrafficCalendar>
