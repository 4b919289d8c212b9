import type {
  Attribution,
  FunnelDimension,
  FunnelMode,
  PathMatchKind,
} from '../../../../src/schema/choices.ts'
import type {
  Funnel,
  FunnelBreakdownInput,
  FunnelDefinitionInput,
  FunnelExclusionInput,
  FunnelInput,
  FunnelStepInput,
  Match,
} from '../../api/api-types.ts'

/**
 * A funnel as the builder holds it. A step or exclusion is a goal, an event or a page; anything
 * else a saved funnel may hold (OR steps, other matches) is kept as it was and shown as custom.
 */
export interface MatcherDraft {
  kind: 'goal' | 'event' | 'page' | 'custom'
  goal: string
  event: string
  pathMatch: PathMatchKind
  pattern: string
  /** The step or exclusion as stored, for `custom`. */
  raw: FunnelStepInput | FunnelExclusionInput | null
}

export interface StepDraft extends MatcherDraft {
  label: string
  optional: boolean
  within: string
}

export interface ExclusionDraft extends MatcherDraft {
  from: string
  to: string
}

export interface BreakdownDraft {
  dimension: FunnelDimension | 'property' | 'none'
  property: string
  attribution: Attribution
  step: string
}

export interface FunnelDraft {
  name: string
  description: string
  steps: StepDraft[]
  mode: FunnelMode
  window: string
  exclusions: ExclusionDraft[]
  breakdown: BreakdownDraft
}

const emptyMatcher = (): MatcherDraft => ({
  kind: 'goal',
  goal: '',
  event: '',
  pathMatch: 'exact',
  pattern: '',
  raw: null,
})
export const emptyStep = (): StepDraft => ({ ...emptyMatcher(), label: '', optional: false, within: '' })
export const emptyExclusion = (): ExclusionDraft => ({ ...emptyMatcher(), from: '', to: '' })

export const emptyFunnel = (): FunnelDraft => ({
  name: '',
  description: '',
  steps: [emptyStep(), emptyStep()],
  mode: 'ordered',
  window: '7d',
  exclusions: [],
  breakdown: { dimension: 'none', property: '', attribution: 'first_touch', step: '' },
})

function matcherOf(d: MatcherDraft): { goal: string } | { match: Match } {
  if (d.kind === 'goal') return { goal: d.goal }
  if (d.kind === 'event')
    return { match: { type: 'event', event: d.event.trim(), where: 'all', conditions: [] } }
  return { match: { type: 'page', path: { match: d.pathMatch, pattern: d.pattern.trim() } } }
}

function fromMatcher(
  m: { goal?: string | undefined; match?: Match | undefined; any?: unknown },
  raw: MatcherDraft['raw'],
): MatcherDraft {
  const base = emptyMatcher()
  if (m.any === undefined && m.goal !== undefined) return { ...base, kind: 'goal', goal: m.goal }
  const match = m.match
  if (m.any === undefined && match?.type === 'event' && match.conditions.length === 0)
    return { ...base, kind: 'event', event: match.event }
  if (m.any === undefined && match?.type === 'page')
    return { ...base, kind: 'page', pathMatch: match.path.match, pattern: match.path.pattern }
  return { ...base, kind: 'custom', raw }
}

const whole = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text))

export function toDefinition(d: FunnelDraft): FunnelDefinitionInput {
  const steps = d.steps.map((s): FunnelStepInput => {
    if (s.kind === 'custom' && s.raw) return s.raw as FunnelStepInput
    return {
      ...matcherOf(s),
      ...(s.label.trim() ? { label: s.label.trim() } : {}),
      ...(s.optional ? { optional: true } : {}),
      ...(s.within.trim() ? { within: s.within.trim() } : {}),
    }
  })
  const exclusions = d.exclusions.map((e): FunnelExclusionInput => {
    if (e.kind === 'custom' && e.raw) return e.raw as FunnelExclusionInput
    const from = whole(e.from)
    const to = whole(e.to)
    return { ...matcherOf(e), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
  })
  const b = d.breakdown
  const step = whole(b.step)
  const breakdown: FunnelBreakdownInput | undefined =
    b.dimension === 'none'
      ? undefined
      : {
          dimension: b.dimension,
          ...(b.dimension === 'property' ? { property: b.property.trim() } : {}),
          attribution: b.attribution,
          ...(b.attribution === 'step' && step !== undefined ? { step } : {}),
        }
  return {
    steps,
    mode: d.mode,
    window: d.window.trim(),
    ...(exclusions.length ? { exclusions } : {}),
    ...(breakdown ? { breakdown } : {}),
  }
}

/** A saved funnel (durations written as `7d`, as the API shows them) into the builder. */
export function fromFunnel(f: Funnel): FunnelDraft {
  const def = f.definition as unknown as FunnelDefinitionInput
  return {
    name: f.name,
    description: f.description,
    mode: def.mode ?? 'ordered',
    window: typeof def.window === 'string' ? def.window : '7d',
    steps: def.steps.map((s) => ({
      ...fromMatcher(s, s),
      label: s.label ?? '',
      optional: s.optional ?? false,
      within: typeof s.within === 'string' ? s.within : '',
    })),
    exclusions: (def.exclusions ?? []).map((e) => ({
      ...fromMatcher(e, e),
      from: e.from === undefined ? '' : String(e.from),
      to: e.to === undefined ? '' : String(e.to),
    })),
    breakdown: def.breakdown
      ? {
          dimension: def.breakdown.dimension,
          property: def.breakdown.property ?? '',
          attribution: def.breakdown.attribution ?? 'first_touch',
          step: def.breakdown.step === undefined ? '' : String(def.breakdown.step),
        }
      : { dimension: 'none', property: '', attribution: 'first_touch', step: '' },
  }
}

export function toFunnelInput(d: FunnelDraft): FunnelInput {
  return { name: d.name.trim(), description: d.description, definition: toDefinition(d) }
}

const matcherComplete = (m: MatcherDraft) =>
  m.kind === 'goal'
    ? m.goal !== ''
    : m.kind === 'event'
      ? m.event.trim() !== ''
      : m.kind === 'page'
        ? m.pattern.trim() !== ''
        : m.raw !== null

/** Whether the builder holds a funnel worth running (the server still checks the rest). */
export function runnable(d: FunnelDraft): boolean {
  return (
    d.steps.length >= 2 &&
    d.steps.every(matcherComplete) &&
    d.exclusions.every(matcherComplete) &&
    d.window.trim() !== ''
  )
}
