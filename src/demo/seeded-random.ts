/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32). Not for secrets:
 * the demo needs the same numbers for the same seed on every machine and Node version, which
 * `Math.random` cannot give.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** An index drawn with the given (non-negative) weights. */
  weighted(weights: readonly number[]): number
  /** Lower-case hex of `length` characters. */
  hex(length: number): string
  /** An RFC 4122 version-4 shaped id (random bits from this generator). */
  uuid(): string
}

/** Mixes any number of 32-bit integers into one well-spread 32-bit seed (splitmix32 rounds). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9
  for (const part of parts) {
    h = splitmix32(h ^ (part >>> 0))
    // Parts above 2^32 (large indices) keep their high bits too.
    h = splitmix32(h ^ Math.floor(part / 4294967296))
  }
  return h >>> 0
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

export function createSeededRandom(seed: number): SeededRandom {
  let a = splitmix32(seed)
  let b = splitmix32(a)
  let c = splitmix32(b)
  let d = 1
  const nextUint = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Warm-up: the first outputs of sfc32 are weakly mixed.
  for (let i = 0; i < 12; i++) nextUint()

  const next = () => nextUint() / 4294967296
  const hex = (length: number): string => {
    let out = ''
    while (out.length < length) out += nextUint().toString(16).padStart(8, '0')
    return out.slice(0, length)
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
    weighted(weights) {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i] ?? 0
        if (r < 0) return i
      }
      return weights.length - 1
    },
    hex,
    uuid() {
      const h = hex(32)
      const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
    },
  }
}
