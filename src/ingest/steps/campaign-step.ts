import type { IngestStep } from '../draft.ts'
import { classifyChannel, extractCampaign } from '../enrich/index.ts'
import { ok } from '../step-result.ts'

/** UTM fields, click ids, referrer host and the channel they add up to. */
export function createCampaignStep(): IngestStep {
  return {
    name: 'campaign',
    run(draft) {
      const { row } = draft
      const campaignContext = draft.context.campaign
      const campaign = extractCampaign({
        url: row.url,
        referrer: row.referrer,
        contextCampaign: isRecord(campaignContext) ? campaignContext : undefined,
      })
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
      row.channel = classifyChannel({
        utmSource: campaign.utmSource,
        utmMedium: campaign.utmMedium,
        utmCampaign: campaign.utmCampaign,
        referrerHost: campaign.referrerHost,
        clickIds: campaign.clickIds,
        siteHost: draft.meta.siteDomain,
      })
      return ok(draft)
    },
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
