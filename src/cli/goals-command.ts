import { readFileSync, writeFileSync } from 'node:fs'
import { describeMatch, describeValue } from '../goals/describe-goal.ts'
import {
  GOAL_FILE_FORMATS,
  type GoalFileFormat,
  goalFileFormatOf,
  parseGoalFile,
  serialiseGoalFile,
} from '../goals/goal-file.ts'
import type { Goal } from '../schema/goal.ts'
import type { AdminOps } from './admin-ops.ts'
import { type GoalFlags, goalFromFlags } from './goal-from-flags.ts'
import { textTable } from './text-table.ts'

export interface GoalsOptions extends GoalFlags {
  site?: string | undefined
  goal?: string | undefined
  format?: string | undefined
  json?: boolean | undefined
}

export type GoalOps = Pick<AdminOps, 'listGoals' | 'createGoal' | 'removeGoal' | 'importGoals'>

/** A wrong or missing argument: exits 2 like the other usage errors. */
export class GoalsUsageError extends Error {}

const usage = (message: string) => new GoalsUsageError(message)

/**
 * `stepwise goals list|add|remove|import|export`. Files are read and written here; their format
 * lives in `src/goals/goal-file.ts`. `-` is standard input (import) or output (export).
 */
export async function goalsCommand(
  ops: GoalOps,
  sub: string | undefined,
  args: readonly string[],
  options: GoalsOptions,
  out: (line: string) => void,
): Promise<number> {
  const site = () => {
    if (!options.site) throw usage(`goals ${sub} needs --site`)
    return options.site
  }
  const print = (data: unknown, text: () => string) => out(options.json ? JSON.stringify(data) : text())

  const noArguments = () => {
    if (args[0] !== undefined) throw usage(`goals ${sub} takes no positional argument, got "${args[0]}"`)
  }

  switch (sub) {
    case 'list': {
      noArguments()
      const goals = await ops.listGoals(site())
      print(goals, () =>
        goals.length === 0
          ? `No goals yet. Add one with: stepwise goals add --site ${site()} --name NAME --kind macro --event EVENT`
          : goalsTable(goals),
      )
      return 0
    }
    case 'add': {
      noArguments()
      const goal = await ops.createGoal(site(), goalFromFlags(options, usage))
      print(
        goal,
        () =>
          `Created ${goal.kind} goal "${oneLine(goal.name)}" (id ${goal.id}): ${oneLine(describeMatch(goal.match))}`,
      )
      return 0
    }
    case 'remove': {
      noArguments()
      if (!options.goal) throw usage('goals remove needs --goal ID_OR_NAME')
      const goal = await ops.removeGoal(site(), options.goal)
      print(goal, () => `Removed goal "${oneLine(goal.name)}" (id ${goal.id})`)
      return 0
    }
    case 'import': {
      const file = fileArgument(args, 'import')
      const siteId = site()
      const format = chosenFormat(options.format) ?? goalFileFormatOf(file) ?? 'yaml'
      const definitions = parseGoalFile(readText(file), format, file === '-' ? 'standard input' : file)
      const result = await ops.importGoals(siteId, definitions)
      print(
        result,
        () =>
          `Imported ${file === '-' ? 'standard input' : file} into site ${siteId}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
      )
      return 0
    }
    case 'export': {
      const file = fileArgument(args, 'export')
      const siteId = site()
      const format =
        chosenFormat(options.format) ??
        goalFileFormatOf(file) ??
        (file === '-' ? 'yaml' : null) ??
        fail(`cannot tell the format of ${file} from its name; add --format yaml|json`)
      const goals = await ops.listGoals(siteId)
      const text = serialiseGoalFile(
        goals,
        format,
        `Goals of Stepwise site ${siteId}. Apply with: stepwise goals import FILE --site SITE_ID`,
      )
      if (file === '-') out(text.replace(/\n$/, ''))
      else {
        writeText(file, text)
        out(`Exported ${goals.length} goal${goals.length === 1 ? '' : 's'} of site ${siteId} to ${file}`)
      }
      return 0
    }
    default:
      throw usage(`unknown command "goals ${sub ?? ''}"; use goals list|add|remove|import|export`)
  }
}

function fail(message: string): never {
  throw usage(message)
}

function fileArgument(args: readonly string[], sub: string): string {
  const [file, extra] = args
  if (!file)
    throw usage(`goals ${sub} needs a FILE (or - for standard ${sub === 'import' ? 'input' : 'output'})`)
  if (extra !== undefined) throw usage(`goals ${sub} takes one FILE, got also "${extra}"`)
  return file
}

function chosenFormat(format: string | undefined): GoalFileFormat | null {
  if (format === undefined) return null
  if ((GOAL_FILE_FORMATS as readonly string[]).includes(format)) return format as GoalFileFormat
  throw usage(`--format must be ${GOAL_FILE_FORMATS.join(' or ')}, got "${format}"`)
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`)
  }
}

function writeText(file: string, text: string): void {
  try {
    writeFileSync(file, text)
  } catch (err) {
    throw new Error(`cannot write ${file}: ${(err as Error).message}`)
  }
}

function goalsTable(goals: readonly Goal[]): string {
  return textTable(
    ['NAME', 'KIND', 'MATCH', 'COUNTING', 'VALUE'],
    goals.map((g) => [
      oneLine(g.name),
      g.kind,
      truncate(oneLine(describeMatch(g.match)), 70),
      g.counting,
      oneLine(describeValue(g.value)),
    ]),
  )
}

/** Control characters shown escaped, so one goal stays on one line of a table. */
function oneLine(text: string): string {
  let outText = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    outText += code < 0x20 || code === 0x7f ? JSON.stringify(ch).slice(1, -1) : ch
  }
  return outText
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
