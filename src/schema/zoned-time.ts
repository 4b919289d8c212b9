/**
 * Wall-clock time in an IANA time zone, without a date library: the demo lays traffic out by
 * local day and hour (a Berlin shop is busy at 20:00 Berlin time), and its period is whole local
 * days, so day boundaries are not UTC midnights.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Offset of the zone from UTC at instant `utcMs`, in milliseconds (Berlin in winter: +3600000). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/** The local calendar day (`YYYY-MM-DD`) of an instant. */
export function localDay(timeZone: string, utcMs: number): string {
  return new Date(utcMs + zoneOffsetMs(timeZone, utcMs)).toISOString().slice(0, 10)
}

/**
 * The instant of a local wall-clock time. In the hour skipped when clocks go forward the time
 * does not exist; the result is then an hour later, as clocks show it.
 */
export function zonedToUtc(timeZone: string, day: string, msOfDay: number): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + msOfDay
  let guess = wall - zoneOffsetMs(timeZone, wall)
  // A second pass settles instants near a change of offset.
  guess = wall - zoneOffsetMs(timeZone, guess)
  return guess
}

/**
 * A clock for one zone that remembers the offset per UTC hour: offsets change only on the hour
 * (everywhere that matters here), and formatting a date costs microseconds, per event too many.
 */
export function createZoneClock(timeZone: string) {
  const offsets = new Map<number, number>()
  const dayNames = new Map<number, string>()
  const offsetAt = (utcMs: number): number => {
    const hour = Math.floor(utcMs / 3_600_000)
    let offset = offsets.get(hour)
    if (offset === undefined) {
      offset = zoneOffsetMs(timeZone, hour * 3_600_000)
      if (offsets.size > 100_000) offsets.clear()
      offsets.set(hour, offset)
    }
    return offset
  }
  return {
    timeZone,
    offsetAt,
    localDay: (utcMs: number): string => {
      const dayNumber = Math.floor((utcMs + offsetAt(utcMs)) / 86_400_000)
      let name = dayNames.get(dayNumber)
      if (name === undefined) {
        name = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)
        dayNames.set(dayNumber, name)
      }
      return name
    },
    /** Milliseconds since local midnight. */
    localMsOfDay: (utcMs: number): number => {
      const local = utcMs + offsetAt(utcMs)
      return ((local % 86_400_000) + 86_400_000) % 86_400_000
    },
    /** Local weekday, 0 = Sunday. */
    weekday: (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay(),
    /** As `zonedToUtc`, with the cached offsets. */
    toUtc: (day: string, msOfDay: number): number => {
      const wall = Date.parse(`${day}T00:00:00Z`) + msOfDay
      const guess = wall - offsetAt(wall)
      return wall - offsetAt(guess)
    },
  }
}

export type ZoneClock = ReturnType<typeof createZoneClock>
