import { type CountryCode, getCountries } from 'libphonenumber-js'
import { toE164 } from './phone-e164.ts'
import { isSha256Hex } from './sha256.ts'

/*
 * Meta Conversions API `user_data` normalisation (wire-formats.md §2.3–2.6): the capi-param-builder
 * rules, plus Unicode NFC for every field and Unicode letters kept in `ct`. Every function returns
 * the string to hash, or `null` when nothing usable is left. A value that already is a SHA-256 hex
 * digest is returned lowercased, never hashed twice.
 */

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]/gu
const NOT_ALNUM = /[^\p{L}\p{N}]/gu
const WHITESPACE = /\s/gu
const US_ZIP_PLUS_4 = /^(\d{5})-\d{4}$/

/** NFC, trim, lowercase; NFC again because lowercasing can decompose (`İ` → `i̇`). */
function fold(value: string): string {
  return value.normalize('NFC').trim().toLowerCase().normalize('NFC')
}

/** Lowercase a–z only, accents dropped: the key for the state and country tables. */
function asciiKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
}

function alreadyHashed(value: string): string | null {
  const trimmed = value.trim()
  return isSha256Hex(trimmed) ? trimmed.toLowerCase() : null
}

function nonEmpty(value: string): string | null {
  return value === '' ? null : value
}

/** `em`: trim and lowercase; `null` unless it looks like `local@domain.tld`. */
export function normaliseMetaEmail(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const email = fold(value)
  return EMAIL.test(email) ? email : null
}

/**
 * `ph`: digits with the country code (`(650)555-1212` + US → `16505551212`). A number that names
 * its country (`+44…`, `0044…`) keeps it. When libphonenumber cannot place the number, fall back
 * to digits without leading zeros, as the param-builder does.
 */
export function normaliseMetaPhone(value: string, defaultCountry?: CountryCode): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const e164 = toE164(value, defaultCountry)
  if (e164 !== null) return e164.slice(1)
  return nonEmpty(value.replace(/\D/g, '').replace(/^0+/, ''))
}

/** `fn` / `ln`: lowercase, no whitespace or punctuation; Unicode letters stay (`valéry`, `정`). */
export function normaliseMetaName(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  return nonEmpty(fold(value).replace(NOT_LETTER_OR_DIGIT, ''))
}

/** `ct`: like a name (`Menlo-Park` → `menlopark`, `San José` → `sanjosé`) and must start with a letter. */
export function normaliseMetaCity(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const city = fold(value).replace(NOT_LETTER_OR_DIGIT, '')
  return /^\p{L}/u.test(city) ? city : null
}

// Code, then the full name as `asciiKey` spells it: US states, DC and territories, then Canada.
const STATE_TABLE = `
  al alabama ak alaska az arizona ar arkansas ca california co colorado ct connecticut de delaware
  fl florida ga georgia hi hawaii id idaho il illinois in indiana ia iowa ks kansas ky kentucky
  la louisiana me maine md maryland ma massachusetts mi michigan mn minnesota ms mississippi
  mo missouri mt montana ne nebraska nv nevada nh newhampshire nj newjersey nm newmexico ny newyork
  nc northcarolina nd northdakota oh ohio ok oklahoma or oregon pa pennsylvania ri rhodeisland
  sc southcarolina sd southdakota tn tennessee tx texas ut utah vt vermont va virginia wa washington
  wv westvirginia wi wisconsin wy wyoming dc districtofcolumbia dc washingtondc as americansamoa
  gu guam mp northernmarianaislands pr puertorico vi virginislands vi usvirginislands
  ab alberta bc britishcolumbia mb manitoba nb newbrunswick nl newfoundlandandlabrador nl newfoundland
  ns novascotia nt northwestterritories nu nunavut on ontario pe princeedwardisland qc quebec
  sk saskatchewan yt yukon yt yukonterritory
`

const STATE_CODES = parsePairs(STATE_TABLE)

/**
 * `st`: US and Canadian names become their 2-letter code (`California` → `ca`); anything else is
 * reduced to its letters and cut to 2, as the param-builder does.
 */
export function normaliseMetaState(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  return codeOrPrefix(asciiKey(value), STATE_CODES)
}

/**
 * `zp`: lowercase, no spaces or dashes; a US ZIP+4 keeps its first 5 digits (`37221-3312` →
 * `37221`). Unlike the param-builder, other dashed codes keep both parts (`100-0001` →
 * `1000001`), as Meta's "no dash" asks, instead of being cut at the dash.
 */
export function normaliseMetaZip(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const compact = fold(value).replace(WHITESPACE, '')
  const zip = US_ZIP_PLUS_4.exec(compact)?.[1] ?? compact.replace(NOT_ALNUM, '')
  return zip.length >= 2 ? zip : null
}

