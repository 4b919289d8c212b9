import { AppError } from '../schema/app-error.ts'
import { KEY_KINDS, type KeyKind } from '../schema/choices.ts'
import { type ApiKey, createKeysRepository } from '../store/meta/keys-repository.ts'
import type { MetaDb } from '../store/meta/meta-db.ts'
import { createSitesRepository, type Site } from '../store/meta/sites-repository.ts'
import { siteInputSchema } from './site-input.ts'

export interface CreatedSite {
  site: Site
  /** Public key for browsers and SDKs. */
  writeKey: string
  /** Secret admin key for the API; shown this once. */
  secretKey: string
}

/** Site and key management, shared by the HTTP API and the CLI (when no server runs). */
export function createSiteAdmin(db: MetaDb) {
  const sites = createSitesRepository(db)
  const keys = createKeysRepository(db)

  const requireSite = async (siteId: string): Promise<Site> => {
    const site = await sites.get(siteId)
    if (!site)
      throw new AppError('not_found', `Site ${siteId} does not exist`, [
        { field: 'site', reason: 'not found' },
      ])
    return site
  }

  return {
    async createSite(input: unknown): Promise<CreatedSite> {
      const parsed = siteInputSchema.safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const field = issue?.path.join('.') || 'body'
        throw new AppError('invalid_body', `${field} ${issue?.message ?? 'is invalid'}`, [
          { field, reason: issue?.message ?? 'is invalid' },
        ])
      }
      const { domain, name, timezone } = parsed.data
      return db.transaction(async (tx) => {
        const site = await createSitesRepository(tx).create({ domain, name: name || domain, timezone })
        const txKeys = createKeysRepository(tx)
        const write = await txKeys.create(site.id, 'write', 'default write key')
        const admin = await txKeys.create(site.id, 'admin', 'default admin key')
        return { site, writeKey: write.key, secretKey: admin.key }
      })
    },
    listSites: () => sites.list(),
    getSite: requireSite,
    countSites: () => sites.count(),
    async listKeys(siteId: string): Promise<ApiKey[]> {
      await requireSite(siteId)
      return keys.list(siteId)
    },
    async createKey(siteId: string, kind: unknown, label: unknown = ''): Promise<ApiKey & { key: string }> {
      await requireSite(siteId)
      if (typeof kind !== 'string' || !(KEY_KINDS as readonly string[]).includes(kind)) {
        throw new AppError('invalid_body', `kind must be one of ${KEY_KINDS.join(', ')}`, [
          { field: 'kind', reason: `must be one of ${KEY_KINDS.join(', ')}` },
        ])
      }
      if (typeof label !== 'string' || label.length > 200) {
        throw new AppError('invalid_body', 'label must be a string of at most 200 characters', [
          { field: 'label', reason: 'must be a string of at most 200 characters' },
        ])
      }
      return keys.create(siteId, kind as KeyKind, label)
    },
    async revokeKey(siteId: string, keyId: string): Promise<ApiKey> {
      await requireSite(siteId)
      const revoked = await keys.revoke(siteId, keyId)
      if (!revoked) {
        throw new AppError('not_found', `Key ${keyId} does not exist on site ${siteId}`, [
          { field: 'key', reason: 'not found' },
        ])
      }
      return revoked
    },
  }
}

export type SiteAdmin = ReturnType<typeof createSiteAdmin>
