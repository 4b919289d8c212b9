import type { MetaQueryable } from './meta-db.ts'
import { randomToken } from './random-token.ts'

/** A person who signs in; the password hash never leaves the accounts services. */
export interface User {
  id: string
  email: string
  name: string
  /** May do everything, on every site, like the local admin token. */
  instanceAdmin: boolean
  createdAt: string
  updatedAt: string
}

export interface UserWithHash extends User {
  passwordHash: string
}

export interface NewUser {
  email: string
  name: string
  passwordHash: string
  instanceAdmin: boolean
}

/** A `users` row without its password hash; exported for repositories that join users. */
export interface UserRow {
  id: string
  email: string
  name: string
  instance_admin: boolean
  created_at: Date | string
  updated_at: Date | string
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  instanceAdmin: r.instance_admin,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
})

const COLUMNS = 'id, email, name, instance_admin, created_at, updated_at'

/** Users; e-mail addresses compare without regard to case (the unique index is on `lower(email)`). */
export function createUsersRepository(db: MetaQueryable) {
  const one = (rows: UserRow[]) => (rows[0] ? toUser(rows[0]) : null)
  return {
    /** Throws a unique violation when the e-mail address is taken. */
    async create(input: NewUser, now: Date): Promise<User> {
      const user = one(
        await db.query<UserRow>(
          `INSERT INTO users (id, email, name, password_hash, instance_admin, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${COLUMNS}`,
          [`usr_${randomToken(12)}`, input.email, input.name, input.passwordHash, input.instanceAdmin, now],
        ),
      )
      if (!user) throw new Error('user insert returned no row')
      return user
    },
    async get(id: string): Promise<User | null> {
      return one(await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]))
    },
    /** By id, else by e-mail address. */
    async find(idOrEmail: string): Promise<User | null> {
      return one(
        await db.query<UserRow>(
          `SELECT ${COLUMNS} FROM users WHERE id = $1 OR lower(email) = lower($1) ORDER BY (id = $1) DESC LIMIT 1`,
          [idOrEmail],
        ),
      )
    },
    /** For signing in: by e-mail address only, with the password hash. */
    async findByEmailWithHash(email: string): Promise<UserWithHash | null> {
      const rows = await db.query<UserRow & { password_hash: string }>(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
        [email],
      )
      const row = rows[0]
      return row ? { ...toUser(row), passwordHash: row.password_hash } : null
    },
    async passwordHash(id: string): Promise<string | null> {
      const rows = await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [id],
      )
      return rows[0]?.password_hash ?? null
    },
    async list(): Promise<User[]> {
      return (await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(email), id`)).map(toUser)
    },
    async count(): Promise<number> {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
      return rows[0]?.n ?? 0
    },
    async countInstanceAdmins(): Promise<number> {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE instance_admin')
      return rows[0]?.n ?? 0
    },
    async setPassword(id: string, passwordHash: string, now: Date): Promise<User | null> {
      return one(
        await db.query<UserRow>(
          `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, passwordHash, now],
        ),
      )
    },
    /** Deletes the user; their roles and sessions go with them. */
    async remove(id: string): Promise<User | null> {
      return one(await db.query<UserRow>(`DELETE FROM users WHERE id = $1 RETURNING ${COLUMNS}`, [id]))
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>
