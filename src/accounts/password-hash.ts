import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  N: number
  r: number
  p: number
}

/**
 * About 32 MiB and a tenth of a second per hash on a small server: slow enough to make guessing
 * a stolen hash expensive, fast enough for a sign-in. Stored with every hash, so raising them
 * later leaves existing passwords working.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }
const SALT_BYTES = 16
const KEY_BYTES = 32
/** Refuse stored parameters beyond these: a tampered row must not make a sign-in exhaust memory. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** `scrypt$N$r$p$salt$key` (salt and key in base64): everything needed to check it again. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params, KEY_BYTES)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** True when `password` is the one `stored` was made from; a malformed hash is never a match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length)
  return timingSafeEqual(key, parsed.key)
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$')
  if (scheme !== 'scrypt' || rest.length > 0 || !salt || !key) return null
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  const whole = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0
  if (!whole(params.N, MAX_N) || !powerOfTwo || !whole(params.r, MAX_R) || !whole(params.p, MAX_P))
    return null
  const keyBytes = Buffer.from(key, 'base64')
  const saltBytes = Buffer.from(salt, 'base64')
  if (keyBytes.length < 16 || saltBytes.length < 8) return null
  return { params, salt: saltBytes, key: keyBytes }
}
