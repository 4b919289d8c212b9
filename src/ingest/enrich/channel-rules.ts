import type { ClickIdParam } from './campaign.ts'

/**
 * Channel grouping modelled on GA4's default channel grouping, so numbers can be compared with
 * it. Everything here is data; classify-channel.ts evaluates it.
 */
export const CHANNELS = [
  'Direct',
  'Cross-network',
  'Paid Shopping',
  'Paid Search',
  'Paid Social',
  'Paid Video',
  'Display',
  'Paid Other',
  'Organic Shopping',
  'Organic Social',
  'Organic Video',
  'Organic Search',
  'Email',
  'Affiliates',
  'Referral',
  'Audio',
  'SMS',
  'Mobile Push Notifications',
  'Unassigned',
] as const

export type Channel = (typeof CHANNELS)[number]

export const SOURCE_CATEGORIES = ['email', 'shopping', 'video', 'social', 'search'] as const

export type SourceCategory = (typeof SOURCE_CATEGORIES)[number]

export type SourceList = {
  /** utm_source spellings, matched exactly (after lowercasing). */
  names: readonly string[]
  /** Hosts: a referrer, or a utm_source written as a host, matches when equal or a subdomain. */
  domains: readonly string[]
  /**
   * Brands on many country domains: `google` matches google.de, google.co.uk, google.com.br and
   * their `m.` hosts, and the utm_source `google`, but not docs.google.com (not a search).
   */
  brands: readonly string[]
}

/**
 * Known sources. A source gets the first category (in SOURCE_CATEGORIES order) whose list it
 * matches, so mail.yandex.ru is email and shopping.google.com is shopping, never search.
 * Android referrers (`android-app://<package>`) arrive as the package name, hence the app ids.
 */
export const SOURCE_LISTS: Readonly<Record<SourceCategory, SourceList>> = {
  email: {
    names: ['email', 'e-mail', 'e_mail', 'e mail', 'newsletter'],
    domains: [
      'mail.google.com',
      'inbox.google.com',
      'outlook.live.com',
      'outlook.office.com',
      'outlook.office365.com',
      'mail.yahoo.com',
      'mail.yahoo.co.jp',
      'mail.aol.com',
      'mail.yandex.ru',
      'mail.yandex.com',
      'e.mail.ru',
      'mail.proton.me',
      'mail.protonmail.com',
      'mail.zoho.com',
      'mail.zoho.eu',
      'app.fastmail.com',
      'app.tuta.com',
      'icloud.com',
      'com.google.android.gm',
      'com.microsoft.office.outlook',
      'com.yahoo.mobile.client.android.mail',
    ],
    brands: ['gmx'],
  },
  shopping: {
    names: ['igshopping', 'google shopping', 'shopify', 'etsy', 'walmart'],
    domains: [
      'shopping.google.com',
      'shopping.yahoo.com',
      'shopping.naver.com',
      'etsy.com',
      'shopify.com',
      'shop.app',
      'walmart.com',
      'target.com',
      'bestbuy.com',
      'alibaba.com',
      'allegro.pl',
      'bol.com',
      'com.amazon.mshop.android.shopping',
      'com.ebay.mobile',
    ],
    brands: ['amazon', 'ebay', 'idealo', 'aliexpress', 'rakuten', 'mercadolibre', 'kelkoo', 'pricerunner'],
  },
  video: {
    names: ['yt', 'youtube', 'vimeo', 'twitch', 'dailymotion', 'wistia'],
    domains: [
      'youtube.com',
      'youtu.be',
      'youtube-nocookie.com',
      'vimeo.com',
      'twitch.tv',
      'dailymotion.com',
      'dai.ly',
      'wistia.com',
      'rumble.com',
      'bilibili.com',
      'com.google.android.youtube',
    ],
    brands: [],
  },
  social: {
    names: [
      'facebook',
      'fb',
      'meta',
      'instagram',
      'ig',
      'linkedin',
      'twitter',
      'x',
      'pinterest',
      'reddit',
      'tiktok',
      'snapchat',
      'threads',
      'mastodon',
      'bluesky',
      'quora',
      'vk',
      'tumblr',
      'discord',
      'whatsapp',
      'telegram',
      'weibo',
      'xing',
      'nextdoor',
    ],
    domains: [
      'facebook.com',
      'fb.com',
      'fb.me',
      'messenger.com',
      'instagram.com',
      'linkedin.com',
      'lnkd.in',
      'twitter.com',
      'x.com',
      't.co',
      'reddit.com',
      'redd.it',
      'tiktok.com',
      'snapchat.com',
      'threads.net',
      'threads.com',
      'mastodon.social',
      'bsky.app',
      'quora.com',
      'vk.com',
      'tumblr.com',
      'discord.com',
      'whatsapp.com',
      't.me',
      'web.telegram.org',
      'weibo.com',
      'xing.com',
      'nextdoor.com',
      'com.facebook.katana',
      'com.facebook.orca',
      'com.instagram.android',
      'com.linkedin.android',
      'com.twitter.android',
      'com.reddit.frontpage',
      'com.pinterest',
      'com.zhiliaoapp.musically',
      'org.telegram.messenger',
      'com.whatsapp',
    ],
    brands: ['pinterest'],
  },
  search: {
    names: [
      'bing',
      'yahoo',
      'duckduckgo',
      'baidu',
      'ecosia',
      'qwant',
      'naver',
      'startpage',
      'brave',
      'ask',
      'aol',
    ],
    domains: [
      'bing.com',
      'search.yahoo.com',
      'search.yahoo.co.jp',
      'duckduckgo.com',
      'baidu.com',
      'ecosia.org',
      'qwant.com',
      'search.naver.com',
      'startpage.com',
      'search.brave.com',
      'ask.com',
      'search.aol.com',
      'seznam.cz',
      'ya.ru',
      'sogou.com',
      'so.com',
      'search.daum.net',
      'kagi.com',
      'mojeek.com',
      'com.google.android.googlequicksearchbox',
    ],
    brands: ['google', 'yandex'],
  },
}

