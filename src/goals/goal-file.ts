import { type Document, isNode, LineCounter, parseDocument, stringify } from 'yaml'
import { AppError, type ErrorDetail } from '../schema/app-error.ts'
import type { GoalDefinition, Match } from '../schema/goal.ts'
import { checkGoalList } from './check-goal-list.ts'

/**
 * Goal files keep a site's goals in git: a mapping with one key, `goals`, a list of goal
 * definitions as `goalInputSchema` reads them (no ids, no timestamps; goals are matched by name).
 * Parsing and writing are pure; reading and writing files is the caller's business.
 *
 *     goals:
 *       - name: Signed up
 *         kind: macro
 *         match: { type: event, event: Signed Up }
 *         counting: once_per_visitor
 */
export type GoalFileFormat = 'yaml' | 'json'
export const GOAL_FILE_FORMATS = ['yaml', 'json'] as const

/** The format a file name implies (`.yaml`, `.yml`, `.json`), or null. */
export function goalFileFormatOf(fileName: string): GoalFileFormat | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml'
  if (lower.endsWith('.json')) return 'json'
  return null
}

/**
 * Parses and validates a goal file. Throws an `invalid_body` AppError whose message names the
 * line of a syntax error, or the goal index and field (and its line, when known) of a bad goal.
 */
export function parseGoalFile(
  text: string,
  format: GoalFileFormat,
  fileName = 'the goal file',
): GoalDefinition[] {
  const lines = new LineCounter()
  let value: unknown
  let doc: Document | null = null
  if (format === 'json') {
    try {
      value = JSON.parse(text)
    } catch (err) {
      const message = err instanceof Error ? err.message : 'syntax error'
      const at = /at position (\d+)/.exec(message)
      const line = at ? ` (line ${lineOfOffset(text, Number(at[1]))})` : ''
      throw fileError(
        fileName,
        `is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}${line}`,
      )
    }
    // JSON is YAML too: parsed again only to find the line of a bad field.
    const located = parseDocument(text, { lineCounter: lines })
    doc = located.errors.length === 0 ? located : null
  } else {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
    const syntax = doc.errors[0]
    if (syntax) {
      const line = lines.linePos(syntax.pos[0]).line
      throw fileError(fileName, `is not valid YAML: ${syntax.message.split('\n')[0]} (line ${line})`)
    }
    value = doc.toJS({ maxAliasCount: 100 })
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fileError(fileName, 'must hold a mapping with a `goals:` list')
  const unknownKey = Object.keys(value).find((k) => k !== 'goals')
  if (unknownKey !== undefined)
    throw fileError(
      fileName,
      `has an unknown top-level field ${JSON.stringify(unknownKey)}; it holds only \`goals\``,
    )

  const check = checkGoalList((value as { goals?: unknown }).goals)
  if (check.ok) return check.definitions
  const details = check.details.map(({ field, path, reason }) => {
    const line = doc ? lineOfPath(doc, lines, path) : null
    return { field, reason: line ? `${reason} (line ${line})` : reason }
  })
  const first = details[0] ?? { field: 'goals', reason: 'is invalid' }
  throw new AppError('invalid_body', `${fileName}: ${first.field} ${first.reason}`, details)
}

/** Writes goals (stored ones too: ids and timestamps are left out) as a goal file. */
export function serialiseGoalFile(
  goals: readonly GoalDefinition[],
  format: GoalFileFormat,
  header?: string,
): string {
  const file = { goals: goals.map(toFileEntry) }
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`
  const comment = header
    ? `${header
        .split('\n')
        .map((l) => `# ${l}`)
        .join('\n')}\n`
    : ''
  // lineWidth 0: long values stay on one line, so a change shows as one changed line in a diff.
  return comment + stringify(file, { lineWidth: 0 })
}

/** A definition in the model's key order, without the fields a stored goal adds or defaults. */
function toFileEntry(goal: GoalDefinition): Record<string, unknown> {
  return {
    name: goal.name,
    kind: goal.kind,
    ...(goal.description ? { description: goal.description } : {}),
    match: compactMatch(goal.match),
    ...(goal.value ? { value: goal.value } : {}),
    counting: goal.counting,
  }
}

function compactMatch(match: Match): unknown {
  if (match.type === 'all' || match.type === 'any')
    return { type: match.type, matches: match.matches.map(compactMatch) }
  if (match.type !== 'event' || match.conditions.length > 0) return match
  // `where` means nothing without conditions; both are defaults.
  return { type: match.type, event: match.event }
}

function fileError(fileName: string, reason: string): AppError {
  return new AppError('invalid_body', `${fileName} ${reason}`, [
    { field: fileName, reason } satisfies ErrorDetail,
  ])
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1
  return line
}

/** The line of the field at `path`, or of its nearest ancestor present in the file (a missing field). */
function lineOfPath(doc: Document, lines: LineCounter, path: ReadonlyArray<string | number>): number | null {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true)
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line
  }
  return null
}
