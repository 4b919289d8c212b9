import type { KeyKind } from '../../schema/choices.ts'
import type { MetaQueryable } from './meta-db.ts'
import { randomToken, sha256Hex } from './random-token.ts'

export interface ApiKey {
  id: string
  siteId: string
  kind: KeyKind
  prefix: string
  label: string
  /** Only write keys are kept readable; secret keys are shown once, at creation. */
  publicKey: string | null
  createdAt: string
  revokedAt: string | null
}

export interface CreatedKey extends ApiKey {
  /** The full key; for secret keys this is the only time it is visible. */
  key: string
}

interface KeyRow {
  id: string
  site_id: string
  kind: KeyKind
  prefix: string
  label: string
  public_key: string | null
  created_at: Date | string
  revoked_at: Date | string | null
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  siteId: r.site_id,
  kind: r.kind,
  prefix: r.prefix,
  label: r.label,
  publicKey: r.public_key,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
})

const KEY_PREFIX: Record<KeyKind, string> = {
  write: 'wk_',
  server: 'sk_srv_',
  read: 'sk_read_',
  admin: 'sk_adm_',
}

export function createKeysRepository(db: MetaQueryable) {
  return {
    async create(siteId: string, kind: KeyKind, label = ''): Promise<CreatedKey> {
      const key = KEY_PREFIX[kind] + randomToken(kind === 'write' ? 24 : 32)
      const rows = await db.query<KeyRow>(
        `INSERT INTO api_keys (id, site_id, kind, key_hash, public_key, prefix, label)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          `key_${randomToken(12)}`,
          siteId,
          kind,
          sha256Hex(key),
          kind === 'write' ? key : null,
          key.slice(0, KEY_PREFIX[kind].length + 4),
          label,
        ],
      )
      const row = rows[0]
      if (!row) throw new Error('key insert returned no row')
      return { ...toKey(row), key }
    },
    /** Resolves a presented key to its record; revoked and unknown keys give null. */
    async findActive(key: string): Promise<ApiKey | null> {
      const rows = await db.query<KeyRow>(
        'SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [sha256Hex(key)],
      )
      return rows[0] ? toKey(rows[0]) : null
    },
    async list(siteId: string): Promise<ApiKey[]> {
      const rows = await db.query<KeyRow>(
        'SELECT * FROM api_keys WHERE site_id = $1 ORDER BY created_at, id',
        [siteId],
      )
      return rows.map(toKey)
    },
    /** Revokes a key of the given site; a key id of another site is "not found". */
    async revoke(siteId: string, keyId: string): Promise<ApiKey | null> {
      const rows = await db.query<KeyRow>(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
         WHERE id = $1 AND site_id = $2 RETURNING *`,
        [keyId, siteId],
      )
      return rows[0] ? toKey(rows[0]) : null
    },
  }
}

export type KeysRepository = ReturnType<typeof createKeysRepository>
