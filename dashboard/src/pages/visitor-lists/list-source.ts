import { formatDay } from '../../format/format.ts'

/** Where a saved visitor list came from, as its `source` says (see saveFromFunnel on the server). */
export interface ListSource {
  /** The saved funnel, when it was saved from one (its id, for a link). */
  funnelId: string | null
  /** The days the people were selected in. */
  period: { from: string; to: string } | null
  text: string
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/**
 * "Dropped after step 2 of “Checkout”, Sep 24 – Nov 22, 2026". The source is free-form JSON to the
 * client; what it does not recognise it says plainly instead of guessing.
 */
export function describeListSource(source: Record<string, unknown>, locale?: string): ListSource {
  if (source.kind !== 'funnel') return { funnelId: null, period: null, text: 'Saved list' }
  const step = typeof source.step === 'number' ? source.step : null
  const who =
    step === null
      ? 'People'
      : source.status === 'completed'
        ? `Completed step ${step}`
        : `Dropped after step ${step}`
  const name = str(source.funnelName)
  const funnel = name ? `“${name}”` : 'an unsaved funnel'
  const from = str(source.from)
  const to = str(source.to)
  const days = from && to ? `, ${formatDay(from, locale)} – ${formatDay(to, locale)}` : ''
  return {
    funnelId: str(source.funnel),
    period: from && to ? { from, to } : null,
    text: `${who} of ${funnel}${days}`,
  }
}
