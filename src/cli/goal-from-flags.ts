import { AppError } from '../schema/app-error.ts'

/** The `goals add` flags (all strings as typed; the goal model validates them). */
export interface GoalFlags {
  name?: string | undefined
  kind?: string | undefined
  event?: string | undefined
  page?: string | undefined
  'path-match'?: string | undefined
  definition?: string | undefined
  counting?: string | undefined
  value?: string | undefined
  currency?: string | undefined
  'value-property'?: string | undefined
}

/**
 * Builds a goal input (the API body shape) from `goals add` flags. Flag combinations that make no
 * sense are usage errors (`usage(message)`); everything else is left to the goal model, whose
 * messages name the field (`match.conditions.0.value must be a number`).
 */
export function goalFromFlags(flags: GoalFlags, usage: (message: string) => Error): Record<string, unknown> {
  if (!flags.name) throw usage('goals add needs --name')
  if (!flags.kind) throw usage('goals add needs --kind micro|macro')
  const sources = (['event', 'page', 'definition'] as const).filter((k) => flags[k] !== undefined)
  if (sources.length !== 1)
    throw usage('goals add needs exactly one of --event NAME, --page PATTERN or --definition JSON')
  if (flags['path-match'] !== undefined && flags.page === undefined)
    throw usage('--path-match goes with --page')

  return {
    name: flags.name,
    kind: flags.kind,
    match: matchFromFlags(flags),
    ...valueFromFlags(flags, usage),
    ...(flags.counting === undefined ? {} : { counting: flags.counting }),
  }
}

function matchFromFlags(flags: GoalFlags): unknown {
  if (flags.event !== undefined) return { type: 'event', event: flags.event }
  if (flags.page !== undefined)
    return { type: 'page', path: { match: flags['path-match'] ?? 'exact', pattern: flags.page } }
  try {
    return JSON.parse(flags.definition ?? '')
  } catch (err) {
    const reason = `is not valid JSON (${err instanceof Error ? err.message : 'syntax error'})`
    throw new AppError('invalid_parameter', `--definition ${reason}`, [{ field: 'definition', reason }])
  }
}

function valueFromFlags(flags: GoalFlags, usage: (message: string) => Error): { value?: unknown } {
  const { value, currency } = flags
  const property = flags['value-property']
  if (value !== undefined && property !== undefined) throw usage('give --value or --value-property, not both')
  if (value !== undefined) {
    const fixed = Number(value)
    if (value.trim() === '' || !Number.isFinite(fixed))
      throw usage(`--value must be a number, got "${value}"`)
    if (currency === undefined) throw usage('--value needs --currency, e.g. --currency EUR')
    return { value: { fixed, currency } }
  }
  if (property !== undefined) return { value: { property, ...(currency === undefined ? {} : { currency }) } }
  if (currency !== undefined) throw usage('--currency goes with --value or --value-property')
  return {}
}
