import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js'

// `+`, `00` and `+00…` all announce a country code, but libphonenumber only reads `+` followed by
// a non-zero digit (and would treat `0044…` as a national number of the default region).
const INTERNATIONAL_PREFIX = /^(?:\+|00)[\s().-]*0*/

/**
 * A phone number in E.164 (`+16505551212`), or `null` when libphonenumber cannot place it: no
 * country code and no default region, or a length no numbering plan allows.
 */
export function toE164(value: string, defaultCountry?: CountryCode): string | null {
  const text = value.normalize('NFC').trim().replace(INTERNATIONAL_PREFIX, '+')
  const parsed = parsePhoneNumberFromString(text, defaultCountry)
  return parsed?.isPossible() ? parsed.number : null
}
