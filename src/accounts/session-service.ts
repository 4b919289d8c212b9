import { AppError } from '../schema/app-error.ts'
import { isUniqueViolation } from '../store/meta/goals-repository.ts'
import type { MetaDb, MetaQueryable } from '../store/meta/meta-db.ts'
import { randomToken, sha256Hex } from '../store/meta/random-token.ts'
import { createSessionsRepository, type Session } from '../store/meta/sessions-repository.ts'
import { createSetupTokensRepository } from '../store/meta/setup-tokens-repository.ts'
import { createUsersRepository, type User } from '../store/meta/users-repository.ts'
import { loginSchema, parseAccountInput, passwordChangeSchema, setupSchema } from './account-input.ts'
import { createLoginLimiter, type LoginLimiter } from './login-limiter.ts'
import { hashPassword, verifyPassword } from './password-hash.ts'

/** How long a sign-in lasts; the cookie's Max-Age says the same. */
export const SESSION_TTL_MS = 14 * 24 * 3600_000

export interface SignedIn {
  user: User
  /** Goes into the cookie only; the store keeps its SHA-256. */
  token: string
  csrfToken: string
  expiresAt: Date
}

export interface ActiveSession {
  user: User
  session: Session
  tokenHash: string
}

/** Signing in and out, the first administrator's set-up, and changing one's own password. */
export function createSessionService(deps: { db: MetaDb; limiter?: LoginLimiter; now?: () => Date }) {
  const { db } = deps
  const now = () => deps.now?.() ?? new Date()
  const limiter = deps.limiter ?? createLoginLimiter()
  const users = createUsersRepository(db)
  const sessions = createSessionsRepository(db)
  const setupTokens = createSetupTokensRepository(db)
  // Checked against when the e-mail address is unknown, so both failures take as long.
  let dummyHash: Promise<string> | null = null

  const open = async (tx: MetaQueryable, user: User, at: Date): Promise<SignedIn> => {
    const token = randomToken(43)
    const csrfToken = randomToken(32)
    const expiresAt = new Date(at.getTime() + SESSION_TTL_MS)
    await createSessionsRepository(tx).create({
      tokenHash: sha256Hex(token),
      userId: user.id,
      csrfToken,
      now: at,
      expiresAt,
    })
    return { user, token, csrfToken, expiresAt }
  }
  const refuseWhenLimited = (email: string, clientIp: string) => {
    const gate = limiter.check(email, clientIp)
    if (gate.ok) return
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins; retry in ${gate.retryAfterSeconds} seconds`,
      [{ field: 'email', reason: 'too many failed sign-ins for this address or from this network' }],
      { retryAfterSeconds: gate.retryAfterSeconds },
    )
  }

  return {
    /**
     * The same error for an unknown address and a wrong password. Failures count per address and
     * per client IP; over the limit every attempt is refused, a right password included.
     */
    async login(input: unknown, clientIp: string): Promise<SignedIn> {
      const { email, password } = parseAccountInput(loginSchema, input)
      refuseWhenLimited(email, clientIp)
      const user = await users.findByEmailWithHash(email)
      dummyHash ??= hashPassword(randomToken(16))
      const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
      if (!user || !matches) {
        limiter.fail(email, clientIp)
        throw new AppError('invalid_credentials', undefined, [
          { field: 'password', reason: 'does not match an account with this e-mail address' },
        ])
      }
      limiter.succeed(email)
      const at = now()
      await sessions.removeExpired(at)
      const { passwordHash: _hash, ...plain } = user
      return open(db, plain, at)
    },

    /** Creates the first administrator with a printed set-up token, once, and signs them in. */
    async setup(input: unknown): Promise<SignedIn> {
      const { token, email, name, password } = parseAccountInput(setupSchema, input)
      const tokenHash = sha256Hex(token)
      const invalid = () =>
        new AppError('invalid_setup_token', undefined, [
          { field: 'token', reason: 'is not known, already used or expired' },
        ])
      if (!(await setupTokens.isUsable(tokenHash, now()))) throw invalid()
      const passwordHash = await hashPassword(password)
      const at = now()
      return db.transaction(async (tx) => {
        if (!(await createSetupTokensRepository(tx).consumeAll(tokenHash, at))) throw invalid()
        const txUsers = createUsersRepository(tx)
        if ((await txUsers.count()) > 0) {
          throw new AppError('conflict', 'Stepwise is already set up; sign in instead', [
            { field: 'token', reason: 'an administrator already exists' },
          ])
        }
        try {
          const user = await txUsers.create({ email, name, passwordHash, instanceAdmin: true }, at)
          return await open(tx, user, at)
        } catch (err) {
          if (!isUniqueViolation(err)) throw err
          throw new AppError('conflict', 'Stepwise is already set up; sign in instead', [
            { field: 'email', reason: 'is already taken' },
          ])
        }
      })
    },

    /** The signed-in user of a cookie's token, or null when unknown or expired. */
    async resolve(token: string): Promise<ActiveSession | null> {
      const tokenHash = sha256Hex(token)
      const found = await sessions.findActive(tokenHash, now())
      return found ? { ...found, tokenHash } : null
    },

    async logout(tokenHash: string): Promise<void> {
      await sessions.remove(tokenHash)
    },

    /**
     * Needs the current password (a session left open on a shared computer is not enough) and
     * ends the user's other sessions. Wrong current passwords count as failed sign-ins.
     */
    async changePassword(active: ActiveSession, input: unknown, clientIp: string): Promise<User> {
      const { currentPassword, newPassword } = parseAccountInput(passwordChangeSchema, input)
      refuseWhenLimited(active.user.email, clientIp)
      const stored = await users.passwordHash(active.user.id)
      if (stored === null || !(await verifyPassword(currentPassword, stored))) {
        limiter.fail(active.user.email, clientIp)
        throw new AppError('invalid_body', 'currentPassword is not your current password', [
          { field: 'currentPassword', reason: 'is not your current password' },
        ])
      }
      const passwordHash = await hashPassword(newPassword)
      return db.transaction(async (tx) => {
        const updated = await createUsersRepository(tx).setPassword(active.user.id, passwordHash, now())
        if (!updated)
          throw new AppError('invalid_session', undefined, [
            { field: 'Cookie', reason: 'the signed-in user no longer exists' },
          ])
        await createSessionsRepository(tx).removeForUser(active.user.id, active.tokenHash)
        return updated
      })
    },
  }
}

export type SessionService = ReturnType<typeof createSessionService>
