import type { CountryCode } from 'libphonenumber-js'
import {
  isSha256Hex,
  normaliseGoogleEmail,
  normaliseGooglePhone,
  normaliseMetaCity,
  normaliseMetaDateOfBirth,
  normaliseMetaEmail,
  normaliseMetaGender,
  normaliseMetaName,
  normaliseMetaPhone,
  normaliseMetaState,
  normaliseMetaZip,
  sha256Hex,
} from '../outbound/pii/index.ts'

/*
 * Stepwise never stores raw e-mail, phone, names or address. Keys are matched after lowercasing and
 * removing `_`, `-` and spaces (`E-Mail`, `first_name`, `Postal Code` all match), at the top level
 * and one level deep inside an address object:
 *
 *   email        email, emailaddress
 *   phone        phone, phonenumber, mobile, mobilephone, mobilenumber, telephone, tel
 *   first name   firstname, fn, givenname
 *   last name    lastname, ln, familyname, surname
 *   full name    name, fullname
 *   street       street, streetaddress, street1, street2, address1, address2, addressline1,
 *                addressline2, line1, line2 (and an address key holding a string)
 *   city         city
 *   state        state, region, province
 *   postal code  postalcode, zip, zipcode, postcode
 *   birthday     birthday, dateofbirth, dob, birthdate
 *   gender       gender, sex
 *   address      address, billingaddress, shippingaddress (an object: its keys are hashed as above)
 *
 * `country` is not personal on its own and stays in clear. Each PII key `k` is replaced by
 * `k_sha256`, the SHA-256 hex of the Meta-normalised value. E-mail and phone also get
 * `k_sha256_google` when Google normalises differently: forwarders need both, and a hash cannot be
 * re-normalised later.
 */

type PiiKind =
  | 'email'
  | 'phone'
  | 'firstName'
  | 'lastName'
  | 'fullName'
  | 'street'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'birthday'
  | 'gender'

const PII_KEY_LISTS: ReadonlyArray<readonly [PiiKind, readonly string[]]> = [
  ['email', ['email', 'emailaddress']],
  ['phone', ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'telephone', 'tel']],
  ['firstName', ['firstname', 'fn', 'givenname']],
  ['lastName', ['lastname', 'ln', 'familyname', 'surname']],
  ['fullName', ['name', 'fullname']],
  ['street', ['street', 'streetaddress', 'street1', 'street2', 'address1', 'address2']],
  ['street', ['addressline1', 'addressline2', 'line1', 'line2']],
  ['city', ['city']],
  ['state', ['state', 'region', 'province']],
  ['postalCode', ['postalcode', 'zip', 'zipcode', 'postcode']],
  ['birthday', ['birthday', 'dateofbirth', 'dob', 'birthdate']],
  ['gender', ['gender', 'sex']],
]

const PII_KEYS: ReadonlyMap<string, PiiKind> = new Map(
  PII_KEY_LISTS.flatMap(([kind, keys]) => keys.map((key) => [key, kind] as const)),
)

const ADDRESS_KEYS: ReadonlySet<string> = new Set(['address', 'billingaddress', 'shippingaddress'])

export interface HashPiiOptions {
  /** Region for phone numbers written without a country code. */
  defaultCountry?: CountryCode
}

export interface HashPiiResult {
  value: Record<string, unknown>
  /** Meta-normalised hashes of the first e-mail and phone found, for identity links. */
  hashed: { email?: string; phone?: string }
}

type Normalise = (value: string, options: HashPiiOptions) => string | null

const META: Record<PiiKind, Normalise> = {
  email: normaliseMetaEmail,
  phone: (value, { defaultCountry }) => normaliseMetaPhone(value, defaultCountry),
  firstName: normaliseMetaName,
  lastName: normaliseMetaName,
  fullName: normaliseMetaName,
  street: normaliseStreet,
  city: normaliseMetaCity,
  state: normaliseMetaState,
  postalCode: normaliseMetaZip,
  birthday: (value) => normaliseMetaDateOfBirth(value),
  gender: normaliseMetaGender,
}

const GOOGLE: Partial<Record<PiiKind, Normalise>> = {
  email: normaliseGoogleEmail,
  phone: (value, { defaultCountry }) => normaliseGooglePhone(value, defaultCountry),
}

/**
 * Returns a copy of `obj` with every PII value replaced by its hash. A PII value that cannot be
 * normalised (an invalid e-mail, an object, an array) is dropped: storing it raw is never the fallback.
 */
export function hashPii(obj: Record<string, unknown>, options: HashPiiOptions): HashPiiResult {
  const hashed: HashPiiResult['hashed'] = {}
  const value = hashLevel(obj, options, hashed, true)
  return { value, hashed }
}

function hashLevel(
  obj: Record<string, unknown>,
  options: HashPiiOptions,
  hashed: HashPiiResult['hashed'],
  topLevel: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  // Written after the clear keys, so a client-sent `email_sha256` cannot shadow the real hash.
  const hashes = new Map<string, string>()
  for (const [key, raw] of Object.entries(obj)) {
    const canonical = canonicalKey(key)
    if (topLevel && ADDRESS_KEYS.has(canonical) && isPlainObject(raw)) {
      setOwn(out, key, hashLevel(raw, options, hashed, false))
      continue
    }
    const kind = ADDRESS_KEYS.has(canonical) ? 'street' : PII_KEYS.get(canonical)
    if (kind === undefined) {
      // A hash-named key holding anything but a hash could be raw PII under a misleading name.
      if (!canonical.includes('sha256')) setOwn(out, key, raw)
      else if (typeof raw === 'string' && isSha256Hex(raw.trim())) setOwn(out, key, raw.trim().toLowerCase())
      continue
    }
    const text = asText(raw)
    if (text === null) continue
    const meta = hashOf(text, META[kind], options)
    if (meta === null) continue
    hashes.set(`${key}_sha256`, meta.hash)
    if (kind === 'email' || kind === 'phone') {
      hashed[kind] ??= meta.hash
      const google = meta.normalised === null ? null : (GOOGLE[kind]?.(text, options) ?? null)
      if (google !== null && google !== meta.normalised) hashes.set(`${key}_sha256_google`, sha256Hex(google))
    }
  }
  for (const [key, hash] of hashes) setOwn(out, key, hash)
  return out
}

/** Plain assignment of a JSON key named `__proto__` would replace the prototype instead. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** The hash, and the normalised text it came from (`null` when the input already was a hash). */
function hashOf(
  text: string,
  normalise: Normalise,
  options: HashPiiOptions,
): { hash: string; normalised: string | null } | null {
  const trimmed = text.trim()
  if (isSha256Hex(trimmed)) return { hash: trimmed.toLowerCase(), normalised: null }
  const normalised = normalise(text, options)
  return normalised === null ? null : { hash: sha256Hex(normalised), normalised }
}

/** Street lines: Meta has no such field; Google's `hashed_street_address` asks only for lowercase. */
function normaliseStreet(value: string): string | null {
  const street = value.normalize('NFC').trim().toLowerCase().normalize('NFC').replace(/\s+/gu, ' ')
  return street === '' ? null : street
}

function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/gu, '')
}

/** Scalars are stringified (a phone sent as a number); objects, arrays and null give `null`. */
function asText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value)
  return null
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
