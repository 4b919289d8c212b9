/**
 * A plain-text table: columns two spaces apart, the first `leftColumns` left-aligned and the rest
 * (numbers) right-aligned; no trailing spaces.
 */
export function textTable(
  header: string[],
  rows: string[][],
  leftColumns = header.length,
  /** The last column is text (a bar, a sentence) and left-aligned too. */
  textLast = false,
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const left = (c: number) => c < leftColumns || (textLast && c === header.length - 1)
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (left(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}
