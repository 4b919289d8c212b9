import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { extractCampaign } from './campaign.ts'
import rawCases from './channel-cases.json' with { type: 'json' }
import { CHANNELS } from './channel-rules.ts'
import { type ChannelInput, classifyChannel } from './classify-channel.ts'

// Each case starts from what an event carries (page URL, referrer, context.campaign), so any
// other implementation can run the same file without knowing our intermediate shapes.
const caseSchema = z.tuple([
  z.string(),
  z.strictObject({
    url: z.string().optional(),
    referrer: z.string().optional(),
    siteHost: z.string().optional(),
    contextCampaign: z.record(z.string(), z.unknown()).optional(),
  }),
  z.enum(CHANNELS),
])

const cases = z.array(caseSchema).parse(rawCases)

const NO_CLICK_IDS: ChannelInput['clickIds'] = {
  gclid: '',
  gbraid: '',
  wbraid: '',
  fbclid: '',
  msclkid: '',
  ttclid: '',
  li_fat_id: '',
}

describe('classifyChannel (channel-cases.json)', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const campaign = extractCampaign(input)
    expect(classifyChannel({ ...campaign, siteHost: input.siteHost })).toBe(expected)
  })

  it('has a case for every channel', () => {
    const covered = new Set(cases.map(([, , channel]) => channel))
    expect(CHANNELS.filter((channel) => !covered.has(channel))).toEqual([])
  })

  it('has unique case names, so a failure points at one case', () => {
    const names = cases.map(([name]) => name)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('classifyChannel (input not normalised by extractCampaign)', () => {
  const base: ChannelInput = {
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    referrerHost: '',
    clickIds: NO_CLICK_IDS,
  }

  it('ignores case and surrounding spaces in source and medium', () => {
    expect(classifyChannel({ ...base, utmSource: ' Facebook ', utmMedium: 'CPC' })).toBe('Paid Social')
  })

  it('normalises the referrer host', () => {
    expect(classifyChannel({ ...base, referrerHost: 'WWW.Google.DE' })).toBe('Organic Search')
  })

  it('accepts the site host as a URL', () => {
    const input = { ...base, referrerHost: 'shop.example.com', siteHost: 'https://www.example.com/' }
    expect(classifyChannel(input)).toBe('Direct')
  })

  it('treats a blank site host as unknown rather than matching every referrer', () => {
    expect(classifyChannel({ ...base, referrerHost: 'news.ycombinator.com', siteHost: '' })).toBe('Referral')
  })
})
