import type { IngestStep } from '../draft.ts'
import { type Campaign, classifyChannel, extractCampaign } from '../enrich/index.ts'
import { createLruCache } from '../lru-cache.ts'
import { ok } from '../step-result.ts'

interface Acquisition {
  campaign: Campaign
  channel: string
}

/**
 * UTM fields, click ids, referrer host and the channel they add up to. Parsing two URLs costs
 * more than the rest of the pipeline, and real traffic repeats landing URLs and referrers, so
 * results are kept in a bounded cache keyed by everything they depend on.
 */
export function createCampaignStep(options: { cacheSize?: number } = {}): IngestStep {
  const cache = createLruCache<Acquisition>({ maxEntries: options.cacheSize ?? 20_000, maxKeyLength: 4096 })

  const acquisition = (url: string, referrer: string, context: unknown, siteHost: string): Acquisition => {
    const contextCampaign = isRecord(context) ? context : undefined
    const key = `${siteHost}\u0000${url}\u0000${referrer}\u0000${contextCampaign ? JSON.stringify(contextCampaign) : ''}`
    return cache.get(key, () => {
      const campaign = extractCampaign({ url, referrer, contextCampaign })
      const channel = classifyChannel({
        utmSource: campaign.utmSource,
        utmMedium: campaign.utmMedium,
        utmCampaign: campaign.utmCampaign,
        referrerHost: campaign.referrerHost,
        clickIds: campaign.clickIds,
        siteHost,
      })
      return { campaign, channel }
    })
  }

  return {
    name: 'campaign',
    run(draft) {
      const { row } = draft
      const { campaign, channel } = acquisition(
        row.url,
        row.referrer,
        draft.context.campaign,
        draft.meta.siteDomain,
      )
      row.utm_source = campaign.utmSource
      row.utm_medium = campaign.utmMedium
      row.utm_campaign = campaign.utmCampaign
      row.utm_term = campaign.utmTerm
      row.utm_content = campaign.utmContent
      row.utm_id = campaign.utmId
      row.gclid = campaign.clickIds.gclid
      row.gbraid = campaign.clickIds.gbraid
      row.wbraid = campaign.clickIds.wbraid
      row.fbclid = campaign.clickIds.fbclid
      row.msclkid = campaign.clickIds.msclkid
      row.ttclid = campaign.clickIds.ttclid
      row.li_fat_id = campaign.clickIds.li_fat_id
      row.referrer_host = campaign.referrerHost
      row.channel = channel
      return ok(draft)
    },
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
