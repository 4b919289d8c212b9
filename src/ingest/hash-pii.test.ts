import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../outbound/pii/index.ts'
import { hashPii } from './hash-pii.ts'

// Expected hashes are the verified vectors of wire-formats.md §2.6 and §3.5.
const EMAIL_META = '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f' // john_smith@gmail.com
const PHONE_META = 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176' // 16505551212
const PHONE_GOOGLE = '1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8' // +16505551212
const GMAIL_GOOGLE = '223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4' // cloudysanfrancisco@gmail.com
const MARY = '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'
const SMITH = '6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd'
const MENLO_PARK = '0007a3d64c01e23d5075203c5977c14e4f7e01a3fc570686fcc50b5e1dd42685'
const CA = '6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126'
const ZIP_37221 = '4c8aef49c98ac36122e884c4bb76b30384118053921db0ffd3ec31c4f1d93a40'
const DOB = '01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c'
const FEMALE = '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111'

function richTraits(): Record<string, unknown> {
  return {
    userId: 'u-1',
    plan: 'pro',
    email: 'John_Smith@gmail.com',
    'Phone Number': '(650)555-1212',
    mobile: 4915112345678,
    first_name: 'Mary',
    LastName: 'Smith',
    name: 'Mary Smith',
    givenName: 'Maryanne',
    surname: 'Smithers',
    birthday: '2/16/1997',
    gender: 'Female',
    address: {
      street: '1 Hacker Way',
      line2: 'Building Twenty',
      city: 'Menlo Park',
      state: 'California',
      postal_code: '37221-3312',
      country: 'United States',
    },
    shippingAddress: { 'address-line-1': '221B Baker Street', zip: 'NW1 6XE', country: 'GB' },
    company: { name: 'Acme', employees: 40 },
  }
}

const RAW_VALUES = [
  'John_Smith',
  'john_smith',
  '6505551212',
  '555-1212',
  '5551212',
  '4915112345678',
  'Mary',
  'mary',
  'Smith',
  'smith',
  'Maryanne',
  'Smithers',
  '2/16/1997',
  '19970216',
  'Female',
  'Hacker',
  'hacker',
  'Twenty',
  'twenty',
  'Menlo',
  'menlo',
  'California',
  'california',
  '37221',
  'Baker',
  'baker',
  'NW1',
  'nw16xe',
]

