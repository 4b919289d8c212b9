/**
 * The progress steps (25, 50, 75, 100 %) reached at `percent` and not yet in `sent`. A seek
 * forward passes every step it jumps over; an unknown or endless duration (NaN, live) none.
 */
export function newSteps(percent: number, sent: readonly number[]): number[] {
  return STEPWISE_VIDEO_STEPS.filter((step) => step <= percent && !sent.includes(step))
}
