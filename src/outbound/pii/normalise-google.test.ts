import { describe, expect, it } from 'vitest'
import { normaliseGoogleEmail, normaliseGoogleName, normaliseGooglePhone } from './normalise-google.ts'

const HASH = 'fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30'

describe('normaliseGoogleEmail', () => {
  it('removes whitespace inside the address too', () => {
    expect(normaliseGoogleEmail(' Jane . Doe @ Example.com ')).toBe('jane.doe@example.com')
  })

  it('only folds dots and +tags on gmail.com and googlemail.com', () => {
    expect(normaliseGoogleEmail('a.b+c@GMAIL.com')).toBe('ab@gmail.com')
    expect(normaliseGoogleEmail('a.b+c@gmail.com.au')).toBe('a.b+c@gmail.com.au')
    expect(normaliseGoogleEmail('a.b+c@mail.gmail.com')).toBe('a.b+c@mail.gmail.com')
  })

  it.each(['', '   ', 'jane', 'jane@', '@gmail.com', 'jane@localhost', '+tag@gmail.com', '...@gmail.com'])(
    'returns null for %j',
    (input) => expect(normaliseGoogleEmail(input)).toBeNull(),
  )

  it('passes a SHA-256 through lowercased', () => {
    expect(normaliseGoogleEmail(HASH.toUpperCase())).toBe(HASH)
  })
})

describe('normaliseGooglePhone', () => {
  it('keeps the + and the country code', () => {
    expect(normaliseGooglePhone('0044 844 412 4653', 'US')).toBe('+448444124653')
    expect(normaliseGooglePhone('+001 (616) 954-78 88')).toBe('+16169547888')
  })

  it('returns null instead of guessing when the number cannot be placed', () => {
    expect(normaliseGooglePhone('(650)555-1212')).toBeNull()
    expect(normaliseGooglePhone('12', 'US')).toBeNull()
    expect(normaliseGooglePhone('', 'US')).toBeNull()
    expect(normaliseGooglePhone('no phone', 'US')).toBeNull()
  })

  it('passes a SHA-256 through lowercased', () => {
    expect(normaliseGooglePhone(` ${HASH.toUpperCase()} `, 'US')).toBe(HASH)
  })
})

describe('normaliseGoogleName', () => {
  it.each([
    ['Mrs. Jane', 'jane'],
    ['Dr Mary Ann', 'mary ann'],
    ['Smith, Jr.', 'smith'],
    ['  Doe   III ', 'doe'],
    ["O'Brien-Smith", 'obriensmith'],
    ['Valéry', 'valéry'],
    ['Miss', 'miss'],
  ])('%j → %j', (input, expected) => expect(normaliseGoogleName(input)).toBe(expected))

  it('returns null for empty or punctuation-only input', () => {
    expect(normaliseGoogleName('')).toBeNull()
    expect(normaliseGoogleName(' .,- ')).toBeNull()
  })

  it('passes a SHA-256 through lowercased', () => {
    expect(normaliseGoogleName(HASH.toUpperCase())).toBe(HASH)
  })
})