/**
 * Second-level labels under which country registries sell names (google.co.uk, google.com.br):
 * used to find a brand's label in a host.
 */
export const COUNTRY_SECOND_LEVELS: ReadonlySet<string> = new Set([
  'co',
  'com',
  'net',
  'org',
  'ne',
  'or',
  'ac',
  'gov',
  'edu',
  'go',
  'gob',
])

/**
 * A click id on a link that carries no utm_medium stands for the ad platform's own tagging, as
 * GA4 does with auto-tagging: the id implies the source and medium below. A hand-written
 * utm_medium is trusted over it. The first id present wins, paid before organic.
 * - gclid, gbraid, wbraid (Google Ads) and msclkid (Microsoft Ads) only come from ad clicks:
 *   Paid Search.
 * - ttclid (TikTok) and li_fat_id (LinkedIn) only come from ad clicks: Paid Social.
 * - fbclid: Meta appends it to every outbound click, organic posts included, so alone it only
 *   proves the visit came from Facebook or Instagram: Organic Social. Meta ads should be tagged
 *   with a paid utm_medium to count as Paid Social.
 */
export const CLICK_ID_SOURCES: readonly { param: ClickIdParam; source: string; medium: string }[] = [
  { param: 'gclid', source: 'google', medium: 'cpc' },
  { param: 'gbraid', source: 'google', medium: 'cpc' },
  { param: 'wbraid', source: 'google', medium: 'cpc' },
  { param: 'msclkid', source: 'bing', medium: 'cpc' },
  { param: 'ttclid', source: 'tiktok', medium: 'cpc' },
  { param: 'li_fat_id', source: 'linkedin', medium: 'cpc' },
  { param: 'fbclid', source: 'facebook', medium: '(not set)' },
]

/** The visit as the rules see it: like GA4's session source / medium, lowercased. */
export type ChannelFacts = {
  source: string
  medium: string
  campaign: string
  /** The source's category, '' for a source in no list. */
  category: SourceCategory | ''
}

export type ChannelTest =
  | { category: SourceCategory }
  | { source: RegExp }
  | { medium: RegExp }
  | { campaign: RegExp }

/** Matches when every `all` test passes and, if `any` is given, at least one of those does. */
export type ChannelRule = {
  channel: Channel
  all?: readonly ChannelTest[]
  any?: readonly ChannelTest[]
}

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/
const SOCIAL = /^(social|social-network|social-media|sm|social network|social media)$/
const VIDEO = /^(.*video.*)$/
// 'newsletter' goes beyond GA4 (which leaves it Unassigned): it is a common hand-written medium.
const EMAIL = /^(email|e-mail|e_mail|e mail|newsletter)$/
const AFFILIATE = /^affiliates?$/
const REFERRAL = /^(referral|app|link)$/
const SMS = /^sms$/
const PUSH = /(push$|mobile|notification)/

/** Evaluated in order, first match wins; the last rule always matches. */
export const CHANNEL_RULES: readonly ChannelRule[] = [
  { channel: 'Direct', all: [{ source: /^\(direct\)$/ }, { medium: /^\((none|not set)\)$/ }] },
  { channel: 'Cross-network', all: [{ campaign: /cross-network/ }] },
  {
    channel: 'Paid Shopping',
    all: [{ medium: PAID }],
    any: [{ category: 'shopping' }, { campaign: SHOP_CAMPAIGN }],
  },
  { channel: 'Paid Search', all: [{ category: 'search' }, { medium: PAID }] },
  { channel: 'Paid Social', all: [{ category: 'social' }, { medium: PAID }] },
  { channel: 'Paid Video', all: [{ category: 'video' }, { medium: PAID }] },
  { channel: 'Display', all: [{ medium: DISPLAY }] },
  { channel: 'Paid Other', all: [{ medium: PAID }] },
  { channel: 'Organic Shopping', any: [{ category: 'shopping' }, { campaign: SHOP_CAMPAIGN }] },
  { channel: 'Organic Social', any: [{ category: 'social' }, { medium: SOCIAL }] },
  { channel: 'Organic Video', any: [{ category: 'video' }, { medium: VIDEO }] },
  { channel: 'Organic Search', any: [{ category: 'search' }, { medium: /^organic$/ }] },
  { channel: 'Email', any: [{ category: 'email' }, { medium: EMAIL }] },
  { channel: 'Affiliates', all: [{ medium: AFFILIATE }] },
  { channel: 'Referral', all: [{ medium: REFERRAL }] },
  { channel: 'Audio', all: [{ medium: /^audio$/ }] },
  { channel: 'SMS', any: [{ source: SMS }, { medium: SMS }] },
  { channel: 'Mobile Push Notifications', any: [{ medium: PUSH }, { source: /^firebase$/ }] },
  { channel: 'Unassigned' },
]
