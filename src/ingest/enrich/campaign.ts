import { CLICK_ID_PARAMS, type ClickIdParam } from '../../schema/campaign-params.ts'

export { CLICK_ID_PARAMS, type ClickIdParam }

export type ClickIds = Record<ClickIdParam, string>

/** Every field is '' when absent: the event store keeps empty strings, never nulls. */
export type Campaign = {
  utmSource: string
  utmMedium: string
  utmCampaign: string
  utmTerm: string
  utmContent: string
  utmId: string
  clickIds: ClickIds
  referrerHost: string
}

export type CampaignInput = {
  /** The page URL; only its query string is read, so a relative URL works too. */
  url?: string
  referrer?: string
  /** Segment's `context.campaign`, already parsed from the page URL by analytics.js. */
  contextCampaign?: Record<string, unknown>
}

type UtmField = 'utmSource' | 'utmMedium' | 'utmCampaign' | 'utmTerm' | 'utmContent' | 'utmId'

type UtmSpec = {
  field: UtmField
  param: string
  /** Keys read from context.campaign, first non-empty wins. */
  contextKeys: readonly string[]
  /** Source and medium are lowercased so channel rules match 'Google' and 'google' alike. */
  lowercase: boolean
}

const UTM_SPECS: readonly UtmSpec[] = [
  { field: 'utmSource', param: 'utm_source', contextKeys: ['source', 'utm_source'], lowercase: true },
  { field: 'utmMedium', param: 'utm_medium', contextKeys: ['medium', 'utm_medium'], lowercase: true },
  { field: 'utmCampaign', param: 'utm_campaign', contextKeys: ['name', 'utm_campaign'], lowercase: false },
  { field: 'utmTerm', param: 'utm_term', contextKeys: ['term', 'utm_term'], lowercase: false },
  { field: 'utmContent', param: 'utm_content', contextKeys: ['content', 'utm_content'], lowercase: false },
  { field: 'utmId', param: 'utm_id', contextKeys: ['id', 'utm_id'], lowercase: false },
]

const WANTED_PARAMS: ReadonlySet<string> = new Set([
  ...UTM_SPECS.map((spec) => spec.param),
  ...CLICK_ID_PARAMS,
])

/** Longer campaign values are cut to this many characters. */
export const MAX_CAMPAIGN_VALUE_LENGTH = 500

/**
 * Reads UTM tags, ad click ids and the referrer's host for one event. `context.campaign` wins
 * field by field over the page URL's `utm_*` parameters: it is what the sender declared on purpose
 * (server-side senders copy it from the landing page). Never throws, whatever the input.
 */
export function extractCampaign(input: CampaignInput): Campaign {
  const query = readQuery(input.url ?? '')
  const context = input.contextCampaign ?? {}
  const utm: Record<UtmField, string> = {
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    utmId: '',
  }
  for (const spec of UTM_SPECS) {
    const value = fromContext(context, spec.contextKeys) || query.get(spec.param) || ''
    utm[spec.field] = spec.lowercase ? value.toLowerCase() : value
  }
  // Click ids are opaque tokens the ad platform matches byte for byte, so their case is kept.
  // A click id in the URL wins; context.campaign carries those a single-page app kept from its
  // landing URL (the browser tracker does).
  const clickId = (param: string) => query.get(param) || fromContext(context, [param]) || ''
  const clickIds: ClickIds = {
    gclid: clickId('gclid'),
    gbraid: clickId('gbraid'),
    wbraid: clickId('wbraid'),
    fbclid: clickId('fbclid'),
    msclkid: clickId('msclkid'),
    ttclid: clickId('ttclid'),
    li_fat_id: clickId('li_fat_id'),
  }
  return { ...utm, clickIds, referrerHost: hostOf(input.referrer ?? '') }
}

/**
 * The host of a URL, lowercased, without a leading `www.`; '' when there is none or the URL
 * cannot be parsed. A bare host such as `google.com/search` is read as if it had `https://`.
 * For `android-app://com.google.android.gm` this is the app's package name.
 */
export function hostOf(url: string): string {
  const value = url.trim()
  if (value === '') return ''
  // A bare host such as a site's domain (`shop.example.com:3000`) needs no URL parser.
  const plain = PLAIN_HOST.exec(value)
  if (plain?.[1]) return normaliseHost(plain[1])
  const parsed = parseUrl(BARE_HOST.test(value) ? `https://${value}` : value)
  return parsed === undefined ? '' : normaliseHost(parsed.hostname)
}

/** A host name as Stepwise compares hosts: trimmed, lowercased, no trailing dot, no `www.`. */
export function normaliseHost(hostname: string): string {
  let host = hostname.trim().toLowerCase()
  if (host.endsWith('.')) host = host.slice(0, -1)
  return host.startsWith('www.') ? host.slice(4) : host
}

const PLAIN_HOST = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?::\d+)?$/i

// Without this check `google.com:443/x` would parse with `google.com:` as its scheme. Single-label
// hosts (`localhost`, intranet names) count too: without a scheme they do not parse as URLs at all.
const BARE_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)?(?:[/?#]|$)/i

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

/** The query parameters we care about, first non-empty value per (case-insensitive) name. */
function readQuery(url: string): Map<string, string> {
  const found = new Map<string, string>()
  // Parameters after '#' belong to the fragment, which is not the query (`/#/page?utm_source=x`).
  const hash = url.indexOf('#')
  const end = hash === -1 ? url.length : hash
  const start = url.indexOf('?')
  if (start === -1 || start > end) return found
  const search = url.slice(start + 1, end)
  for (const pair of search.split('&')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const rawName = pair.slice(0, eq)
    const name = (rawName.includes('%') ? safeDecode(rawName) : rawName).toLowerCase()
    if (!WANTED_PARAMS.has(name) || found.has(name)) continue
    const value = clean(safeDecode(pair.slice(eq + 1).replaceAll('+', ' ')))
    if (value !== '') found.set(name, value)
  }
  return found
}

function fromContext(context: Record<string, unknown>, keys: readonly string[]): string {
  for (const key of keys) {
    const raw = context[key]
    const text =
      typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : ''
    const value = clean(safeDecode(text))
    if (value !== '') return value
  }
  return ''
}

function clean(value: string): string {
  const trimmed = value.trim()
  if (trimmed.length <= MAX_CAMPAIGN_VALUE_LENGTH) return trimmed
  const cut = trimmed.slice(0, MAX_CAMPAIGN_VALUE_LENGTH)
  // Do not leave half of a surrogate pair (an emoji) at the end.
  const last = cut.charCodeAt(cut.length - 1)
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut
}

/** decodeURIComponent that never throws: on a malformed sequence, decodes only the valid runs. */
function safeDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}
