import { resolve } from 'node:path'
import { z } from 'zod'
import { emailSchema, passwordSchema } from './accounts/account-input.ts'

/** The one place that reads the environment. Everything else receives a `Config`. */
export interface Config {
  port: number
  host: string
  dataDir: string
  /** ClickHouse server URL; absent means embedded chDB under `<dataDir>/events`. */
  clickhouse: { url: string; username: string; password: string; database: string } | null
  /** PostgreSQL URL; absent means embedded PGlite under `<dataDir>/meta`. */
  databaseUrl: string | null
  /** Take the client IP from `X-Forwarded-For` (only behind a trusted proxy). */
  trustProxy: boolean
  /** Keep events from bots instead of dropping them. */
  keepBots: boolean
  /** Region used to read phone numbers written without a country code. */
  defaultCountry: string
  flushIntervalMs: number
  flushMaxRows: number
  /** The instance administrator to create at the first start (instead of a set-up link). */
  admin: { email: string; password: string } | null
}

const envSchema = z.object({
  STEPWISE_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  STEPWISE_HOST: z.string().min(1).default('127.0.0.1'),
  STEPWISE_DATA_DIR: z.string().min(1).default('./data'),
  STEPWISE_CLICKHOUSE_URL: z.url().optional(),
  STEPWISE_CLICKHOUSE_USER: z.string().default('default'),
  STEPWISE_CLICKHOUSE_PASSWORD: z.string().default(''),
  STEPWISE_CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('default'),
  STEPWISE_DATABASE_URL: z.string().min(1).optional(),
  STEPWISE_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  STEPWISE_KEEP_BOTS: z.enum(['true', 'false', '1', '0']).default('false'),
  STEPWISE_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US')
    .default('US'),
  STEPWISE_FLUSH_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(5),
  STEPWISE_FLUSH_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  STEPWISE_ADMIN_EMAIL: emailSchema.optional(),
  STEPWISE_ADMIN_PASSWORD: passwordSchema.optional(),
})

export type ConfigOverrides = Partial<Pick<Config, 'port' | 'host' | 'dataDir'>>

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = issue?.path.join('.') ?? 'environment'
    throw new Error(`Invalid environment variable ${name}: ${issue?.message ?? 'invalid'}`)
  }
  const e = parsed.data
  const adminEmail = e.STEPWISE_ADMIN_EMAIL
  const adminPassword = e.STEPWISE_ADMIN_PASSWORD
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    const missing = adminEmail === undefined ? 'STEPWISE_ADMIN_EMAIL' : 'STEPWISE_ADMIN_PASSWORD'
    throw new Error(
      `Invalid environment variable ${missing}: is required when the other of STEPWISE_ADMIN_EMAIL / STEPWISE_ADMIN_PASSWORD is set`,
    )
  }
  const flag = (v: string) => v === 'true' || v === '1'
  return {
    port: overrides.port ?? e.STEPWISE_PORT,
    host: overrides.host ?? e.STEPWISE_HOST,
    dataDir: resolve(overrides.dataDir ?? e.STEPWISE_DATA_DIR),
    clickhouse: e.STEPWISE_CLICKHOUSE_URL
      ? {
          url: e.STEPWISE_CLICKHOUSE_URL,
          username: e.STEPWISE_CLICKHOUSE_USER,
          password: e.STEPWISE_CLICKHOUSE_PASSWORD,
          database: e.STEPWISE_CLICKHOUSE_DATABASE,
        }
      : null,
    databaseUrl: e.STEPWISE_DATABASE_URL ?? null,
    trustProxy: flag(e.STEPWISE_TRUST_PROXY),
    keepBots: flag(e.STEPWISE_KEEP_BOTS),
    defaultCountry: e.STEPWISE_DEFAULT_COUNTRY,
    flushIntervalMs: e.STEPWISE_FLUSH_INTERVAL_MS,
    flushMaxRows: e.STEPWISE_FLUSH_MAX_ROWS,
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null,
  }
}
