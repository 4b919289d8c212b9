import { describe, expect, it } from 'vitest'
import { AppError } from '../schema/app-error.ts'
import { type Goal, type GoalDefinition, goalInputSchema } from '../schema/goal.ts'
import { goalFileFormatOf, parseGoalFile, serialiseGoalFile } from './goal-file.ts'

const INJECTION = `x'); DROP TABLE goals; --`

const definitions: GoalDefinition[] = [
  {
    name: 'Signed up',
    kind: 'macro',
    description: '',
    match: { type: 'event', event: 'Signed Up', where: 'all', conditions: [] },
    value: { fixed: 49.9, currency: 'EUR' },
    counting: 'once_per_visitor',
  },
  {
    name: INJECTION,
    kind: 'micro',
    description: 'line one\nline two: "quoted" # not a comment',
    match: {
      type: 'any',
      matches: [
        {
          type: 'event',
          event: 'yes',
          where: 'any',
          conditions: [
            { property: 'plan', op: 'in', value: ['42', 42, 'null'] },
            { field: 'utm_source', op: 'exists', value: true },
            { property: ' lead', op: 'regex', value: '^a.*[b]$' },
          ],
        },
        { type: 'page', path: { match: 'wildcard', pattern: '/blog/*' } },
        {
          type: 'engagement',
          metric: 'scroll_depth',
          threshold: 75,
          path: { match: 'prefix', pattern: '/docs' },
        },
      ],
    },
    value: { property: 'revenue' },
    counting: 'every_time',
  },
]

function problem(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err.message
    throw err
  }
  throw new Error('expected an error')
}

describe('goal files', () => {
  it.each(['yaml', 'json'] as const)(
    'round-trips goals through %s exactly, without ids or timestamps',
    (format) => {
      const stored: Goal[] = definitions.map((d, i) => ({
        id: `goal_${i}`,
        siteId: 'site_x',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        ...d,
      }))
      const text = serialiseGoalFile(stored, format, 'Goals of shop.example.com')
      expect(text).not.toContain('goal_0')
      expect(text).not.toContain('createdAt')
      expect(parseGoalFile(text, format)).toEqual(definitions)
    },
  )

  it('writes readable YAML: defaults left out, one line per value, a header comment', () => {
    const text = serialiseGoalFile([definitions[0] as GoalDefinition], 'yaml', 'Exported by stepwise')
    expect(text).toBe(
      [
        '# Exported by stepwise',
        'goals:',
        '  - name: Signed up',
        '    kind: macro',
        '    match:',
        '      type: event',
        '      event: Signed Up',
        '    value:',
        '      fixed: 49.9',
        '      currency: EUR',
        '    counting: once_per_visitor',
        '',
      ].join('\n'),
    )
  })

  it('reads a hand-written file, filling in defaults', () => {
    const text =
      'goals:\n  - name: Pricing\n    kind: micro\n    match: { type: page, path: { pattern: /pricing } }\n'
    expect(parseGoalFile(text, 'yaml')).toEqual([
      goalInputSchema.parse({
        name: 'Pricing',
        kind: 'micro',
        match: { type: 'page', path: { pattern: '/pricing' } },
      }),
    ])
    expect(parseGoalFile('goals: []\n', 'yaml')).toEqual([])
  })

  it('names the goal index, the field and its line', () => {
    const text = [
      'goals:',
      '  - name: A',
      '    kind: micro',
      '    match: { type: event, event: A }',
      '  - name: B',
      '    kind: micro',
      '    match:',
      '      type: event',
      '      event: B',
      '      conditions:',
      '        - { property: total, op: gt, value: ten }',
    ].join('\n')
    expect(problem(() => parseGoalFile(text, 'yaml', 'goals.yaml'))).toBe(
      'goals.yaml: goals.1.match.conditions.0.value must be a number (line 11)',
    )
    // A missing field points at the goal that lacks it.
    expect(problem(() => parseGoalFile('goals:\n  - name: A\n    kind: micro\n', 'yaml'))).toBe(
      'the goal file: goals.0.match is required (line 2)',
    )
    expect(
      problem(() =>
        parseGoalFile(
          'goals:\n  - name: A\n    kind: micro\n    colour: red\n    match: { type: event, event: A }\n',
          'yaml',
        ),
      ),
    ).toMatch(/goals\.0\.colour is not a known field \(line 4\)$/)
    const json =
      '{\n  "goals": [\n    { "name": "A", "kind": "mega", "match": { "type": "event", "event": "A" } }\n  ]\n}'
    expect(problem(() => parseGoalFile(json, 'json', 'g.json'))).toBe(
      'g.json: goals.0.kind must be micro or macro (line 3)',
    )
    const twice =
      'goals:\n  - { name: A, kind: micro, match: { type: event, event: A } }\n  - { name: A, kind: micro, match: { type: event, event: B } }\n'
    expect(problem(() => parseGoalFile(twice, 'yaml'))).toBe(
      'the goal file: goals.1.name repeats the name of goals.0 (line 3)',
    )
  })

  it('names the line of a syntax error, and refuses files of another shape', () => {
    expect(problem(() => parseGoalFile('goals:\n  - name: A\n    kind: [micro\n', 'yaml', 'g.yaml'))).toMatch(
      /^g\.yaml is not valid YAML: .+ \(line \d\)$/,
    )
    expect(problem(() => parseGoalFile('goals:\n  - name: A\n    name: B\n', 'yaml', 'g.yaml'))).toBe(
      'g.yaml is not valid YAML: Map keys must be unique (line 3)',
    )
    expect(problem(() => parseGoalFile('{\n  "goals": [],\n}', 'json', 'g.json'))).toMatch(
      /^g\.json is not valid JSON: .+ \(line 3\)$/,
    )
    expect(problem(() => parseGoalFile('', 'yaml', 'g.yaml'))).toBe(
      'g.yaml must hold a mapping with a `goals:` list',
    )
    expect(problem(() => parseGoalFile('- a\n', 'yaml', 'g.yaml'))).toBe(
      'g.yaml must hold a mapping with a `goals:` list',
    )
    expect(problem(() => parseGoalFile('goal: []\n', 'yaml', 'g.yaml'))).toBe(
      'g.yaml has an unknown top-level field "goal"; it holds only `goals`',
    )
    expect(problem(() => parseGoalFile('goals: {}\n', 'yaml', 'g.yaml'))).toBe(
      'g.yaml: goals must be a list of goals (line 1)',
    )
  })

  it('tells the format from the file name', () => {
    expect(goalFileFormatOf('goals.yaml')).toBe('yaml')
    expect(goalFileFormatOf('GOALS.YML')).toBe('yaml')
    expect(goalFileFormatOf('conf/goals.json')).toBe('json')
    expect(goalFileFormatOf('goals.txt')).toBeNull()
    expect(goalFileFormatOf('-')).toBeNull()
  })
})
