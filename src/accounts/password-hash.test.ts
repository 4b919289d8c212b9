import { describe, expect, it } from 'vitest'
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password-hash.ts'

describe('password hashing', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('keeps the parameters and a fresh salt with each hash, never the password', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct')
    const [scheme, n, r, p, salt, key] = a.split('$')
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      DEFAULT_SCRYPT.N,
      DEFAULT_SCRYPT.r,
      DEFAULT_SCRYPT.p,
    ])
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16)
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32)
  })

  it('checks a hash made with other parameters by the parameters stored with it', async () => {
    const cheap = await hashPassword('older password 1', { N: 2 ** 10, r: 8, p: 1 })
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(await verifyPassword('older password 1', cheap)).toBe(true)
  })

  it('treats the same text in another Unicode form as the same password', async () => {
    const composed = 'caf\u00e9 au lait!'
    const decomposed = 'cafe\u0301 au lait!'
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true)
  })

  it('never matches a malformed or tampered hash', async () => {
    const good = await hashPassword('correct horse battery')
    const parts = good.split('$')
    for (const bad of [
      '',
      'plain text',
      parts.slice(0, 5).join('$'),
      ['bcrypt', ...parts.slice(1)].join('$'),
      ['scrypt', '1000', ...parts.slice(2)].join('$'),
      ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'),
      [...parts.slice(0, 5), Buffer.alloc(32).toString('base64')].join('$'),
    ]) {
      expect(await verifyPassword('correct horse battery', bad), bad).toBe(false)
    }
  })
})
