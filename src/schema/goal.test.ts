import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { goalInputSchema, regexProblem } from './goal.ts'

/** `[name, goalInput, fieldPath, reasonSubstring]`: the first issue's path joined by '.', and its message. */
const invalidCases = z
  .array(z.tuple([z.string().min(1), z.unknown(), z.string(), z.string().min(1)]))
  .parse(JSON.parse(readFileSync(new URL('./goal-invalid-cases.json', import.meta.url), 'utf8')))

describe('goalInputSchema rejects invalid goals naming the field', () => {
  it.each(invalidCases)('%s', (_name, input, fieldPath, reason) => {
    const result = goalInputSchema.safeParse(input)
    expect(result.success).toBe(false)
    const issue = result.error?.issues[0]
    expect(issue?.path.join('.')).toBe(fieldPath)
    expect(issue?.message).toContain(reason)
  })
})

describe('goalInputSchema defaults', () => {
  it('fills description, counting, where, conditions, exists and the path match kind', () => {
    const goal = goalInputSchema.parse({
      name: 'Engaged buyer',
      kind: 'macro',
      match: {
        type: 'all',
        matches: [
          { type: 'event', event: 'Purchase' },
          { type: 'event', event: 'Purchase', conditions: [{ property: 'coupon', op: 'exists' }] },
          { type: 'page', path: { pattern: '/thanks' } },
        ],
      },
    })
    expect(goal).toEqual({
      name: 'Engaged buyer',
      kind: 'macro',
      description: '',
      counting: 'once_per_visitor',
      match: {
        type: 'all',
        matches: [
          { type: 'event', event: 'Purchase', where: 'all', conditions: [] },
          {
            type: 'event',
            event: 'Purchase',
            where: 'all',
            conditions: [{ property: 'coupon', op: 'exists', value: true }],
          },
          { type: 'page', path: { match: 'exact', pattern: '/thanks' } },
        ],
      },
    })
  })

  it('accepts nesting at the limit of four levels', () => {
    let match: unknown = { type: 'event', event: 'x' }
    for (let i = 0; i < 4; i++) match = { type: 'any', matches: [match] }
    expect(goalInputSchema.safeParse({ name: 'Deep', kind: 'micro', match }).success).toBe(true)
  })
})

describe('regexProblem', () => {
  it('accepts what RE2 runs and names what it does not', () => {
    expect(regexProblem('^/product/(\\d+)/?$')).toBeNull()
    expect(regexProblem('\\\\1')).toBeNull()
    expect(regexProblem('(a)\\1')).toContain('back-reference')
    expect(regexProblem('a(?!b)')).toContain('look-around')
    expect(regexProblem('a(')).toContain('not a valid regular expression')
  })
})
