import type { ApiKey } from '../../api/api-types.ts'
import { ErrorNote, Loading } from '../../components/states.tsx'
import { useResource } from '../../lib/use-resource.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { CopyButton } from './copy-button.tsx'

/** The two lines to paste into the site's pages (see README, "The browser tracker"). */
export function trackerSnippet(origin: string, writeKey: string): string {
  return [
    '<script>window.stepwise=window.stepwise||function(){(stepwise.q=stepwise.q||[]).push(arguments)}</script>',
    `<script async src="${origin}/s.js" data-key="${writeKey}"></script>`,
  ].join('\n')
}

export function SnippetSection() {
  const api = useApi()
  const { site, can } = useCurrentSite()
  const keys = useResource<ApiKey[] | null>(
    () => (can('manage') ? api.keys.list(site.id).then((r) => r.keys) : Promise.resolve(null)),
    [site.id],
  )
  const writeKey =
    keys.data?.find((k) => k.kind === 'write' && !k.revokedAt && k.publicKey)?.publicKey ?? null
  const snippet = trackerSnippet(window.location.origin, writeKey ?? 'wk_yourWriteKey')
  return (
    <section className="card" aria-labelledby="snippet-title" data-testid="settings-snippet">
      <div className="card-head">
        <h2 id="snippet-title">Tracker</h2>
        <CopyButton text={snippet} label="Copy snippet" />
      </div>
      <p className="muted">
        Paste into every page of {site.domain}: page views, single-page apps and the micro conversions of the
        browser are captured without cookies.
      </p>
      {keys.status === 'loading' ? <Loading /> : null}
      {keys.status === 'error' ? <ErrorNote error={keys.error} onRetry={keys.reload} /> : null}
      <pre className="code" data-testid="tracker-snippet">
        {snippet}
      </pre>
      {!can('manage') ? (
        <p className="muted">Replace wk_yourWriteKey with the site's write key; a site admin can see it.</p>
      ) : !writeKey && keys.status === 'ready' ? (
        <p className="muted">This site has no active write key: create one below.</p>
      ) : null}
    </section>
  )
}
