import type { CountryCode } from 'libphonenumber-js'
import { toE164 } from './phone-e164.ts'
import { isSha256Hex } from './sha256.ts'

/*
 * Google normalisation for enhanced conversions, the Data Manager API and GA4 user data
 * (wire-formats.md §3.4–3.5). Each function returns the string to hash or `null`; a value that
 * already is a SHA-256 hex digest is returned lowercased, never hashed twice.
 */

const EMAIL = /^[^@]+@[^@.]+(?:\.[^@.]+)+$/u
const WHITESPACE = /\s/gu
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]/gu
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])
const NAME_PREFIXES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame'])
const NAME_SUFFIXES = new Set(['jr', 'jnr', 'sr', 'snr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq'])

function alreadyHashed(value: string): string | null {
  const trimmed = value.trim()
  return isSha256Hex(trimmed) ? trimmed.toLowerCase() : null
}

/**
 * `email_address`: lowercase, every whitespace removed. Only for gmail.com and googlemail.com,
 * dots and a `+tag` are dropped from the local part (they are the same mailbox there, not elsewhere).
 */
export function normaliseGoogleEmail(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const email = value.normalize('NFC').toLowerCase().normalize('NFC').replace(WHITESPACE, '')
  if (!EMAIL.test(email)) return null
  const at = email.lastIndexOf('@')
  const domain = email.slice(at + 1)
  if (!GMAIL_DOMAINS.has(domain)) return email
  const local = email.slice(0, at).split('+')[0]?.replace(/\./g, '') ?? ''
  return local === '' ? null : `${local}@${domain}`
}

/**
 * `phone_number`: E.164 with the `+` (`(800)555-0100` + US → `+18005550100`). Unlike Meta there is
 * no digits-only fallback: Google rejects anything that is not E.164, so an unplaceable number is `null`.
 */
export function normaliseGooglePhone(value: string, defaultCountry?: CountryCode): string | null {
  return alreadyHashed(value) ?? toE164(value, defaultCountry)
}

/**
 * `given_name` / `family_name`: lowercase, no punctuation, honorific prefixes (`Mrs.`) and
 * generational suffixes (`Jr.`) dropped, words kept apart by one space. A lone word is never
 * dropped, so a person really called `Miss` keeps their name.
 */
export function normaliseGoogleName(value: string): string | null {
  const hashed = alreadyHashed(value)
  if (hashed !== null) return hashed
  const words = value
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFC')
    .split(/[\s,]+/u)
    .map((word) => word.replace(NOT_LETTER_OR_DIGIT, ''))
    .filter((word) => word !== '')
  while (words.length > 1 && NAME_PREFIXES.has(words[0] ?? '')) words.shift()
  while (words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1] ?? '')) words.pop()
  return words.length === 0 ? null : words.join(' ')
}
