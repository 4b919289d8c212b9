import {
  ATTRIBUTIONS,
  FUNNEL_DIMENSIONS,
  FUNNEL_MODES,
  PATH_MATCH_KINDS,
} from '../../../../src/schema/choices.ts'
import type { Goal } from '../../api/api-types.ts'
import { ATTRIBUTION_LABELS, MODE_LABELS } from '../../lib/option-labels.ts'
import {
  addAlternative,
  type BreakdownDraft,
  type ExclusionDraft,
  emptyExclusion,
  emptyStep,
  type FunnelDraft,
  MAX_ALTERNATIVES,
  type MatcherDraft,
  removeMatcher,
  type StepDraft,
} from './funnel-draft.ts'

/**
 * Steps (goals, events or pages; an OR step any of several), mode, window, exclusions and
 * breakdown of a funnel.
 */
export function FunnelBuilder({
  draft,
  onChange,
  goals,
  disabled,
}: {
  draft: FunnelDraft
  onChange: (next: FunnelDraft) => void
  goals: Goal[]
  disabled: boolean
}) {
  const setStep = (i: number, next: StepDraft) =>
    onChange({ ...draft, steps: draft.steps.map((s, j) => (j === i ? next : s)) })
  const move = (i: number, by: -1 | 1) => {
    const steps = [...draft.steps]
    const [step] = steps.splice(i, 1)
    if (step) steps.splice(i + by, 0, step)
    onChange({ ...draft, steps })
  }
  const setExclusion = (i: number, next: ExclusionDraft) =>
    onChange({ ...draft, exclusions: draft.exclusions.map((e, j) => (j === i ? next : e)) })
  const n = draft.steps.length

  return (
    <fieldset className="card funnel-builder" disabled={disabled} aria-label="Funnel definition">
      <h2>Steps</h2>
      <ol className="step-list">
        {draft.steps.map((step, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a step is identified by its place
          <li key={i} className="step-row" data-testid="funnel-step">
            <span className="step-number" aria-hidden="true">
              {i + 1}
            </span>
            <StepMatchers step={step} onChange={(next) => setStep(i, next)} goals={goals} number={i + 1} />
            <input
              aria-label={`Step ${i + 1} label`}
              placeholder="label (optional)"
              className="narrow"
              value={step.label}
              onChange={(e) => setStep(i, { ...step, label: e.target.value })}
            />
            {i > 0 && draft.mode !== 'any_order' ? (
              <input
                aria-label={`Step ${i + 1} within`}
                placeholder="within"
                title="At most this long after the previous step, e.g. 30m or 1h"
                className="tiny"
                value={step.within}
                onChange={(e) => setStep(i, { ...step, within: e.target.value })}
              />
            ) : null}
            {i > 0 && i < n - 1 && draft.mode !== 'any_order' ? (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={step.optional}
                  onChange={(e) => setStep(i, { ...step, optional: e.target.checked })}
                />
                optional
              </label>
            ) : null}
            <span className="step-tools">
              <button
                type="button"
                className="button-quiet"
                aria-label={`Move step ${i + 1} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="button-quiet"
                aria-label={`Move step ${i + 1} down`}
                disabled={i === n - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="button-quiet"
                aria-label={`Remove step ${i + 1}`}
                disabled={n <= 2}
                onClick={() => onChange({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button-quiet"
        disabled={n >= 20}
        onClick={() => onChange({ ...draft, steps: [...draft.steps, emptyStep()] })}
      >
        + Add a step
      </button>

      <div className="row wrap settings-row">
        <label className="inline-field">
          Order
          <select
            value={draft.mode}
            onChange={(e) => onChange({ ...draft, mode: e.target.value as FunnelDraft['mode'] })}
          >
            {FUNNEL_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Conversion window
          <input
            className="tiny"
            aria-label="Conversion window"
            value={draft.window}
            onChange={(e) => onChange({ ...draft, window: e.target.value })}
            placeholder="7d"
          />
        </label>
      </div>

      <details open={draft.exclusions.length > 0}>
        <summary>Exclusions {draft.exclusions.length ? `(${draft.exclusions.length})` : ''}</summary>
        <p className="muted">An attempt with such an event between the two steps does not count.</p>
        {draft.exclusions.map((ex, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an exclusion is identified by its place
          <div className="row wrap" key={i}>
            <MatcherFields
              value={ex}
              onChange={(m) => setExclusion(i, { ...ex, ...m })}
              goals={goals}
              label={`Exclusion ${i + 1}`}
            />
            <label className="inline-field">
              between step
              <input
                className="tiny"
                type="number"
                min={1}
                max={n}
                value={ex.from}
                placeholder="1"
                onChange={(e) => setExclusion(i, { ...ex, from: e.target.value })}
              />
            </label>
            <label className="inline-field">
              and
              <input
                className="tiny"
                type="number"
                min={2}
                max={n}
                value={ex.to}
                placeholder={String(n)}
                onChange={(e) => setExclusion(i, { ...ex, to: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="button-quiet"
              aria-label={`Remove exclusion ${i + 1}`}
              onClick={() => onChange({ ...draft, exclusions: draft.exclusions.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button-quiet"
          onClick={() => onChange({ ...draft, exclusions: [...draft.exclusions, emptyExclusion()] })}
        >
          + Add an exclusion
        </button>
      </details>

      <BreakdownFields
        value={draft.breakdown}
        steps={n}
        onChange={(breakdown) => onChange({ ...draft, breakdown })}
      />
    </fieldset>
  )
}

/** A step's matcher and, for an OR step, its alternatives: "or…" adds one, × removes one. */
function StepMatchers({
  step,
  onChange,
  goals,
  number,
}: {
  step: StepDraft
  onChange: (next: StepDraft) => void
  goals: Goal[]
  number: number
}) {
  const label = `Step ${number}`
  const isOr = step.alternatives.length > 0
  const remove = (k: number, name: string) => (
    <button
      type="button"
      className="button-quiet"
      aria-label={`Remove ${name}`}
      onClick={() => onChange(removeMatcher(step, k))}
    >
      ×
    </button>
  )
  return (
    <span className={isOr ? 'step-matchers or-step' : 'step-matchers'} data-testid="step-matchers">
      <span className="row">
        <MatcherFields
          value={step}
          onChange={(m) => onChange({ ...step, ...m })}
          goals={goals}
          label={label}
        />
        {isOr ? remove(0, `choice 1 of step ${number}`) : null}
      </span>
      {step.alternatives.map((alt, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an alternative is identified by its place
        <span className="row" key={k} data-testid="step-alternative">
          <span className="or-word">or</span>
          <MatcherFields
            value={alt}
            onChange={(m) =>
              onChange({
                ...step,
                alternatives: step.alternatives.map((a, j) => (j === k ? { ...a, ...m } : a)),
              })
            }
            goals={goals}
            label={`${label} choice ${k + 2}`}
          />
          {remove(k + 1, `choice ${k + 2} of step ${number}`)}
        </span>
      ))}
      <button
        type="button"
        className="button-quiet or-button"
        aria-label={`${label}: add an alternative (or…)`}
        title="Any one of several goals, events or pages reaches this step"
        disabled={1 + step.alternatives.length >= MAX_ALTERNATIVES}
        onClick={() => onChange(addAlternative(step))}
      >
        or…
      </button>
    </span>
  )
}

function MatcherFields({
  value,
  onChange,
  goals,
  label,
}: {
  value: MatcherDraft
  onChange: (next: Partial<MatcherDraft>) => void
  goals: Goal[]
  label: string
}) {
  return (
    <span className="matcher">
      <select
        aria-label={`${label} kind`}
        value={value.kind}
        onChange={(e) => onChange({ kind: e.target.value as MatcherDraft['kind'], raw: null })}
      >
        <option value="goal">Goal</option>
        <option value="event">Event</option>
        <option value="page">Page</option>
        {value.kind === 'custom' ? <option value="custom">Custom</option> : null}
      </select>
      {value.kind === 'custom' ? (
        <span className="custom-step" title={JSON.stringify(value.raw)}>
          <code>{JSON.stringify(value.raw?.match ?? value.raw)}</code>
        </span>
      ) : value.kind === 'goal' ? (
        <select
          aria-label={`${label} goal`}
          value={value.goal}
          onChange={(e) => onChange({ goal: e.target.value })}
        >
          <option value="">Choose a goal…</option>
          {goals.map((g) => (
            <option key={g.id} value={g.name}>
              {g.name}
            </option>
          ))}
          {value.goal && !goals.some((g) => g.name === value.goal) ? (
            <option value={value.goal}>{value.goal}</option>
          ) : null}
        </select>
      ) : value.kind === 'event' ? (
        <input
          aria-label={`${label} event`}
          placeholder="Event name"
          value={value.event}
          onChange={(e) => onChange({ event: e.target.value })}
        />
      ) : (
        <>
          <select
            aria-label={`${label} path match`}
            value={value.pathMatch}
            onChange={(e) => onChange({ pathMatch: e.target.value as MatcherDraft['pathMatch'] })}
          >
            {PATH_MATCH_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <input
            aria-label={`${label} path`}
            placeholder="/checkout"
            value={value.pattern}
            onChange={(e) => onChange({ pattern: e.target.value })}
          />
        </>
      )}
    </span>
  )
}

function BreakdownFields({
  value,
  steps,
  onChange,
}: {
  value: BreakdownDraft
  steps: number
  onChange: (next: BreakdownDraft) => void
}) {
  return (
    <div className="row wrap settings-row">
      <label className="inline-field">
        Breakdown
        <select
          aria-label="Breakdown"
          value={value.dimension}
          onChange={(e) => onChange({ ...value, dimension: e.target.value as BreakdownDraft['dimension'] })}
        >
          <option value="none">none</option>
          {FUNNEL_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
          <option value="property">a property…</option>
        </select>
      </label>
      {value.dimension === 'property' ? (
        <input
          aria-label="Breakdown property"
          placeholder="plan"
          className="narrow"
          value={value.property}
          onChange={(e) => onChange({ ...value, property: e.target.value })}
        />
      ) : null}
      {value.dimension !== 'none' ? (
        <label className="inline-field">
          by
          <select
            value={value.attribution}
            onChange={(e) =>
              onChange({ ...value, attribution: e.target.value as BreakdownDraft['attribution'] })
            }
          >
            {ATTRIBUTIONS.map((a) => (
              <option key={a} value={a}>
                {ATTRIBUTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {value.dimension !== 'none' && value.attribution === 'step' ? (
        <label className="inline-field">
          step
          <input
            className="tiny"
            type="number"
            min={1}
            max={steps}
            value={value.step}
            onChange={(e) => onChange({ ...value, step: e.target.value })}
          />
        </label>
      ) : null}
    </div>
  )
}
