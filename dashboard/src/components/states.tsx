import type { ReactNode } from 'react'
import { ApiError } from '../api/http.ts'
import type { Resource } from '../lib/use-resource.ts'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  )
}

/** What went wrong, in the API's words, with the fields at fault. */
export function ErrorNote({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const details = error instanceof ApiError ? error.details.filter((d) => d.field) : []
  return (
    <div className="state state-error" role="alert">
      <strong>
        {error instanceof ApiError && error.status === 403 ? 'Not allowed' : 'Something went wrong'}
      </strong>
      <div>{error.message}</div>
      {details.length > 1 ? (
        <ul>
          {details.map((d) => (
            <li key={`${d.field}:${d.reason}`}>
              <code>{d.field}</code> {d.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button-link" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

/**
 * A resource's three states: loading (the last data stays while reloading), error, and ready
 * (or empty, when `isEmpty` says so).
 */
export function AsyncView<T>({
  resource,
  children,
  isEmpty,
  empty,
  loadingLabel,
}: {
  resource: Resource<T>
  children: (data: T) => ReactNode
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  loadingLabel?: string
}) {
  if (resource.status === 'error') return <ErrorNote error={resource.error} onRetry={resource.reload} />
  if (resource.data === null) return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />
  if (isEmpty?.(resource.data)) return <>{empty}</>
  return (
    <div
      className={resource.status === 'loading' ? 'refreshing' : undefined}
      aria-busy={resource.status === 'loading'}
    >
      {children(resource.data)}
    </div>
  )
}
