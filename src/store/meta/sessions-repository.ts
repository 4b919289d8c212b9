import type { MetaQueryable } from './meta-db.ts'
import { toUser, type User, type UserRow } from './users-repository.ts'

export interface Session {
  userId: string
  csrfToken: string
  createdAt: string
  expiresAt: string
  lastSeenAt: string
}

type SessionRow = UserRow & {
  user_id: string
  csrf_token: string
  session_created_at: Date | string
  expires_at: Date | string
  last_seen_at: Date | string
}

/** Last-seen times are written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000

/** Signed-in sessions, found by the SHA-256 of their token (the token itself is only in the cookie). */
export function createSessionsRepository(db: MetaQueryable) {
  return {
    async create(s: {
      tokenHash: string
      userId: string
      csrfToken: string
      now: Date
      expiresAt: Date
    }): Promise<void> {
      await db.query(
        `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $4)`,
        [s.tokenHash, s.userId, s.csrfToken, s.now, s.expiresAt],
      )
    },
    /** The session and its user, unless unknown or expired at `now`; refreshes the last-seen time. */
    async findActive(tokenHash: string, now: Date): Promise<{ user: User; session: Session } | null> {
      const rows = await db.query<SessionRow>(
        `SELECT u.id, u.email, u.name, u.instance_admin, u.created_at, u.updated_at,
                s.user_id, s.csrf_token, s.created_at AS session_created_at, s.expires_at, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2`,
        [tokenHash, now],
      )
      const r = rows[0]
      if (!r) return null
      if (now.getTime() - new Date(r.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
        await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now])
        r.last_seen_at = now
      }
      return {
        user: toUser(r),
        session: {
          userId: r.user_id,
          csrfToken: r.csrf_token,
          createdAt: new Date(r.session_created_at).toISOString(),
          expiresAt: new Date(r.expires_at).toISOString(),
          lastSeenAt: new Date(r.last_seen_at).toISOString(),
        },
      }
    },
    async remove(tokenHash: string): Promise<boolean> {
      const rows = await db.query('DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id', [tokenHash])
      return rows.length > 0
    },
    /** Ends every session of a user but `keepTokenHash` (the one changing the password). */
    async removeForUser(userId: string, keepTokenHash: string | null = null): Promise<number> {
      const rows = await db.query(
        'DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2 RETURNING user_id',
        [userId, keepTokenHash],
      )
      return rows.length
    },
    async removeExpired(now: Date): Promise<number> {
      const rows = await db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING user_id', [now])
      return rows.length
    },
  }
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>
