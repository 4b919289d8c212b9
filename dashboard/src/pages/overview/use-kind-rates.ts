import type { Goal, GoalPreview, RatesReport } from '../../api/api-types.ts'
import { anyOfGoals, rateOf } from '../../lib/goal-matches.ts'
import { type Resource, useResource } from '../../lib/use-resource.ts'
import type { Period } from '../../period/period.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'

export interface KindRate {
  kind: 'micro' | 'macro'
  goals: number
  convertedVisitors: number
  /** Visitors who did at least one goal of the kind, over all visitors; null without visitors. */
  rate: number | null
  previousRate: number | null
  /** Per day of the period. */
  daily: Array<number | null>
}

/**
 * The micro and the macro conversion rate: visitors who completed at least one goal of the kind
 * (counted once however many they did) over the visitors of the period, per day as well. The
 * numerators come from the goal preview (all goals of the kind as one `any` match), the
 * denominators from the rates report, which counts visitors on the same events and key.
 */
export function useKindRates(
  goals: Goal[] | null,
  rates: RatesReport | null,
  period: Period,
): Resource<Record<'micro' | 'macro', KindRate | null>> {
  const api = useApi()
  const { site } = useCurrentSite()
  const ready = goals !== null && rates !== null
  return useResource(
    (signal) => {
      if (!goals || !rates) return null
      const one = async (kind: 'micro' | 'macro'): Promise<KindRate | null> => {
        const ofKind = goals.filter((g) => g.kind === kind)
        const match = anyOfGoals(ofKind)
        if (!match) return null
        const [now, before] = await Promise.all([
          api.goals.preview(site.id, { match, from: period.from, to: period.to, interval: 'day' }, signal),
          period.previous
            ? api.goals.preview(site.id, { match, ...period.previous }, signal)
            : Promise.resolve<GoalPreview | null>(null),
        ])
        const bucketVisitors = new Map((rates.series?.buckets ?? []).map((b) => [b.start, b.visitors]))
        return {
          kind,
          goals: ofKind.length,
          convertedVisitors: now.visitors,
          rate: rateOf(now.visitors, rates.visitors),
          previousRate: before && rates.previous ? rateOf(before.visitors, rates.previous.visitors) : null,
          daily: (now.series ?? []).map((d) => rateOf(d.visitors, bucketVisitors.get(d.start))),
        }
      }
      return Promise.all([one('micro'), one('macro')]).then(([micro, macro]) => ({ micro, macro }))
    },
    [ready, site.id, period.from, period.to, period.compare, goals, rates],
  )
}
