import { isUniqueViolation } from '../store/meta/goals-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { randomToken, sha256Hex } from '../store/meta/random-token.ts'
import { createSetupTokensRepository } from '../store/meta/setup-tokens-repository.ts'
import { createUsersRepository, type User } from '../store/meta/users-repository.ts'
import { hashPassword } from './password-hash.ts'

export const SETUP_TOKEN_TTL_MS = 24 * 3600_000

export type FirstStart =
  /** Someone can already sign in: nothing to do. */
  | { kind: 'ready' }
  /** The administrator named by STEPWISE_ADMIN_EMAIL / STEPWISE_ADMIN_PASSWORD was created. */
  | { kind: 'created'; user: User }
  /** No user yet: this token, printed as a link, lets the first person create the administrator. */
  | { kind: 'setup'; token: string; expiresAt: Date }

/**
 * Run at every `serve` start. While no user exists, each start makes a new set-up token (the hash
 * of an earlier, unprinted one cannot be shown again); earlier ones stay valid until they expire.
 * The configured administrator is only created into an empty user table: changing the variables
 * later does not change anyone's password.
 */
export async function prepareFirstStart(deps: {
  db: MetaDb
  /** Already validated by `loadConfig`. */
  admin: { email: string; password: string } | null
  now?: Date
}): Promise<FirstStart> {
  const users = createUsersRepository(deps.db)
  if ((await users.count()) > 0) return { kind: 'ready' }
  const now = deps.now ?? new Date()
  if (deps.admin) {
    const passwordHash = await hashPassword(deps.admin.password)
    try {
      const user = await users.create(
        { email: deps.admin.email, name: '', passwordHash, instanceAdmin: true },
        now,
      )
      return { kind: 'created', user }
    } catch (err) {
      // Another node, started at the same moment with the same variables, created it first.
      if (isUniqueViolation(err)) return { kind: 'ready' }
      throw err
    }
  }
  const token = randomToken(43)
  const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS)
  await createSetupTokensRepository(deps.db).create(sha256Hex(token), now, expiresAt)
  return { kind: 'setup', token, expiresAt }
}
