import { type FormEvent, useState } from 'react'
import { KEY_KINDS } from '../../../../src/schema/choices.ts'
import type { ApiKey, CreatedKey, KeyKind } from '../../api/api-types.ts'
import { AsyncView, ErrorNote } from '../../components/states.tsx'
import { formatDateTime } from '../../format/format.ts'
import { KEY_LABELS } from '../../lib/option-labels.ts'
import { useResource } from '../../lib/use-resource.ts'
import { useApi, useCurrentSite } from '../../session/session.tsx'
import { CopyButton } from './copy-button.tsx'

/** The site's keys: create one (a secret is shown once), revoke one. */
export function KeysSection() {
  const api = useApi()
  const { site } = useCurrentSite()
  const keys = useResource<ApiKey[]>(() => api.keys.list(site.id).then((r) => r.keys), [site.id])
  const [kind, setKind] = useState<KeyKind>('read')
  const [label, setLabel] = useState('')
  const [created, setCreated] = useState<CreatedKey | null>(null)
  const [error, setError] = useState<Error | null>(null)

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      setCreated(await api.keys.create(site.id, { kind, label }))
      setLabel('')
      keys.reload()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  const revoke = async (key: ApiKey) => {
    if (
      !window.confirm(
        `Revoke the ${key.kind} key ${key.prefix}…${key.label ? ` (${key.label})` : ''}? It stops working at once.`,
      )
    )
      return
    setError(null)
    try {
      await api.keys.revoke(site.id, key.id)
      keys.reload()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <section className="card" aria-labelledby="keys-title" data-testid="settings-keys">
      <h2 id="keys-title">Keys</h2>
      <AsyncView resource={keys} isEmpty={(k) => k.length === 0} empty={<p className="muted">No keys.</p>}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Key</th>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr
                  key={k.id}
                  data-testid="key-row"
                  data-key-id={k.id}
                  data-key-label={k.label}
                  className={k.revokedAt ? 'revoked' : undefined}
                >
                  <td>{k.kind}</td>
                  <td>
                    <code>{k.publicKey ?? `${k.prefix}…`}</code>
                  </td>
                  <td>{k.label}</td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge" data-testid="key-revoked">
                        revoked {formatDateTime(k.revokedAt)}
                      </span>
                    ) : (
                      <button type="button" className="button-quiet danger" onClick={() => void revoke(k)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </AsyncView>
      <form className="row wrap" onSubmit={create} aria-label="New key">
        <select aria-label="Key kind" value={kind} onChange={(e) => setKind(e.target.value as KeyKind)}>
          {KEY_KINDS.map((k) => (
            <option key={k} value={k}>
              {KEY_LABELS[k]}
            </option>
          ))}
        </select>
        <input
          aria-label="Key label"
          placeholder="Label (optional)"
          maxLength={200}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="submit">Create key</button>
      </form>
      {error ? <ErrorNote error={error} /> : null}
      {created ? (
        <div className="secret-box" role="status" data-testid="new-key">
          <p>
            {created.kind === 'write'
              ? 'New write key (public):'
              : 'New secret key. It is shown only now and cannot be read again; keep it safe:'}
          </p>
          <p>
            <code data-testid="new-key-secret">{created.key}</code> <CopyButton text={created.key} />
          </p>
          <button type="button" className="button-quiet" onClick={() => setCreated(null)}>
            Done, hide it
          </button>
        </div>
      ) : null}
    </section>
  )
}
