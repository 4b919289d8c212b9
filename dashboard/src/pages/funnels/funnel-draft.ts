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

/** What one step, one alternative of an OR step, or one exclusion matches, as stored. */
export type MatcherInput = { goal: string; match?: undefined } | { goal?: undefined; match: Match }

/**
 * A funnel as the builder holds it. A step or exclusion is a goal, an event or a page; a match
 * the builder cannot edit (an event with conditions, engagement, nested all/any) is kept as it
 * was and shown as custom. A step with alternatives is an OR step: any of its matchers.
 */
export interface MatcherDraft {
  kind: 'goal' | 'event' | 'page' | 'custom'
  goal: string
  event: string
  pathMatch: PathMatchKind
  pattern: string
  /** The matcher as stored, for `custom`. */
  raw: MatcherInput | null
}

export interface StepDraft extends MatcherDraft {
  /** The other matchers of an OR step (`{any: [this, ...alternatives]}`); empty for a plain step. */
  alternatives: MatcherDraft[]
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

export const emptyMatcher = (): MatcherDraft => ({
  kind: 'goal',
  goal: '',
  event: '',
  pathMatch: 'exact',
  pattern: '',
  raw: null,
})
export const emptyStep = (): StepDraft => ({
  ...emptyMatcher(),
  alternatives: [],
  label: '',
  optional: false,
  within: '',
})
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

/** The most alternatives an OR step may have (the API's limit). */
export const MAX_ALTERNATIVES = 10

function matcherOf(d: MatcherDraft): MatcherInput {
  if (d.kind === 'custom' && d.raw) return d.raw
  if (d.kind === 'goal') return { goal: d.goal }
  if (d.kind === 'event')
    return { match: { type: 'event', event: d.event.trim(), where: 'all', conditions: [] } }
  return { match: { type: 'page', path: { match: d.pathMatch, pattern: d.pattern.trim() } } }
}

function fromMatcher(m: { goal?: string | undefined; match?: Match | undefined }): MatcherDraft {
  const base = emptyMatcher()
  if (m.goal !== undefined) return { ...base, kind: 'goal', goal: m.goal }
  const match = m.match
  if (match?.type === 'event' && match.conditions.length === 0)
    return { ...base, kind: 'event', event: match.event }
  if (match?.type === 'page')
    return { ...base, kind: 'page', pathMatch: match.path.match, pattern: match.path.pattern }
  return match ? { ...base, kind: 'custom', raw: { match } } : base
}

/** A step as stored into the builder: its matcher, or the first of an OR step and the others. */
function fromStep(s: FunnelStepInput): Pick<StepDraft, keyof MatcherDraft | 'alternatives'> {
  if (!s.any) return { ...fromMatcher(s), alternatives: [] }
  const [first = {}, ...others] = s.any
  return { ...fromMatcher(first), alternatives: others.map(fromMatcher) }
}

const whole = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text))

export function toDefinition(d: FunnelDraft): FunnelDefinitionInput {
  const steps = d.steps.map(
    (s): FunnelStepInput => ({
      ...(s.alternatives.length ? { any: [s, ...s.alternatives].map(matcherOf) } : matcherOf(s)),
      ...(s.label.trim() ? { label: s.label.trim() } : {}),
      ...(s.optional ? { optional: true } : {}),
      ...(s.within.trim() ? { within: s.within.trim() } : {}),
    }),
  )
  const exclusions = d.exclusions.map((e): FunnelExclusionInput => {
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
      ...fromStep(s),
      label: s.label ?? '',
      optional: s.optional ?? false,
      within: typeof s.within === 'string' ? s.within : '',
    })),
    exclusions: (def.exclusions ?? []).map((e) => ({
      ...fromMatcher(e),
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
    d.steps.every((s) => matcherComplete(s) && s.alternatives.every(matcherComplete)) &&
    d.exclusions.every(matcherComplete) &&
    d.window.trim() !== ''
  )
}

/** The step with one more alternative ("or…"): a plain step becomes an OR step. */
export function addAlternative(step: StepDraft): StepDraft {
  if (step.alternatives.length + 1 >= MAX_ALTERNATIVES) return step
  return { ...step, alternatives: [...step.alternatives, emptyMatcher()] }
}

/**
 * The step without its i-th matcher (0 the first, 1… the alternatives); removing the first
 * makes the next one first. A step keeps at least one matcher; with one left it is a plain step.
 */
export function removeMatcher(step: StepDraft, i: number): StepDraft {
  const matchers: MatcherDraft[] = [step, ...step.alternatives]
  if (matchers.length < 2 || i < 0 || i >= matchers.length) return step
  const [first, ...rest] = matchers.filter((_, j) => j !== i) as [MatcherDraft, ...MatcherDraft[]]
  return { ...step, ...matcherFieldsOf(first), alternatives: rest }
}

/** Only the matcher's own fields (a step spread into it would carry its alternatives along). */
const matcherFieldsOf = (m: MatcherDraft): MatcherDraft => ({
  kind: m.kind,
  goal: m.goal,
  event: m.event,
  pathMatch: m.pathMatch,
  pattern: m.pattern,
  raw: m.raw,
})
