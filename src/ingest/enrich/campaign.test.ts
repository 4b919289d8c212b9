import { describe, expect, it } from 'vitest'
import { type Campaign, extractCampaign, hostOf } from './campaign.ts'

const NO_CLICK_IDS: Campaign['clickIds'] = {
  gclid: '',
  gbraid: '',
  wbraid: '',
  fbclid: '',
  msclkid: '',
  ttclid: '',
  li_fat_id: '',
}

describe('extractCampaign', () => {
  it('returns empty strings, not nulls, when nothing is tagged', () => {
    expect(extractCampaign({})).toEqual({
      utmSource: '',
      utmMedium: '',
      utmCampaign: '',
      utmTerm: '',
      utmContent: '',
      utmId: '',
      clickIds: NO_CLICK_IDS,
      referrerHost: '',
    })
  })

  it('reads every utm parameter from the page URL', () => {
    const campaign = extractCampaign({
      url: 'https://example.com/pricing?utm_source=Google&utm_medium=CPC&utm_campaign=Spring_Sale&utm_term=Running+Shoes&utm_content=Hero%20Banner&utm_id=123#plans',
    })
    expect(campaign).toMatchObject({
      utmSource: 'google',
      utmMedium: 'cpc',
      utmCampaign: 'Spring_Sale',
      utmTerm: 'Running Shoes',
      utmContent: 'Hero Banner',
      utmId: '123',
    })
  })

  it('lets context.campaign win field by field over the URL', () => {
    const campaign = extractCampaign({
      url: '/landing?utm_source=google&utm_medium=cpc&utm_campaign=from-url&utm_term=shoes',
      contextCampaign: { name: 'From Context', source: 'Newsletter', content: 'footer', id: 42 },
    })
    expect(campaign).toMatchObject({
      utmSource: 'newsletter',
      utmMedium: 'cpc',
      utmCampaign: 'From Context',
      utmTerm: 'shoes',
      utmContent: 'footer',
      utmId: '42',
    })
  })

  it('accepts utm_-prefixed keys in context.campaign', () => {
    const campaign = extractCampaign({
      contextCampaign: { utm_source: 'Facebook', utm_medium: 'Paid_Social', utm_campaign: 'Launch' },
    })
    expect(campaign).toMatchObject({ utmSource: 'facebook', utmMedium: 'paid_social', utmCampaign: 'Launch' })
  })

  it('ignores empty or non-text context values and keeps the URL value', () => {
    const campaign = extractCampaign({
      url: 'https://example.com/?utm_source=bing&utm_medium=cpc',
      contextCampaign: { source: '   ', medium: { nested: true } },
    })
    expect(campaign).toMatchObject({ utmSource: 'bing', utmMedium: 'cpc' })
  })

  it('trims values', () => {
    const campaign = extractCampaign({ url: '/?utm_source=%20%20google%20&utm_campaign=+Spring+' })
    expect(campaign).toMatchObject({ utmSource: 'google', utmCampaign: 'Spring' })
  })

  it('survives malformed percent-encoding and decodes what it can', () => {
    const campaign = extractCampaign({
      url: 'https://example.com/?utm_campaign=50%off%20%C3%A9t%C3%A9&utm_source=%E0%A4%A&fbclid=abc',
      contextCampaign: { content: '100%' },
    })
    expect(campaign).toMatchObject({
      utmCampaign: '50%off été',
      utmSource: '%e0%a4%a',
      utmContent: '100%',
    })
    expect(campaign.clickIds.fbclid).toBe('abc')
  })

  it('caps values at 500 characters', () => {
    const long = 'a'.repeat(600)
    const campaign = extractCampaign({ url: `/?utm_campaign=${long}&gclid=${long}` })
    expect(campaign.utmCampaign).toHaveLength(500)
    expect(campaign.clickIds.gclid).toHaveLength(500)
  })

  it('does not cut an emoji in half at the cap', () => {
    const campaign = extractCampaign({ contextCampaign: { name: `${'a'.repeat(499)}🎉` } })
    expect(campaign.utmCampaign).toBe('a'.repeat(499))
  })

  it('reads click ids from the URL and keeps their case', () => {
    const campaign = extractCampaign({
      url: 'https://example.com/?gclid=Cj0KCQjw_AbC&gbraid=0AAAAA-XyZ&wbraid=CkQKCAjwAbC&fbclid=IwAR2xYz_AbC&msclkid=5f1A2b&ttclid=E.C.P.AbC&li_fat_id=3c4D-5e6F',
    })
    expect(campaign.clickIds).toEqual({
      gclid: 'Cj0KCQjw_AbC',
      gbraid: '0AAAAA-XyZ',
      wbraid: 'CkQKCAjwAbC',
      fbclid: 'IwAR2xYz_AbC',
      msclkid: '5f1A2b',
      ttclid: 'E.C.P.AbC',
      li_fat_id: '3c4D-5e6F',
    })
  })

  it('takes a click id from the URL first, else from context.campaign (kept by a single-page app)', () => {
    expect(extractCampaign({ contextCampaign: { gclid: 'from-context' } }).clickIds.gclid).toBe(
      'from-context',
    )
    const both = extractCampaign({ url: '/?gclid=from-url', contextCampaign: { gclid: 'from-context' } })
    expect(both.clickIds.gclid).toBe('from-url')
  })

  it('matches parameter names case-insensitively and keeps the first non-empty value', () => {
    const campaign = extractCampaign({ url: '/?UTM_SOURCE=&utm_source=Reddit&utm_source=other' })
    expect(campaign.utmSource).toBe('reddit')
  })

  it('keeps a question mark inside a value', () => {
    expect(extractCampaign({ url: '/?utm_content=why?&utm_source=x' }).utmContent).toBe('why?')
  })

  it('ignores parameters in the fragment', () => {
    expect(extractCampaign({ url: 'https://example.com/#/page?utm_source=google' }).utmSource).toBe('')
  })

  it.each(['not a url', '::::', '?', '?&&=&utm_source', 'https://exa mple.com/?utm_source=ok'])(
    'does not throw on the URL %j',
    (url) => {
      expect(() => extractCampaign({ url, referrer: url })).not.toThrow()
    },
  )

  it('reduces the referrer to its host', () => {
    expect(extractCampaign({ referrer: 'https://WWW.Google.co.uk/search?q=shoes' }).referrerHost).toBe(
      'google.co.uk',
    )
  })
})

describe('hostOf', () => {
  it.each([
    ['https://www.example.com/a?b=c', 'example.com'],
    ['https://L.Facebook.com/l.php?u=x', 'l.facebook.com'],
    ['http://www.google.de:8080/', 'google.de'],
    ['https://www.google.com./', 'google.com'],
    ['https://www2.example.com/', 'www2.example.com'],
    ['android-app://com.google.android.gm/', 'com.google.android.gm'],
    ['google.com/search?q=x', 'google.com'],
    ['www.Bing.com', 'bing.com'],
    ['', ''],
    ['   ', ''],
    ['/relative/path', ''],
    ['not a url', ''],
    ['about:blank', ''],
    ['mailto:someone@example.com', ''],
    ['https://', ''],
  ])('%j → %j', (url, host) => {
    expect(hostOf(url)).toBe(host)
  })
})
