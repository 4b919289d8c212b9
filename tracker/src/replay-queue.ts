/** One call queued by the snippet before the script loaded: the arguments of `stepwise(method, …)`. */
export type QueuedCall = ArrayLike<unknown>

/**
 * Replays the calls queued before the script loaded. Consent calls go first and `beforeRest`
 * (the first page view) runs next, so a consent given before load already applies to the landing
 * page view; the other calls follow in the order they were made.
 */
export function replayQueue(
  queue: readonly QueuedCall[],
  call: (args: unknown[]) => void,
  beforeRest: () => void,
): void {
  const calls = queue.map((args) => Array.from(args))
  for (const args of calls) if (args[0] === 'consent') call(args)
  beforeRest()
  for (const args of calls) if (args[0] !== 'consent') call(args)
}
