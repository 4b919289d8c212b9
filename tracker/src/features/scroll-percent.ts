/**
 * How far down a page has been seen, percent 0–100: the bottom of the viewport over the page
 * height. A page that fits in the viewport is seen whole (100); an empty one too.
 */
export function scrollPercent(scrollTop: number, viewportHeight: number, pageHeight: number): number {
  if (pageHeight <= viewportHeight) return 100
  return Math.min(100, Math.round(((scrollTop + viewportHeight) / pageHeight) * 100))
}
