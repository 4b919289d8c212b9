import type { GoalPreview, Match } from '../../api/api-types.ts'
import { ErrorNote, Loading } from '../../components/states.tsx'
import { formatCount, formatDay, formatRate } from '../../format/format.ts'
import { rateOf } from '../../lib/goal-matches.ts'
import { useDebounced, useResource } from '../../lib/use-resource.ts'
import type { Period } from '../../period/period.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'

/**
 * What the match being written finds in the period, updated as it is typed: matching events,
 * the visitors who did it, and their share of all visitors (the rate it would have once saved,
 * counted once per visitor).
 */
export function GoalPreviewPanel({
  match,
  complete,
  period,
}: {
  match: Match
  complete: boolean
  period: Period
}) {
  const api = useApi()
  const { site } = useCurrentSite()
  const text = useDebounced(complete ? JSON.stringify(match) : '', 400)
  const preview = useResource<GoalPreview>(
    (signal) =>
      text
        ? api.goals.preview(
            site.id,
            { match: JSON.parse(text) as Match, from: period.from, to: period.to },
            signal,
          )
        : null,
    [text, site.id, period.from, period.to],
  )
  const visitors = useResource(
    (signal) =>
      api.reports.rates(
        site.id,
        { from: period.from, to: period.to, interval: 'none', compare: 'none', limit: 1 },
        signal,
      ),
    [site.id, period.from, period.to],
  )
  const total = visitors.data?.visitors ?? null

  return (
    <aside
      className="card preview-panel"
      aria-labelledby="preview-title"
      aria-live="polite"
      data-testid="goal-preview"
    >
      <h2 id="preview-title">Live preview</h2>
      <p className="muted">
        {formatDay(period.from)} – {formatDay(period.to)}
      </p>
      {visitors.status === 'error' ? <ErrorNote error={visitors.error} onRetry={visitors.reload} /> : null}
      {!complete ? (
        <p className="muted">Complete the match to see what it finds.</p>
      ) : preview.status === 'error' ? (
        <ErrorNote error={preview.error} onRetry={preview.reload} />
      ) : preview.data === null || !text ? (
        <Loading label="Counting…" />
      ) : (
        <dl className={`preview-figures${preview.status === 'loading' ? ' refreshing' : ''}`}>
          <div>
            <dt>Matching events</dt>
            <dd data-testid="preview-events">{formatCount(preview.data.events)}</dd>
          </div>
          <div>
            <dt>Visitors</dt>
            <dd data-testid="preview-visitors">{formatCount(preview.data.visitors)}</dd>
          </div>
          <div>
            <dt>Of all visitors</dt>
            <dd data-testid="preview-rate">
              {formatRate(total === null ? null : rateOf(preview.data.visitors, total))}
            </dd>
          </div>
        </dl>
      )}
    </aside>
  )
}
