import { createHash } from 'node:crypto'

const SHA256_HEX = /^[0-9a-f]{64}$/i

/** SHA-256 of the UTF-8 bytes as lowercase hex: the encoding Meta and Google both accept. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** SHA-256 as standard Base64, for Data Manager requests that declare `encoding: BASE64`. */
export function sha256Base64(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64')
}

/** True when `value` already is a SHA-256 hex digest (either case), so it must not be hashed again. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value)
}
