import { z } from 'zod'

const SCENARIOS = ['single', 'batch100'] as const
export type Scenario = (typeof SCENARIOS)[number]

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

const envSchema = z.object({
  BENCH_DURATION_S: positiveInt(10),
  BENCH_WARMUP_S: z.coerce.number().int().min(0).default(3),
  BENCH_CONNECTIONS_SINGLE: positiveInt(100),
  BENCH_CONNECTIONS_BATCH: positiveInt(32),
  BENCH_BATCH_SIZE: positiveInt(100),
  BENCH_SCENARIOS: z
    .string()
    .default(SCENARIOS.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(SCENARIOS)).min(1)),
  BENCH_PROFILE: z.enum(['0', '1', 'true', 'false']).default('0'),
  BENCH_STEPWISE_NODE_ARGS: z.string().default(''),
  BENCH_STEPWISE_ROOT: z.string().min(1).optional(),
  STEPWISE_FLUSH_INTERVAL_MS: z.string().optional(),
  STEPWISE_FLUSH_MAX_ROWS: z.string().optional(),
})

export interface IngestSettings {
  durationS: number
  warmupS: number
  connections: Record<Scenario, number>
  batchSize: number
  scenarios: Scenario[]
  /** Run the Stepwise child with `--cpu-prof` (profile written to bench/results/profiles). */
  profile: boolean
  /** Extra Node flags for the Stepwise child (`--trace-gc`, `--max-semi-space-size=64`, …). */
  stepwiseNodeArgs: string[]
  /** Another checkout to run `bin/stepwise.js` from (to measure a change); null means this one. */
  stepwiseRoot: string | null
  /** Group-commit settings handed to the Stepwise child; absent means its defaults. */
  stepwiseEnv: Record<string, string>
}

/** The benchmark's knobs, from the environment (the bench's only reader of it). */
export function readIngestSettings(env: NodeJS.ProcessEnv): IngestSettings {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`Invalid ${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`)
  }
  const e = parsed.data
  const stepwiseEnv: Record<string, string> = {}
  if (e.STEPWISE_FLUSH_INTERVAL_MS !== undefined)
    stepwiseEnv.STEPWISE_FLUSH_INTERVAL_MS = e.STEPWISE_FLUSH_INTERVAL_MS
  if (e.STEPWISE_FLUSH_MAX_ROWS !== undefined) stepwiseEnv.STEPWISE_FLUSH_MAX_ROWS = e.STEPWISE_FLUSH_MAX_ROWS
  return {
    durationS: e.BENCH_DURATION_S,
    warmupS: e.BENCH_WARMUP_S,
    connections: { single: e.BENCH_CONNECTIONS_SINGLE, batch100: e.BENCH_CONNECTIONS_BATCH },
    batchSize: e.BENCH_BATCH_SIZE,
    scenarios: e.BENCH_SCENARIOS,
    profile: e.BENCH_PROFILE === '1' || e.BENCH_PROFILE === 'true',
    stepwiseNodeArgs: e.BENCH_STEPWISE_NODE_ARGS.split(/\s+/).filter(Boolean),
    stepwiseRoot: e.BENCH_STEPWISE_ROOT ?? null,
    stepwiseEnv,
  }
}
