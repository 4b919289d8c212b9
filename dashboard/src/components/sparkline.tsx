/** A tiny trend line in SVG (no chart library): gaps where a value is null. */
export function Sparkline({
  values,
  color = 'currentColor',
  label,
}: {
  values: Array<number | null>
  color?: string
  label: string
}) {
  const width = 120
  const height = 28
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (numbers.length < 2)
    return <svg className="sparkline" width={width} height={height} aria-hidden="true" />
  const min = Math.min(...numbers)
  const max = Math.max(...numbers)
  const span = max - min || 1
  const step = width / Math.max(1, values.length - 1)
  const segments: string[] = []
  let current = ''
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current) segments.push(current)
      current = ''
      return
    }
    const x = (i * step).toFixed(1)
    const y = (height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)
    current += `${current ? ' L' : 'M'}${x} ${y}`
  })
  if (current) segments.push(current)
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke={color} strokeWidth="1.5" strokeLinejoin="round" />
      ))}
    </svg>
  )
}