describe('hashPii', () => {
  it('leaves no raw personal value anywhere in the stored object', () => {
    const json = JSON.stringify(hashPii(richTraits(), { defaultCountry: 'US' }).value)
    for (const raw of RAW_VALUES) expect(json, raw).not.toContain(raw)
  })

  it('replaces each PII key by <key>_sha256 and keeps the rest in clear', () => {
    const { value } = hashPii(richTraits(), { defaultCountry: 'US' })
    expect(value).toMatchObject({
      userId: 'u-1',
      plan: 'pro',
      email_sha256: EMAIL_META,
      'Phone Number_sha256': PHONE_META,
      'Phone Number_sha256_google': PHONE_GOOGLE,
      first_name_sha256: MARY,
      LastName_sha256: SMITH,
      name_sha256: sha256Hex('marysmith'),
      birthday_sha256: DOB,
      gender_sha256: FEMALE,
      company: { name: 'Acme', employees: 40 },
    })
    for (const key of [
      'email',
      'Phone Number',
      'mobile',
      'first_name',
      'LastName',
      'name',
      'birthday',
      'gender',
    ]) {
      expect(value).not.toHaveProperty([key])
    }
  })

  it('hashes a nested address but keeps its country in clear', () => {
    const { value } = hashPii(richTraits(), { defaultCountry: 'US' })
    expect(value.address).toEqual({
      street_sha256: sha256Hex('1 hacker way'),
      line2_sha256: sha256Hex('building twenty'),
      city_sha256: MENLO_PARK,
      state_sha256: CA,
      postal_code_sha256: ZIP_37221,
      country: 'United States',
    })
    expect(value.shippingAddress).toEqual({
      'address-line-1_sha256': sha256Hex('221b baker street'),
      zip_sha256: sha256Hex('nw16xe'),
      country: 'GB',
    })
  })

  it('returns the Meta e-mail and phone hashes for identity links', () => {
    expect(hashPii(richTraits(), { defaultCountry: 'US' }).hashed).toEqual({
      email: EMAIL_META,
      phone: PHONE_META,
    })
    expect(hashPii({ plan: 'pro' }, {}).hashed).toEqual({})
  })

  it('adds the Google e-mail hash only when Google normalises differently', () => {
    const gmail = hashPii({ email: 'cloudy.sanfrancisco+shopping@gmail.com' }, {}).value
    expect(gmail.email_sha256).toBe(sha256Hex('cloudy.sanfrancisco+shopping@gmail.com'))
    expect(gmail.email_sha256_google).toBe(GMAIL_GOOGLE)
    expect(hashPii({ email: 'John_Smith@gmail.com' }, {}).value).toEqual({ email_sha256: EMAIL_META })
  })

  it.each([
    ['EMAIL', 'email'],
    ['e-mail', 'email'],
    ['E_Mail', 'email'],
    ['emailAddress', 'email'],
    ['email_address', 'email'],
    ['phone_number', 'phone'],
    ['PHONE', 'phone'],
    ['Mobile', 'phone'],
  ])('matches %j case- and separator-insensitively', (key, kind) => {
    const { value, hashed } = hashPii(
      { [key]: kind === 'email' ? 'John_Smith@gmail.com' : '(650)555-1212' },
      { defaultCountry: 'US' },
    )
    expect(value[`${key}_sha256`]).toBe(kind === 'email' ? EMAIL_META : PHONE_META)
    expect(value).not.toHaveProperty([key])
    expect(hashed[kind as 'email' | 'phone']).toBeDefined()
  })

  it.each([
    ['fn', MARY],
    ['First Name', MARY],
    ['given-name', MARY],
  ])('hashes first-name key %j with the Meta name rule', (key, hash) => {
    expect(hashPii({ [key]: ' MARY ' }, {}).value).toEqual({ [`${key}_sha256`]: hash })
  })

  it('stringifies a phone sent as a number', () => {
    const { value, hashed } = hashPii({ phone: 16505551212 }, { defaultCountry: 'US' })
    expect(value).toEqual({ phone_sha256: PHONE_META, phone_sha256_google: PHONE_GOOGLE })
    expect(hashed.phone).toBe(PHONE_META)
  })

  it('stores no Google phone hash when the number cannot be placed in a country', () => {
    // Meta's digits-only fallback (§2.6: what the SDKs send); Google only accepts E.164.
    const { value } = hashPii({ phone: '(650)555-1212' }, {})
    expect(value).toEqual({ phone_sha256: sha256Hex('6505551212') })
  })

  it('keeps an already hashed value as the hash, lowercased, never hashing it twice', () => {
    const { value, hashed } = hashPii({ email: EMAIL_META.toUpperCase(), phone: ` ${PHONE_META} ` }, {})
    expect(value).toEqual({ email_sha256: EMAIL_META, phone_sha256: PHONE_META })
    expect(hashed).toEqual({ email: EMAIL_META, phone: PHONE_META })
  })

  it('drops objects, arrays, nulls and unusable values under PII keys instead of storing them', () => {
    const { value, hashed } = hashPii(
      {
        email: ['a@example.com'],
        phone: { number: '6505551212' },
        name: null,
        gender: 'prefer not to say',
        birthday: 'yesterday',
        zip: '',
        kept: 1,
      },
      { defaultCountry: 'US' },
    )
    expect(value).toEqual({ kept: 1 })
    expect(hashed).toEqual({})
  })

  it('hashes an address given as a string as a street', () => {
    expect(hashPii({ address: ' 1  Hacker Way ' }, {}).value).toEqual({
      address_sha256: sha256Hex('1 hacker way'),
    })
  })

  it('looks only one level into an address', () => {
    const { value } = hashPii({ address: { address: { street: '1 Hacker Way' }, city: 'Menlo Park' } }, {})
    expect(value).toEqual({ address: { city_sha256: MENLO_PARK } })
  })

  it('keeps a client-sent *_sha256 key only when it holds a hash, and lets the computed hash win', () => {
    const { value } = hashPii(
      { email: 'John_Smith@gmail.com', email_sha256: sha256Hex('other'), phone_sha256: '6505551212' },
      {},
    )
    expect(value).toEqual({ email_sha256: EMAIL_META })
  })

  it('does not let a __proto__ key change the prototype of the result', () => {
    const input: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}')
    const { value } = hashPii(input, {})
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__', 'plan'])
  })

  it('does not mutate its input', () => {
    const input = richTraits()
    const before = structuredClone(input)
    const result = hashPii(input, { defaultCountry: 'US' })
    expect(input).toEqual(before)
    expect(result.value).not.toBe(input)
    expect(result.value.address).not.toBe(input.address)
  })
})
