import { describe, expect, it } from 'vitest'
import { isSha256Hex, sha256Base64, sha256Hex } from './sha256.ts'

describe('sha256Hex and sha256Base64', () => {
  // Base64 column of wire-formats.md §3.5; the hex column is covered by hash-vectors.json.
  it.each([
    ['cloudysanfrancisco@gmail.com', 'Ij69pvaImxSUVRupAtnTgdry9kK64FWIjpY0PVPp+cQ='],
    ['user.name+nyc@example.com', '8QmipjL7zqX8ggSfUL7tPYYhv5A0OZ9Df7YiIirMzaw='],
    ['janedoe@googlemail.com', 'M4q/nvHIeTytx7z1HtWVM463J+2eBs49kdVm1guXWTc='],
  ])('%s → %s', (input, base64) => {
    expect(sha256Base64(input)).toBe(base64)
    expect(Buffer.from(sha256Hex(input), 'hex').toString('base64')).toBe(base64)
  })

  it('hashes the UTF-8 bytes', () => {
    expect(sha256Hex('정')).toBe('8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14')
  })
})

describe('isSha256Hex', () => {
  it('accepts 64 hex digits in either case', () => {
    const hash = sha256Hex('x')
    expect(isSha256Hex(hash)).toBe(true)
    expect(isSha256Hex(hash.toUpperCase())).toBe(true)
  })

  it.each([
    ['63 digits', 'a'.repeat(63)],
    ['65 digits', 'a'.repeat(65)],
    ['an MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['non-hex', 'g'.repeat(64)],
    ['padded', ` ${'a'.repeat(64)}`],
  ])('rejects %s', (_, value) => expect(isSha256Hex(value)).toBe(false))
})
