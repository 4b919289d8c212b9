import { parseArgs } from 'node:util'
import { type Config, loadConfig } from '../config.ts'
import { AppError } from '../schema/app-error.ts'
import { type AdminOps, openAdminOps } from './admin-ops.ts'
import { DemoUsageError, demoCommand, parseDemoOptions } from './demo-command.ts'
import { GoalsUsageError, goalsCommand } from './goals-command.ts'
import { openLocalApi } from './local-api.ts'
import { ReportUsageError, reportCommand } from './report-command.ts'
import { serveCommand } from './serve-command.ts'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  env: NodeJS.ProcessEnv
}

const USAGE = `Usage: stepwise <command> [options]

Commands:
  serve [--port N] [--host H] [--data-dir DIR]     run the server (default port 8787, data ./data)
  sites create --domain D [--name N] [--timezone TZ] [--json]
  sites list [--json]
  keys create --site ID --kind write|server|read|admin [--label L] [--json]
  keys list --site ID [--json]
  keys revoke --site ID --key KEY_ID
  migrate                                           apply pending schema migrations
  goals list --site ID [--json]
  goals add --site ID --name N --kind micro|macro
            (--event NAME | --page PATTERN [--path-match exact|prefix|wildcard|regex] | --definition MATCH_JSON)
            [--counting once_per_visitor|once_per_session|every_time]
            [--value N --currency EUR | --value-property P [--currency EUR]] [--json]
  goals remove --site ID --goal ID_OR_NAME
  goals import FILE --site ID [--format yaml|json] [--json]
                                                    create or update goals by name from a file (- = stdin)
  goals export FILE --site ID [--format yaml|json]  write the site's goals to a file (- = stdout)
  report rates --site ID [--from YYYY-MM-DD --to YYYY-MM-DD] [--goals A,B] [--interval none|hour|day|week|month]
               [--breakdown channel|source|medium|campaign|landing_page|page|device|browser|os|country|property:KEY]
               [--limit N] [--compare previous|none] [--json]
                                                    conversion rates of the site's goals (default: last 30 days)
  report funnel --site ID (--funnel ID_OR_NAME | --steps GOAL,GOAL,... | --definition JSON)
               [--from YYYY-MM-DD --to YYYY-MM-DD] [--mode ordered|strict|any_order] [--window 7d]
               [--breakdown channel|source|medium|campaign|device|browser|os|country|path|property:KEY]
               [--attribution first_touch|last_touch|step:N] [--interval day|week] [--limit N]
               [--compare previous|none] [--json]
                                                    steps, drop-offs with bars, the bottleneck and its change
  demo [--visitors N] [--seed S] [--days D] [--json]
                                                    a new "Demo shop" site with goals and D days (60) of traffic
                                                    from N visitors (5000); the ground truth goes to DIR/demo/

Every command takes --data-dir DIR (env STEPWISE_DATA_DIR). While a server holds the data
directory, commands go through it.`

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  domain: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  json: { type: 'boolean', default: false },
  site: { type: 'string' },
  kind: { type: 'string' },
  label: { type: 'string' },
  key: { type: 'string' },
  goal: { type: 'string' },
  event: { type: 'string' },
  page: { type: 'string' },
  'path-match': { type: 'string' },
  definition: { type: 'string' },
  counting: { type: 'string' },
  value: { type: 'string' },
  currency: { type: 'string' },
  'value-property': { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  goals: { type: 'string' },
  interval: { type: 'string' },
  breakdown: { type: 'string' },
  limit: { type: 'string' },
  compare: { type: 'string' },
  visitors: { type: 'string' },
  seed: { type: 'string' },
  days: { type: 'string' },
  funnel: { type: 'string' },
  steps: { type: 'string' },
  mode: { type: 'string' },
  window: { type: 'string' },
  attribution: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/** Runs one CLI invocation; returns the exit code. Errors are one clear line on stderr. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    })
    const [command, sub] = positionals
    if (values.help || !command || command === 'help') {
      io.out(USAGE)
      return command || values.help ? 0 : 1
    }
    const port = values.port === undefined ? undefined : parsePort(values.port)
    const config = loadConfig(io.env, {
      ...(port === undefined ? {} : { port }),
      ...(values.host ? { host: values.host } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    })

    if (command === 'serve') return await runServe(config, io)
    if (command === 'sites' || command === 'keys' || command === 'migrate') {
      const ops = await openAdminOps(config)
      try {
        return await runAdmin(ops, command, sub, values, io)
      } finally {
        await ops.close()
      }
    }
    if (command === 'goals') {
      const ops = await openAdminOps(config)
      try {
        return await goalsCommand(ops, sub, positionals.slice(2), values, io.out)
      } finally {
        await ops.close()
      }
    }
    if (command === 'report') {
      const api = await openLocalApi(config)
      try {
        return await reportCommand(api, sub, values, io.out)
      } finally {
        await api.close()
      }
    }
    if (command === 'demo')
      return await demoCommand({ config, out: io.out, err: io.err }, parseDemoOptions(values))
    throw new UsageError(`unknown command "${command}"; run "stepwise help"`)
  } catch (err) {
    io.err(`stepwise: ${describe(err)}`)
    const parseError = String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS')
    return err instanceof UsageError ||
      err instanceof ReportUsageError ||
      err instanceof GoalsUsageError ||
      err instanceof DemoUsageError ||
      parseError
      ? 2
      : 1
  }
}

class UsageError extends Error {}

function parsePort(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, got "${text}"`)
  return n
}

function describe(err: unknown): string {
  if (err instanceof AppError) {
    const d = err.details[0]
    return d?.field && !err.message.includes(d.field)
      ? `${err.message} (${d.field}: ${d.reason})`
      : err.message
  }
  if (err instanceof Error) return err.message.split('\n')[0] ?? 'error'
  return String(err)
}

async function runServe(config: Config, io: CliIo): Promise<number> {
  let signalled: () => void = () => undefined
  const stopSignal = new Promise<void>((resolve) => {
    signalled = resolve
  })
  const onSignal = () => {
    io.out('Stopping: flushing buffered events…')
    signalled()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const server = await serveCommand({ config, out: io.out, stopSignal })
  await stopSignal
  await server.stop()
  io.out('Stopped.')
  return 0
}

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string
}

function need(values: Values, name: 'domain' | 'site' | 'kind' | 'key', command: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${command} needs --${name}`)
  return v
}

async function runAdmin(ops: AdminOps, command: string, sub: string | undefined, values: Values, io: CliIo) {
  const json = values.json === true
  const print = (data: unknown, text: () => string) => io.out(json ? JSON.stringify(data) : text())

  if (command === 'migrate') {
    const applied = await ops.migrate()
    const all = [...applied.meta.map((v) => `meta ${v}`), ...applied.events.map((v) => `events ${v}`)]
    print(applied, () =>
      all.length ? `Applied: ${all.join(', ')}` : 'Nothing to apply: both stores are up to date.',
    )
    return 0
  }
  if (command === 'sites' && sub === 'create') {
    const created = await ops.createSite({
      domain: need(values, 'domain', 'sites create'),
      ...(values.name ? { name: values.name } : {}),
      ...(values.timezone ? { timezone: values.timezone } : {}),
    })
    print(
      {
        id: created.site.id,
        domain: created.site.domain,
        writeKey: created.writeKey,
        secretKey: created.secretKey,
      },
      () =>
        [
          `Created site ${created.site.name} (id ${created.site.id}, domain ${created.site.domain}, time zone ${created.site.timezone})`,
          `  write key:  ${created.writeKey}`,
          `  secret key: ${created.secretKey}   (shown only now)`,
        ].join('\n'),
    )
    return 0
  }
  if (command === 'sites' && sub === 'list') {
    const sites = await ops.listSites()
    print(sites, () =>
      sites.length === 0
        ? 'No sites yet. Create one with: stepwise sites create --domain example.com'
        : sites.map((s) => `${s.id}\t${s.domain}\t${s.name}\t${s.timezone}`).join('\n'),
    )
    return 0
  }
  if (command === 'keys' && sub === 'create') {
    const key = await ops.createKey(
      need(values, 'site', 'keys create'),
      need(values, 'kind', 'keys create'),
      values.label ?? '',
    )
    print(
      key,
      () =>
        `Created ${key.kind} key ${key.id}: ${key.key}${key.kind === 'write' ? '' : '   (shown only now)'}`,
    )
    return 0
  }
  if (command === 'keys' && sub === 'list') {
    const keys = await ops.listKeys(need(values, 'site', 'keys list'))
    print(keys, () =>
      keys
        .map(
          (k) =>
            `${k.id}\t${k.kind}\t${k.publicKey ?? `${k.prefix}…`}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t${k.label}`,
        )
        .join('\n'),
    )
    return 0
  }
  if (command === 'keys' && sub === 'revoke') {
    const key = await ops.revokeKey(need(values, 'site', 'keys revoke'), need(values, 'key', 'keys revoke'))
    print(key, () => `Revoked ${key.kind} key ${key.id}`)
    return 0
  }
  throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"; run "stepwise help"`)
}
