import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'

export type Resource<T> =
  | { status: 'loading'; data: T | null; error: null; reload: () => void }
  | { status: 'ready'; data: T; error: null; reload: () => void }
  | { status: 'error'; data: T | null; error: Error; reload: () => void }

/**
 * Loads data for a view and reloads it when `deps` change; an older answer arriving late never
 * replaces a newer one. While reloading, the last data stays available (no flicker).
 * `load` returning null means "nothing to load yet".
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T> | null,
  deps: DependencyList,
): Resource<T> {
  const [state, setState] = useState<{
    status: 'loading' | 'ready' | 'error'
    data: T | null
    error: Error | null
  }>({
    status: 'loading',
    data: null,
    error: null,
  })
  const [version, setVersion] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads exactly when the caller's deps or a reload ask for it
  useEffect(() => {
    const controller = new AbortController()
    const pending = loadRef.current(controller.signal)
    if (!pending) return () => controller.abort()
    setState((s) => ({ status: 'loading', data: s.data, error: null }))
    pending.then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, error: null })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState((s) => ({
          status: 'error',
          data: s.data,
          error: error instanceof Error ? error : new Error(String(error)),
        }))
      },
    )
    return () => controller.abort()
  }, [...deps, version])

  const reload = useCallback(() => setVersion((v) => v + 1), [])
  return { ...state, reload } as Resource<T>
}

/** The value, once it has not changed for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
