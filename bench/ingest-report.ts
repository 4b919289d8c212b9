import type { BarePhase, BareRun, StepwiseMeasurement, StepwisePhase } from './ingest-phases.ts'
import type { LoadSummary } from './run-load.ts'

export const INGEST_TARGETS = { batchEventsPerS: 100_000, singleRatio: 0.5 } as const

export interface StepwiseRun extends LoadSummary {
  events_stored: number
  events_acknowledged: number
  /** Acknowledged calls missing from the store: must be 0 ("acknowledged means stored"). */
  acknowledged_but_not_found: number
  /** Events both acknowledged inside the window and found in the store, per second. */
  events_per_s_stored: number
  /** Overview delta / window: also counts calls cut off at the end and stored after it. */
  events_per_s_stored_overview: number
  ingest: {
    accepted: number
    duplicates: number
    rejected: number
    dropped: Record<string, number>
    flushes: number
    rows_written: number
    /** null when no flush happened in the window. */
    avg_rows_per_flush: number | null
    failed_flushes: number
  }
  peak_rss_mb_so_far: number | null
}

export interface IngestReportParts {
  header: Record<string, unknown>
  bare: BarePhase
  stepwise: StepwisePhase
  profile: boolean
  startedAt: Date
  finishedAt: Date
}

/** The JSON document: per scenario both servers side by side, memory, targets. */
export function buildIngestReport(parts: IngestReportParts): Record<string, unknown> {
  const { bare, stepwise } = parts
  const single = pair(bare.runs.single, stepwise.runs.single)
  const batch = pair(bare.runs.batch100, stepwise.runs.batch100)
  const batchMeasured = batch ? batch.stepwise.events_per_s_stored : null
  const singleMeasured = single ? single.ratio_rps : null
  return {
    ...parts.header,
    single,
    batch100: batch ? { ...batch, events_per_s_stored: batch.stepwise.events_per_s_stored } : null,
    memory: { stepwise: stepwise.memory, bare: bare.memory },
    ...(parts.profile
      ? {
          stepwise_profile: {
            dir: stepwise.profileDir,
            pid: stepwise.pid,
            // Seconds after the child was spawned: pass as FROM_S-TO_S to summarise-cpu-profile.ts.
            windows: stepwise.windows,
          },
        }
      : {}),
    targets: {
      batch_events_per_s: {
        target: INGEST_TARGETS.batchEventsPerS,
        measured: batchMeasured,
        met: batchMeasured === null ? null : batchMeasured >= INGEST_TARGETS.batchEventsPerS,
      },
      single_ratio: {
        target: INGEST_TARGETS.singleRatio,
        measured: singleMeasured,
        met: singleMeasured === null ? null : singleMeasured >= INGEST_TARGETS.singleRatio,
      },
    },
    started_at: parts.startedAt.toISOString(),
    runtime_s: Math.round((parts.finishedAt.getTime() - parts.startedAt.getTime()) / 100) / 10,
  }
}

function pair(bare: BareRun | undefined, measured: StepwiseMeasurement | undefined) {
  if (!bare || !measured) return null
  const stepwise = stepwiseRun(measured)
  return {
    bare,
    stepwise,
    // Stepwise 2xx per second over the bare server's: each Stepwise 2xx is a stored request.
    ratio_rps: ratio(stepwise.ok_requests_per_s, bare.ok_requests_per_s),
  }
}

function stepwiseRun(m: StepwiseMeasurement): StepwiseRun {
  const { load, healthBefore: before, healthAfter: after } = m
  const stored = m.storedAfter - m.storedBefore
  const acknowledged = load.ok_2xx * m.eventsPerRequest
  const flushes = after.writer.flushes - before.writer.flushes
  const rows = after.writer.rowsWritten - before.writer.rowsWritten
  const dropped: Record<string, number> = {}
  for (const [reason, n] of Object.entries(after.dropped)) {
    const d = n - (before.dropped[reason] ?? 0)
    if (d !== 0) dropped[reason] = d
  }
  return {
    ...load,
    events_stored: stored,
    events_acknowledged: acknowledged,
    acknowledged_but_not_found: Math.max(0, acknowledged - stored),
    events_per_s_stored: Math.round(Math.min(stored, acknowledged) / load.duration_s),
    events_per_s_stored_overview: Math.round(stored / load.duration_s),
    ingest: {
      accepted: after.accepted - before.accepted,
      duplicates: after.duplicates - before.duplicates,
      rejected: after.rejected - before.rejected,
      dropped,
      flushes,
      rows_written: rows,
      avg_rows_per_flush: flushes > 0 ? Math.round(rows / flushes) : null,
      failed_flushes: after.writer.failedFlushes - before.writer.failedFlushes,
    },
    peak_rss_mb_so_far: m.peakRssMbSoFar,
  }
}

/** null when the baseline answered nothing: there is no ratio to zero. */
function ratio(value: number, base: number): number | null {
  return base > 0 ? Math.round((value / base) * 1000) / 1000 : null
}
