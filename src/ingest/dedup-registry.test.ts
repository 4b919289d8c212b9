import { describe, expect, it } from 'vitest'
import { createDedupRegistry, DEDUP_WINDOW_MS } from './dedup-registry.ts'

describe('createDedupRegistry', () => {
  it('lets the first claim write and reports later ones as stored once settled', () => {
    const r = createDedupRegistry()
    expect(r.claim('s1', 'm1').status).toBe('new')
    r.settle('s1', ['m1'], true)
    expect(r.claim('s1', 'm1').status).toBe('stored')
  })

  it('keeps sites apart: the same messageId on another site is new', () => {
    const r = createDedupRegistry()
    r.claim('s1', 'm1')
    r.settle('s1', ['m1'], true)
    expect(r.claim('s2', 'm1').status).toBe('new')
  })

  it('makes a concurrent claim wait for the first write and tells it the outcome', async () => {
    const r = createDedupRegistry()
    r.claim('s1', 'm1')
    const second = r.claim('s1', 'm1')
    expect(second.status).toBe('pending')
    r.settle('s1', ['m1'], true)
    if (second.status === 'pending') expect(await second.settled).toBe(true)
  })

  it('releases ids whose write failed, so a retry can store them', async () => {
    const r = createDedupRegistry()
    r.claim('s1', 'm1')
    const waiting = r.claim('s1', 'm1')
    r.settle('s1', ['m1'], false)
    if (waiting.status === 'pending') expect(await waiting.settled).toBe(false)
    expect(r.claim('s1', 'm1').status).toBe('new')
  })

  it('remembers ids for at least the window and forgets them after two windows', () => {
    let now = 0
    const r = createDedupRegistry({ now: () => now })
    r.claim('s1', 'm1')
    r.settle('s1', ['m1'], true)
    now = DEDUP_WINDOW_MS + 1
    expect(r.claim('s1', 'm1').status).toBe('stored')
    now = 2 * DEDUP_WINDOW_MS + 2
    expect(r.claim('s1', 'm1').status).toBe('new')
  })

  it('recognises ids seeded from the store after a restart', () => {
    const r = createDedupRegistry()
    r.seed([['s1', 'm9']])
    expect(r.claim('s1', 'm9').status).toBe('stored')
  })
})
