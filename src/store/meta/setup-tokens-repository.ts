import type { MetaQueryable } from './meta-db.ts'

/** One-time set-up tokens, kept as SHA-256 hashes. */
export function createSetupTokensRepository(db: MetaQueryable) {
  return {
    async create(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
      await db.query('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
        tokenHash,
        now,
        expiresAt,
      ])
    },
    /** Whether the token may still be used: a cheap check before any password is hashed. */
    async isUsable(tokenHash: string, now: Date): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 AS ok FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2',
        [tokenHash, now],
      )
      return rows.length > 0
    },
    /**
     * When `tokenHash` is usable at `now`, uses up every usable token (there is one first
     * administrator, however many links were printed) and returns true; otherwise changes nothing.
     * Run in the transaction that creates that administrator: the row locks make a concurrent
     * set-up wait, then find nothing left to use.
     */
    async consumeAll(tokenHash: string, now: Date): Promise<boolean> {
      const rows = await db.query<{ token_hash: string }>(
        `UPDATE setup_tokens SET used_at = $2
         WHERE used_at IS NULL AND expires_at > $2
           AND EXISTS (SELECT 1 FROM setup_tokens t WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2)
         RETURNING token_hash`,
        [tokenHash, now],
      )
      return rows.some((r) => r.token_hash === tokenHash)
    },
  }
}

export type SetupTokensRepository = ReturnType<typeof createSetupTokensRepository>
