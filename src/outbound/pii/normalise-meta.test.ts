import { describe, expect, it } from 'vitest'
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

const HASH = '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f'
// Meta's own example `em` hash; its preimage is unknown, so only pass-through can reproduce it.
const META_EXAMPLE_HASH = '309a0a5c3e211326ae75ca18196d301a9bdbd1a882a4d2569511033da23f0abd'
const ALL = [
  normaliseMetaEmail,
  (value: string) => normaliseMetaPhone(value, 'US'),
  normaliseMetaName,
  normaliseMetaCity,
  normaliseMetaState,
  normaliseMetaZip,
  normaliseMetaCountry,
  normaliseMetaGender,
  (value: string) => normaliseMetaDateOfBirth(value),
  normaliseMetaExternalId,
]

describe('every Meta normaliser', () => {
  it.each(ALL.map((normalise, i) => [i, normalise] as const))(
    '#%i returns null for empty or blank input',
    (_, normalise) => {
      expect(normalise('')).toBeNull()
      expect(normalise('  \t ')).toBeNull()
    },
  )

  it.each(ALL.map((normalise, i) => [i, normalise] as const))(
    '#%i passes a SHA-256 through lowercased',
    (_, normalise) => {
      expect(normalise(` ${HASH.toUpperCase()} `)).toBe(HASH)
      expect(normalise(META_EXAMPLE_HASH)).toBe(META_EXAMPLE_HASH)
    },
  )
})

describe('normaliseMetaEmail', () => {
  it.each(['not-an-email', 'john@', '@example.com', 'john@example', 'john smith@example.com', 'a@b@c.com'])(
    'rejects %j',
    (input) => expect(normaliseMetaEmail(input)).toBeNull(),
  )

  it('keeps dots and +tags on every domain (only Google folds them)', () => {
    expect(normaliseMetaEmail('Cloudy.SF+shop@gmail.com')).toBe('cloudy.sf+shop@gmail.com')
  })
})

describe('normaliseMetaPhone', () => {
  it('falls back to digits without leading zeros when the number cannot be placed', () => {
    expect(normaliseMetaPhone('(650)555-1212')).toBe('6505551212')
    expect(normaliseMetaPhone('0650-555')).toBe('650555')
  })

  it('uses the default region for national numbers, not for international ones', () => {
    expect(normaliseMetaPhone('07911 123456', 'GB')).toBe('447911123456')
    expect(normaliseMetaPhone('+1 650 555 1212', 'GB')).toBe('16505551212')
    expect(normaliseMetaPhone('011 44 844 412 4653', 'US')).toBe('448444124653')
  })

  it('returns null when no digit is left', () => {
    expect(normaliseMetaPhone('call me', 'US')).toBeNull()
    expect(normaliseMetaPhone('000', 'US')).toBeNull()
  })
})

describe('normaliseMetaName and normaliseMetaCity', () => {
  it('drops Unicode punctuation too, so a typographic apostrophe matches a plain one', () => {
    expect(normaliseMetaName('O’Connor')).toBe(normaliseMetaName("O'Connor"))
  })

  it('returns null for punctuation only', () => {
    expect(normaliseMetaName(" '-. ")).toBeNull()
  })

  it('keeps accented letters in cities, unlike the param-builder', () => {
    expect(normaliseMetaCity('San José')).toBe('sanjosé')
    expect(normaliseMetaCity('Sa\u0303o Paulo')).toBe('s\u00e3opaulo')
  })

  it('rejects a city that does not start with a letter', () => {
    expect(normaliseMetaCity('12345')).toBeNull()
  })
})

describe('normaliseMetaState', () => {
  it.each([
    ['New York', 'ny'],
    ['district of columbia', 'dc'],
    ['Québec', 'qc'],
    ['Newfoundland and Labrador', 'nl'],
    ['N.Y.', 'ny'],
    ['Bavaria', 'ba'],
  ])('%j → %j', (input, expected) => expect(normaliseMetaState(input)).toBe(expected))

  it('returns null for a single letter', () => {
    expect(normaliseMetaState('x')).toBeNull()
  })
})

describe('normaliseMetaZip', () => {
  it.each([
    ['M1 1AE', 'm11ae'],
    [' 94035 ', '94035'],
    ['100-0001', '1000001'],
    ['00-950', '00950'],
  ])('%j → %j', (input, expected) => expect(normaliseMetaZip(input)).toBe(expected))

  it('returns null when fewer than 2 characters are left', () => {
    expect(normaliseMetaZip('7')).toBeNull()
    expect(normaliseMetaZip('--')).toBeNull()
  })
})

describe('normaliseMetaCountry', () => {
  it.each([
    ['USA', 'us'],
    ['United States of America', 'us'],
    ['UK', 'gb'],
    ['United Kingdom', 'gb'],
    ['Germany', 'de'],
    ['Deutschland', 'de'],
    ['Allemagne', 'de'],
    ['España', 'es'],
    ['Côte d’Ivoire', 'ci'],
    ['Bosnia and Herzegovina', 'ba'],
    ['Saint Lucia', 'lc'],
    ['Turkey', 'tr'],
    ['Myanmar', 'mm'],
    ['fr', 'fr'],
  ])('%j → %j', (input, expected) => expect(normaliseMetaCountry(input)).toBe(expected))

  it('cuts an unknown name to 2 letters and rejects a single letter', () => {
    expect(normaliseMetaCountry('Atlantis')).toBe('at')
    expect(normaliseMetaCountry('x')).toBeNull()
  })
})

describe('normaliseMetaGender', () => {
  it.each([
    ['F', 'f'],
    [' woman ', 'f'],
    ['Mrs.', 'f'],
    ['MALE', 'm'],
    ['m', 'm'],
  ])('%j → %j', (input, expected) => expect(normaliseMetaGender(input)).toBe(expected))

  it.each(['nonbinary', 'x', 'unknown'])('returns null for %j (Meta accepts only f and m)', (input) => {
    expect(normaliseMetaGender(input)).toBeNull()
  })
})

describe('normaliseMetaDateOfBirth', () => {
  const now = new Date('2026-09-12T00:00:00Z')

  it.each([
    ['19970216', '19970216'],
    ['1997-02-16', '19970216'],
    ['1997-02-16T23:30:00.000Z', '19970216'],
    ['2/16/1997', '19970216'],
    ['16.02.1997', '19970216'],
    ['02/03/1997', '19970203'],
    ['1900-01-01', '19000101'],
  ])('%j → %j', (input, expected) => expect(normaliseMetaDateOfBirth(input, now)).toBe(expected))

  it.each([
    ['two-digit year', '2/16/97'],
    ['no such day', '1997-02-30'],
    ['month 13', '13/13/1997'],
    ['before 1900', '1899-12-31'],
    ['after now', '2027-01-01'],
    ['words', 'sixteenth of February'],
  ])('returns null for %s', (_, input) => expect(normaliseMetaDateOfBirth(input, now)).toBeNull())
})

describe('normaliseMetaExternalId', () => {
  it('removes inner whitespace but keeps punctuation, which may be part of the id', () => {
    expect(normaliseMetaExternalId(' ORD 42/a-b ')).toBe('ord42/a-b')
  })
})
