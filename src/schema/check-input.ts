import type { z } from 'zod'
import type { ErrorDetail } from './app-error.ts'

export type InputProblem = ErrorDetail & { field: string; path: Array<string | number> }

export type InputCheck<T> =
  /** `path` is the offending field as a path (for finding it in a file); `field` the same joined by dots. */
  { ok: true; data: T } | { ok: false; details: InputProblem[] }

/**
 * Validates input as a user wrote it (API body, CLI flags, a file entry) with a zod schema. Each
 * problem names its field from `prefix` on, e.g. `goals.3.match.conditions.0.value`, with a reason
 * a person can act on. Text PostgreSQL cannot store is refused here, by field.
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: Array<string | number> = [],
): InputCheck<z.output<S>> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => {
      const { path, reason } = describeIssue(issue)
      const full = [...prefix, ...path]
      return { field: full.join('.') || 'body', path: full, reason }
    })
    return { ok: false, details }
  }
  // PostgreSQL text and jsonb cannot hold U+0000 or unpaired surrogates.
  const bad = unstorableText(parsed.data, [])
  if (bad) {
    const full = [...prefix, ...bad]
    return {
      ok: false,
      details: [
        {
          field: full.join('.'),
          path: full,
          reason: 'must not contain NUL characters or unpaired surrogates',
        },
      ],
    }
  }
  return { ok: true, data: parsed.data }
}

type Issue = z.core.$ZodIssue
type Key = string | number

function describeIssue(issue: Issue): { path: Key[]; reason: string } {
  const path = issue.path.filter((k): k is Key => typeof k !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    return { path: [...path, key], reason: 'is not a known field' }
  }
  if (issue.code === 'invalid_type') {
    const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message)
    if (m) {
      if (m[2] === 'undefined') return { path, reason: 'is required' }
      return { path, reason: `must be ${typeName(m[1] ?? '')}, not ${typeName(m[2] ?? '')}` }
    }
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A value like `{fixed: 'x'}`: when exactly one alternative fits the keys given, its problem
    // is the one to report (`value.fixed must be a number`), not the list of alternatives.
    const fitting = issue.errors.filter((branch) => !branch.some((i) => i.code === 'unrecognized_keys'))
    const first = fitting.length === 1 ? fitting[0]?.[0] : undefined
    if (first) {
      const inner = describeIssue(first)
      return { path: [...path, ...inner.path], reason: inner.reason }
    }
  }
  return { path, reason: issue.message }
}

function typeName(t: string): string {
  if (t === 'array') return 'a list'
  if (t === 'object') return 'an object'
  if (t === 'null' || t === 'undefined' || t === 'NaN') return t
  return `a ${t}`
}

/** With the `u` flag a paired surrogate is one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u

function unstorableText(value: unknown, path: Key[]): Key[] | null {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path : null
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = unstorableText(v, [...path, i])
      if (bad) return bad
    }
    return null
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const bad = unstorableText(k, [...path, k]) ?? unstorableText(v, [...path, k])
      if (bad) return bad
    }
  }
  return null
}
