import type { Draft, IngestStep } from './draft.ts'
import { DROP_REASONS, type DropReason, type StepResult } from './step-result.ts'

/** Runs the named steps in order; the first drop stops the event and is counted by reason. */
export function createIngestPipeline(steps: readonly IngestStep[]) {
  const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>
  return {
    steps: steps.map((s) => s.name),
    run(draft: Draft): StepResult<Draft> & { step?: string } {
      let current = draft
      for (const step of steps) {
        const result = step.run(current)
        if (!result.ok) {
          dropped[result.reason]++
          return { ...result, step: step.name }
        }
        current = result.value
      }
      return { ok: true, value: current }
    },
    countDrop(reason: DropReason): void {
      dropped[reason]++
    },
    dropCounts: (): Record<DropReason, number> => ({ ...dropped }),
  }
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>
