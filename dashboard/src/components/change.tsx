import { formatChange, formatPointChange, NO_VALUE } from '../format/format.ts'

/**
 * A change against the comparison period: relative for counts, in percentage points for rates.
 * Green up, red down; "–" when there is nothing to compare with.
 */
export function Change({
  relative,
  points,
  label = 'vs previous period',
}: {
  relative?: number | null
  points?: number | null
  label?: string
}) {
  const value = points !== undefined ? points : relative
  const text = points !== undefined ? formatPointChange(points ?? null) : formatChange(relative ?? null)
  const direction = value === null || value === undefined || value === 0 ? 'flat' : value > 0 ? 'up' : 'down'
  return (
    <span className={`change change-${direction}`} title={label}>
      {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
      {text === NO_VALUE ? NO_VALUE : text}
    </span>
  )
}

export const relativeChange = (now: number, before: number | null | undefined): number | null =>
  before === null || before === undefined || before === 0 ? null : (now - before) / before
