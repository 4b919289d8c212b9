/**
 * Campaign parameters of a landing URL: UTM fields and ad click ids. Defined once for the ingest
 * (which reads them from URLs and `context.campaign`), the compact event's `c` and the browser
 * tracker (which bundles this file, so it imports nothing and stays one flat list).
 */
export const CAMPAIGN_PARAMS = [
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
] as const
export type CampaignParam = (typeof CAMPAIGN_PARAMS)[number]

export type ClickIdParam = Exclude<CampaignParam, `utm_${string}`>
export const CLICK_ID_PARAMS: readonly ClickIdParam[] = /* @__PURE__ */ CAMPAIGN_PARAMS.filter(
  (p): p is ClickIdParam => !p.startsWith('utm_'),
)
