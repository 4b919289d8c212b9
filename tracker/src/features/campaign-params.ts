import { CAMPAIGN_PARAMS } from '../../../src/schema/campaign-params.ts'

/** The campaign parameters of a query string (`?utm_source=x&…`); undefined when there are none. */
export function campaignParams(search: string): Record<string, string> | undefined {
  const query = new URLSearchParams(search)
  let found: Record<string, string> | undefined
  for (const key of CAMPAIGN_PARAMS) {
    const value = query.get(key)
    // The server takes at most 1000 characters per value.
    if (value) {
      found = found || {}
      found[key] = value.slice(0, 1000)
    }
  }
  return found
}
