import { type ClickIds, hostOf, normaliseHost } from './campaign.ts'
import {
  CHANNEL_RULES,
  type Channel,
  type ChannelFacts,
  type ChannelRule,
  type ChannelTest,
  CLICK_ID_SOURCES,
  COUNTRY_SECOND_LEVELS,
  SOURCE_CATEGORIES,
  SOURCE_LISTS,
  type SourceCategory,
} from './channel-rules.ts'

export type ChannelInput = {
  utmSource: string
  utmMedium: string
  utmCampaign: string
  referrerHost: string
  clickIds: ClickIds
  /** The tracked site's host; a referrer on it (or a subdomain) is internal navigation. */
  siteHost?: string
}

/** Puts a visit into one marketing channel by running CHANNEL_RULES over its source and medium. */
export function classifyChannel(input: ChannelInput): Channel {
  const facts = factsOf(input)
  const rule = CHANNEL_RULES.find((candidate) => ruleMatches(candidate, facts))
  return rule?.channel ?? 'Unassigned'
}

/** Source / medium as GA4 would record them for the session, so GA4-style rules apply. */
function factsOf(input: ChannelInput): ChannelFacts {
  const utmSource = input.utmSource.trim().toLowerCase()
  const utmMedium = input.utmMedium.trim().toLowerCase()
  const campaign = input.utmCampaign.trim().toLowerCase()
  const referrer = externalReferrer(input.referrerHost, input.siteHost ?? '')

  let source: string
  let medium: string
  const click =
    utmMedium === '' ? CLICK_ID_SOURCES.find((entry) => input.clickIds[entry.param] !== '') : undefined
  if (click !== undefined) {
    source = click.source
    medium = click.medium
  } else if (utmSource !== '' || utmMedium !== '' || campaign !== '') {
    // A tagged link without utm_source still came from somewhere: fall back to the referrer,
    // which then also implies the medium, as an untagged link from that site would.
    source = utmSource || referrer || '(not set)'
    medium = utmMedium || (utmSource === '' && referrer !== '' ? 'referral' : '(not set)')
  } else if (referrer !== '') {
    source = referrer
    medium = 'referral'
  } else {
    source = '(direct)'
    medium = '(none)'
  }
  return { source, medium, campaign, category: categoryOf(source) }
}

/** The referrer host, or '' when there is none or it is the site itself. */
function externalReferrer(referrerHost: string, siteHost: string): string {
  const referrer = normaliseHost(referrerHost)
  const site = siteHost === '' ? '' : hostOf(siteHost)
  if (referrer === '' || site === '') return referrer
  return referrer === site || referrer.endsWith(`.${site}`) ? '' : referrer
}

function ruleMatches(rule: ChannelRule, facts: ChannelFacts): boolean {
  const all = rule.all ?? []
  if (!all.every((test) => passes(test, facts))) return false
  return rule.any === undefined || rule.any.some((test) => passes(test, facts))
}

function passes(test: ChannelTest, facts: ChannelFacts): boolean {
  if ('category' in test) return facts.category === test.category
  if ('source' in test) return test.source.test(facts.source)
  if ('medium' in test) return test.medium.test(facts.medium)
  return test.campaign.test(facts.campaign)
}

type SourceIndex = {
  names: Map<string, number>
  domains: Map<string, number>
  brands: Map<string, number>
}

// Lookups instead of scanning every list per event: a source costs a few Map hits.
const INDEX: SourceIndex = buildIndex()

function buildIndex(): SourceIndex {
  const index: SourceIndex = { names: new Map(), domains: new Map(), brands: new Map() }
  SOURCE_CATEGORIES.forEach((category, rank) => {
    const list = SOURCE_LISTS[category]
    // Lists are visited in priority order, so the first category to claim an entry keeps it.
    for (const name of [...list.names, ...list.brands]) {
      if (!index.names.has(name)) index.names.set(name, rank)
    }
    for (const domain of list.domains) {
      if (!index.domains.has(domain)) index.domains.set(domain, rank)
    }
    for (const brand of list.brands) {
      if (!index.brands.has(brand)) index.brands.set(brand, rank)
    }
  })
  return index
}

/** The highest-priority category the source belongs to; a source may be a name or a host. */
function categoryOf(source: string): SourceCategory | '' {
  let best = Number.POSITIVE_INFINITY
  const consider = (rank: number | undefined): void => {
    if (rank !== undefined && rank < best) best = rank
  }
  consider(INDEX.names.get(source))
  if (source.includes('.')) {
    const host = normaliseHost(source)
    // The host itself, then each parent domain: l.facebook.com, facebook.com, com.
    for (let rest = host; rest !== ''; ) {
      consider(INDEX.domains.get(rest))
      const dot = rest.indexOf('.')
      rest = dot === -1 ? '' : rest.slice(dot + 1)
    }
    consider(INDEX.brands.get(brandLabel(host)))
  }
  return SOURCE_CATEGORIES[best] ?? ''
}

/**
 * The brand in a host that is the brand's home page on some country domain: google.de,
 * google.co.uk, m.google.com → 'google'; docs.google.com → '' (another service).
 */
function brandLabel(host: string): string {
  const labels = (host.startsWith('m.') ? host.slice(2) : host).split('.')
  const [brand, secondLevel] = labels
  if (brand === undefined) return ''
  if (labels.length === 2) return brand
  if (labels.length === 3 && secondLevel !== undefined && COUNTRY_SECOND_LEVELS.has(secondLevel)) return brand
  return ''
}
