/**
 * What makes two page views the same page: the URL without its fragment, so in-page anchors
 * and history updates that keep the URL do not count as new page views.
 */
export function pageKey(href: string): string {
  return href.replace(/#.*/, '')
}
