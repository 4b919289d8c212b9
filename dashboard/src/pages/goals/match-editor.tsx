import {
  CONDITION_FIELDS,
  CONDITION_OPS,
  ENGAGEMENT_METRICS,
  PATH_MATCH_KINDS,
} from '../../../../src/schema/choices.ts'
import { METRIC_LABELS, OP_LABELS } from '../../lib/option-labels.ts'
import { type ConditionDraft, emptyCondition, emptyMatch, type MatchDraft } from './goal-draft.ts'

const TYPE_LABELS: Record<MatchDraft['type'], string> = {
  event: 'An event',
  page: 'A page view',
  engagement: 'Engagement',
  all: 'All of…',
  any: 'Any of…',
}

/** The server's nesting limit of all/any for a goal. */
const MAX_DEPTH = 4

/** What a goal matches: an event with conditions, a page pattern, engagement, or all/any of these. */
export function MatchEditor({
  value,
  onChange,
  depth = 0,
  onRemove,
}: {
  value: MatchDraft
  onChange: (next: MatchDraft) => void
  depth?: number
  onRemove?: () => void
}) {
  const types = (Object.keys(TYPE_LABELS) as Array<MatchDraft['type']>).filter(
    (t) => depth < MAX_DEPTH || (t !== 'all' && t !== 'any'),
  )
  return (
    <div className={`match-editor depth-${depth}`}>
      <div className="row">
        <label className="inline-field">
          Matches
          <select
            aria-label="Match type"
            value={value.type}
            onChange={(e) => onChange(emptyMatch(e.target.value as MatchDraft['type']))}
          >
            {types.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        {onRemove ? (
          <button type="button" className="button-quiet" onClick={onRemove} aria-label="Remove this match">
            Remove
          </button>
        ) : null}
      </div>
      {value.type === 'event' ? <EventFields value={value} onChange={onChange} /> : null}
      {value.type === 'page' ? (
        <div className="row">
          <select
            aria-label="Path match"
            value={value.match}
            onChange={(e) => onChange({ ...value, match: e.target.value as typeof value.match })}
          >
            {PATH_MATCH_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <input
            aria-label="Path pattern"
            className="grow"
            placeholder={value.match === 'wildcard' ? '/pricing/*' : '/pricing'}
            value={value.pattern}
            onChange={(e) => onChange({ ...value, pattern: e.target.value })}
          />
        </div>
      ) : null}
      {value.type === 'engagement' ? (
        <div className="row wrap">
          <select
            aria-label="Engagement metric"
            value={value.metric}
            onChange={(e) => onChange({ ...value, metric: e.target.value as typeof value.metric })}
          >
            {ENGAGEMENT_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
          <input
            aria-label="Threshold"
            type="number"
            min={0}
            className="narrow"
            value={value.threshold}
            onChange={(e) => onChange({ ...value, threshold: e.target.value })}
          />
          {value.metric === 'time_on_page' || value.metric === 'scroll_depth' ? (
            <>
              <span className="muted">on</span>
              <select
                aria-label="Page match"
                value={value.pathMatch}
                onChange={(e) => onChange({ ...value, pathMatch: e.target.value as typeof value.pathMatch })}
              >
                {PATH_MATCH_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <input
                aria-label="Page pattern (optional)"
                placeholder="any page"
                value={value.pathPattern}
                onChange={(e) => onChange({ ...value, pathPattern: e.target.value })}
              />
            </>
          ) : null}
          {value.metric === 'video_progress' ? (
            <input
              aria-label="Video (optional)"
              placeholder="any video (src or title)"
              value={value.video}
              onChange={(e) => onChange({ ...value, video: e.target.value })}
            />
          ) : null}
        </div>
      ) : null}
      {value.type === 'all' || value.type === 'any' ? (
        <div className="nested">
          {value.matches.map((m, i) => (
            <MatchEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: matches have no identity but their place
              key={i}
              depth={depth + 1}
              value={m}
              onChange={(next) =>
                onChange({ ...value, matches: value.matches.map((x, j) => (j === i ? next : x)) })
              }
              {...(value.matches.length > 1
                ? { onRemove: () => onChange({ ...value, matches: value.matches.filter((_, j) => j !== i) }) }
                : {})}
            />
          ))}
          <button
            type="button"
            className="button-quiet"
            onClick={() => onChange({ ...value, matches: [...value.matches, emptyMatch('event')] })}
          >
            + Add a match
          </button>
        </div>
      ) : null}
    </div>
  )
}

function EventFields({
  value,
  onChange,
}: {
  value: Extract<MatchDraft, { type: 'event' }>
  onChange: (next: MatchDraft) => void
}) {
  const setCondition = (i: number, next: ConditionDraft) =>
    onChange({ ...value, conditions: value.conditions.map((c, j) => (j === i ? next : c)) })
  return (
    <>
      <div className="row">
        <input
          aria-label="Event name"
          className="grow"
          placeholder="Event name, e.g. Signed Up"
          value={value.event}
          onChange={(e) => onChange({ ...value, event: e.target.value })}
        />
        {value.conditions.length > 1 ? (
          <select
            aria-label="Conditions joined by"
            value={value.where}
            onChange={(e) => onChange({ ...value, where: e.target.value as 'all' | 'any' })}
          >
            <option value="all">all conditions</option>
            <option value="any">any condition</option>
          </select>
        ) : null}
      </div>
      {value.conditions.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
        <div className="row condition" key={i}>
          <span className="muted">where</span>
          <select
            aria-label="Condition on"
            value={c.target}
            onChange={(e) => setCondition(i, { ...c, target: e.target.value as ConditionDraft['target'] })}
          >
            <option value="property">property</option>
            <option value="field">field</option>
          </select>
          {c.target === 'property' ? (
            <input
              aria-label="Property"
              placeholder="plan"
              className="narrow"
              value={c.property}
              onChange={(e) => setCondition(i, { ...c, property: e.target.value })}
            />
          ) : (
            <select
              aria-label="Field"
              value={c.field}
              onChange={(e) => setCondition(i, { ...c, field: e.target.value as ConditionDraft['field'] })}
            >
              {CONDITION_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          )}
          <select
            aria-label="Operator"
            value={c.op}
            onChange={(e) =>
              setCondition(i, {
                ...c,
                op: e.target.value as ConditionDraft['op'],
                value: e.target.value === 'exists' ? 'true' : c.op === 'exists' ? '' : c.value,
              })
            }
          >
            {CONDITION_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op]}
              </option>
            ))}
          </select>
          {c.op === 'exists' ? (
            <select
              aria-label="Exists"
              value={c.value === 'false' ? 'false' : 'true'}
              onChange={(e) => setCondition(i, { ...c, value: e.target.value })}
            >
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          ) : (
            <input
              aria-label="Value"
              placeholder={c.op === 'in' || c.op === 'not_in' ? 'a, b, c' : 'value'}
              type={['gt', 'gte', 'lt', 'lte'].includes(c.op) ? 'number' : 'text'}
              value={c.value}
              onChange={(e) => setCondition(i, { ...c, value: e.target.value })}
            />
          )}
          <button
            type="button"
            className="button-quiet"
            aria-label="Remove condition"
            onClick={() => onChange({ ...value, conditions: value.conditions.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button-quiet"
        onClick={() => onChange({ ...value, conditions: [...value.conditions, emptyCondition()] })}
      >
        + Add a condition
      </button>
    </>
  )
}
