import type { CountryCode } from 'libphonenumber-js'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import file from './hash-vectors.json' with { type: 'json' }
import { normaliseGoogleEmail, normaliseGoogleName, normaliseGooglePhone } from './normalise-google.ts'
import {
  normaliseMetaCity,
  normaliseMetaCountry,
  normaliseMetaDateOfBirth,
  normaliseMetaEmail,
  normaliseMetaExternalId,
  normaliseMetaGender,
  normaliseMetaName,
  normaliseMetaPhone,
  normaliseMetaState,
  normaliseMetaZip,
} from './normalise-meta.ts'
import { sha256Hex } from './sha256.ts'

const Case = z.tuple([
  z.string(),
  z.string(),
  z.enum(['meta', 'google']),
  z.string(),
  z.string(),
  z.string().regex(/^[0-9a-f]{64}$/),
])
const CaseFile = z.object({
  defaultCountry: z.literal('US'),
  cases: z.array(Case).min(1),
  casesWithoutDefaultCountry: z.array(Case).min(1),
})
const vectors = CaseFile.parse(file)

type Normalise = (value: string, defaultCountry: CountryCode | undefined) => string | null

const NORMALISERS: Record<string, Normalise> = {
  'meta:em': normaliseMetaEmail,
  'meta:ph': normaliseMetaPhone,
  'meta:fn': normaliseMetaName,
  'meta:ln': normaliseMetaName,
  'meta:ct': normaliseMetaCity,
  'meta:st': normaliseMetaState,
  'meta:zp': normaliseMetaZip,
  'meta:country': normaliseMetaCountry,
  'meta:ge': normaliseMetaGender,
  'meta:db': (value) => normaliseMetaDateOfBirth(value),
  'meta:external_id': normaliseMetaExternalId,
  'google:email': normaliseGoogleEmail,
  'google:phone': normaliseGooglePhone,
  'google:given_name': normaliseGoogleName,
  'google:family_name': normaliseGoogleName,
}

function normaliserFor(platform: string, field: string): Normalise {
  const normalise = NORMALISERS[`${platform}:${field}`]
  if (normalise === undefined) throw new Error(`no normaliser for ${platform}:${field}`)
  return normalise
}

describe.each([
  { group: 'with default country US', cases: vectors.cases, defaultCountry: vectors.defaultCountry },
  { group: 'without default country', cases: vectors.casesWithoutDefaultCountry, defaultCountry: undefined },
])('hash vectors $group', ({ cases, defaultCountry }) => {
  it.each(cases)('%s', (_name, field, platform, input, normalised, hex) => {
    const normalise = normaliserFor(platform, field)
    const actual = normalise(input, defaultCountry)
    expect(actual).toBe(normalised)
    expect(sha256Hex(actual ?? '')).toBe(hex)
    // Normalising twice must not change the value, or a pre-normalised input would hash differently.
    expect(normalise(normalised, defaultCountry)).toBe(normalised)
  })
})

describe('hash vector file', () => {
  it('writes the NFD input as decomposed text, so the NFC step is really exercised', () => {
    const nfd = vectors.cases.find(([name]) => name.includes('NFD'))
    expect(nfd?.[3]).toBe('Vale\u0301ry')
    expect(nfd?.[3]).not.toBe(nfd?.[3].normalize('NFC'))
    // Without NFC the same name hashes to a different value (wire-formats.md §2.5).
    expect(sha256Hex('vale\u0301ry').startsWith('0aac459e')).toBe(true)
  })

  it('covers every Meta and Google field it has vectors for', () => {
    const fields = new Set(
      [...vectors.cases, ...vectors.casesWithoutDefaultCountry].map(([, f, p]) => `${p}:${f}`),
    )
    expect([...fields].sort()).toEqual(Object.keys(NORMALISERS).sort())
  })
})
