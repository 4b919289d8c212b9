/**
 * The campaign parameters and click ids the server accepts in `c`: CAMPAIGN_PARAMS of
 * src/schema/compact-event.ts, which imports zod and so cannot be bundled; a test keeps the two
 * lists equal.
 */
export const CAMPAIGN_KEYS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'utm_id',
  'gclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'ttclid',
  'li_fat_id',
]

/** The campaign parameters of a query string (`?utm_source=x&…`); undefined when there are none. */
export function campaignParams(search: string): Record<string, string> | undefined {
  const query = new URLSearchParams(search)
  let found: Record<string, string> | undefined
  for (const key of CAMPAIGN_KEYS) {
    const value = query.get(key)
    // The server takes at most 1000 characters per value.
    if (value) {
      found = found || {}
      found[key] = value.slice(0, 1000)
    }
  }
  return found
}
