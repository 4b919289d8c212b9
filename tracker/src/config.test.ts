import { describe, expect, it } from 'vitest'
import { isOn, readConfig } from './config.ts'

const tag = (attrs: Record<string, string>) => (name: string) => attrs[name] ?? null
const SRC = 'https://stats.example.com/s.js?v=abc'

describe('readConfig', () => {
  it('posts to /v1/e on the script origin unless data-api says otherwise', () => {
    expect(readConfig(tag({ 'data-key': 'wk' }), SRC)?.api_).toBe('https://stats.example.com/v1/e')
    expect(readConfig(tag({ 'data-key': 'wk', 'data-api': '/x' }), SRC)?.api_).toBe('/x')
  })

  it('stays silent without a write key', () => {
    expect(readConfig(tag({}), SRC)).toBeUndefined()
  })

  it('reads consent and Do Not Track only from their exact values', () => {
    const c = readConfig(
      tag({ 'data-key': 'wk', 'data-consent': 'granted', 'data-respect-dnt': 'true' }),
      SRC,
    )
    expect([c?.consent_, c?.respectDnt_]).toEqual([true, true])
    const d = readConfig(tag({ 'data-key': 'wk', 'data-consent': 'yes', 'data-respect-dnt': '1' }), SRC)
    expect([d?.consent_, d?.respectDnt_]).toEqual([false, false])
  })

  it('switches on every feature without data-auto, only the listed ones with it', () => {
    const all = readConfig(tag({ 'data-key': 'wk' }), SRC)!
    expect(isOn(all, 'video')).toBe(true)
    const some = readConfig(tag({ 'data-key': 'wk', 'data-auto': 'pageviews, video,forms' }), SRC)!
    expect(['pageviews', 'video', 'forms', 'scroll'].map((f) => isOn(some, f))).toEqual([
      true,
      true,
      true,
      false,
    ])
    const none = readConfig(tag({ 'data-key': 'wk', 'data-auto': '' }), SRC)!
    expect(isOn(none, 'pageviews')).toBe(false)
  })
})
