import { expect, it } from 'vitest'
import { replayQueue } from './replay-queue.ts'

it('replays consent first, then the landing page view, then the other calls in order', () => {
  const seen: unknown[] = []
  // The snippet queues `arguments` objects.
  function queued(..._args: unknown[]) {
    // biome-ignore lint/complexity/noArguments: the snippet pushes exactly this
    return arguments
  }
  replayQueue(
    [queued('track', 'a'), queued('consent', true), queued('identify', 'u1'), queued('track', 'b')],
    (args) => seen.push(args),
    () => seen.push('page'),
  )
  expect(seen).toEqual([['consent', true], 'page', ['track', 'a'], ['identify', 'u1'], ['track', 'b']])
})
