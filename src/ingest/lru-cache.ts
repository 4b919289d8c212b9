/**
 * A bounded least-recently-used cache for the ingest hot path. A Map iterates in insertion order,
 * so re-inserting on a hit keeps its first key the least recently used one.
 */
export function createLruCache<V>(options: { maxEntries: number; maxKeyLength?: number }) {
  const { maxEntries } = options
  if (!Number.isInteger(maxEntries) || maxEntries < 0) {
    throw new RangeError(`cacheSize must be a whole number >= 0, got ${maxEntries}`)
  }
  // Longer keys are computed but not kept, so huge random inputs cannot fill memory.
  const maxKeyLength = options.maxKeyLength ?? Number.POSITIVE_INFINITY
  const entries = new Map<string, V>()
  return {
    /** The cached value of `key`, or `compute()`'s result, kept for next time. */
    get(key: string, compute: () => V): V {
      const cached = entries.get(key)
      if (cached !== undefined) {
        entries.delete(key)
        entries.set(key, cached)
        return cached
      }
      const value = compute()
      if (maxEntries > 0 && key.length <= maxKeyLength) {
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next()
          if (oldest.done !== true) entries.delete(oldest.value)
        }
        entries.set(key, value)
      }
      return value
    },
    size: () => entries.size,
  }
}
