import { describe, expect, it } from 'vitest'
import {
  formatChange,
  formatCount,
  formatDuration,
  formatMoney,
  formatPointChange,
  formatRate,
  formatSignificant,
  NO_VALUE,
} from './format.ts'

describe('formatting for people', () => {
  it('shows a rate without visitors as "–", never 0 or NaN', () => {
    expect(formatRate(null, 'en-US')).toBe(NO_VALUE)
    expect(formatRate(Number.NaN, 'en-US')).toBe(NO_VALUE)
    expect(formatChange(null, 'en-US')).toBe(NO_VALUE)
    expect(formatCount(null, 'en-US')).toBe(NO_VALUE)
  })

  it("follows the user's locale", () => {
    expect(formatRate(0.015, 'en-US')).toBe('1.50%')
    expect(formatRate(0.015, 'de-DE')).toBe('1,50\u00a0%')
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567')
    expect(formatCount(1234567, 'de-DE')).toBe('1.234.567')
    expect(formatChange(0.123, 'en-US')).toBe('+12.3%')
    expect(formatChange(-0.05, 'en-US')).toBe('-5.0%')
    expect(formatChange(0, 'en-US')).toBe('0.0%')
    expect(formatPointChange(0.0042, 'en-US')).toBe('+0.42 pp')
    expect(formatMoney(49.9, 'EUR', 'de-DE')).toBe('49,90\u00a0€')
    expect(formatMoney(10, null, 'en-US')).toBe('10')
    expect(formatRate(0.9, 'de-DE', 0)).toBe('90\u00a0%')
    expect(formatSignificant(0.031234, 'en-US')).toBe('0.031')
    expect(formatSignificant(0.031234, 'de-DE')).toBe('0,031')
    expect(formatSignificant(null, 'de-DE')).toBe(NO_VALUE)
  })

  it('writes durations in their two largest units', () => {
    expect(formatDuration(null)).toBe(NO_VALUE)
    expect(formatDuration(42.4)).toBe('42s')
    expect(formatDuration(200)).toBe('3m 20s')
    expect(formatDuration(3600)).toBe('1h')
    expect(formatDuration(7500)).toBe('2h 5m')
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3d 4h')
  })
})