// Common names ICU does not spell this way (its names are `Türkiye`, `Hong Kong SAR China`, …).
const COUNTRY_ALIASES = parsePairs(`
  us usa us unitedstatesofamerica us america gb uk gb greatbritain gb britain gb england gb scotland
  gb wales gb northernireland nl holland nl thenetherlands kr korea kr republicofkorea
  ru russianfederation tr turkey cz czechrepublic ci ivorycoast ae uae ae emirates va vatican
  mm myanmar mm burma sz swaziland mk macedonia tl easttimor hk hongkong mo macau mo macao
  cd drc cd democraticrepublicofthecongo cd democraticrepublicofcongo cg congo cg republicofthecongo
  ps palestine cn prc cn peoplesrepublicofchina tw republicofchina
`)

// Display names are tried in these languages; English wins when two languages disagree.
const COUNTRY_NAME_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt']
// Exceptional reservations libphonenumber knows that are not ISO 3166-1 countries.
const NOT_ISO_3166 = new Set(['AC', 'TA'])

let countryCodes: Map<string, string> | undefined

/** Every country's name in several languages (from ICU, so no 1,500-line literal), plus aliases. */
function countryTable(): Map<string, string> {
  if (countryCodes !== undefined) return countryCodes
  const table = new Map(COUNTRY_ALIASES)
  for (const locale of COUNTRY_NAME_LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })
    for (const code of getCountries()) {
      const name = NOT_ISO_3166.has(code) ? undefined : names.of(code)
      if (name === undefined) continue
      const spellings = [
        name,
        name.replace(/&/g, ' and '),
        name.replace(/\(.*?\)/g, ''),
        name.replace(/\bSt\./g, 'Saint'),
      ]
      for (const spelling of spellings) {
        const key = asciiKey(spelling)
        if (!table.has(key)) table.set(key, code.toLowerCase())
      }
    }
  }
  countryCodes = table
  return table
}

/**
 * `country`: lowercase ISO 3166-1 alpha-2. Names in common languages map to their code
 * (`United States`, `Deutschland`, `UK` → `us`, `de`, `gb`); anything else is cut to 2 letters.
 */
export function normaliseMetaCountry(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  return codeOrPrefix(asciiKey(value), countryTable())
}

const FEMALE = new Set(['f', 'female', 'woman', 'women', 'girl', 'lady', 'mrs', 'ms', 'miss'])
const MALE = new Set(['m', 'male', 'man', 'men', 'boy', 'gentleman', 'mr'])

/** `ge`: `f` or `m` from common spellings; anything else is `null` (Meta knows no other value). */
export function normaliseMetaGender(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const key = asciiKey(value)
  if (FEMALE.has(key)) return 'f'
  if (MALE.has(key)) return 'm'
  return null
}

/**
 * `db`: `YYYYMMDD` from `YYYYMMDD`, `YYYY-MM-DD` (ISO, time ignored), `M/D/YYYY` (Meta's own
 * example) or `D/M/YYYY` when the first number cannot be a month. Two-digit years are ambiguous and
 * give `null`, as do impossible dates and years outside 1900..`now`.
 */
export function normaliseMetaDateOfBirth(value: string, now: Date = new Date()): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const groups = value.normalize('NFC').match(/\d+/g) ?? []
  const [a = '', b = '', c = ''] = groups
  if (groups.length === 1 && a.length === 8)
    return calendarDate(a.slice(0, 4), a.slice(4, 6), a.slice(6), now)
  if (groups.length >= 3 && a.length === 4) return calendarDate(a, b, c, now)
  if (groups.length === 3 && c.length === 4) {
    return Number(a) > 12 ? calendarDate(c, b, a, now) : calendarDate(c, a, b, now)
  }
  return null
}

function calendarDate(year: string, month: string, day: string, now: Date): string | null {
  const [y, m, d] = [Number(year), Number(month), Number(day)]
  if (year.length !== 4 || y < 1900 || y > now.getUTCFullYear()) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${year}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`
}

/** `external_id`: lowercase without whitespace, so it matches the Pixel's copy of the same id. */
export function normaliseMetaExternalId(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  return nonEmpty(fold(value).replace(WHITESPACE, ''))
}

/** `code name code name …` → name → code. */
function parsePairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>()
  for (const [, code = '', name = ''] of text.matchAll(/([a-z]{2}) ([a-z]+)/g)) pairs.set(name, code)
  return pairs
}

function codeOrPrefix(key: string, codes: ReadonlyMap<string, string>): string | null {
  const code = codes.get(key)
  if (code !== undefined) return code
  return key.length >= 2 ? key.slice(0, 2) : null
}
