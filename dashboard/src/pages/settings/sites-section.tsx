import { type FormEvent, useState } from 'react'
import type { CreatedSite } from '../../api/api-types.ts'
import { ErrorNote } from '../../components/states.tsx'
import { formatDateTime } from '../../format/format.ts'
import { navigate } from '../../router/router.tsx'
import { useApi, useMe, useSession } from '../../session/session.tsx'
import { CopyButton } from './copy-button.tsx'

/** The sites the user has a role on; an instance administrator creates new ones. */
export function SitesSection() {
  const api = useApi()
  const me = useMe()
  const { refresh } = useSession()
  const [form, setForm] = useState({
    domain: '',
    name: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  })
  const [created, setCreated] = useState<CreatedSite | null>(null)
  const [error, setError] = useState<Error | null>(null)

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      const result = await api.sites.create({
        domain: form.domain,
        name: form.name || undefined,
        timezone: form.timezone,
      })
      setCreated(result)
      setForm({ ...form, domain: '', name: '' })
      await refresh()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  return (
    <section className="card" aria-labelledby="sites-title" data-testid="settings-sites">
      <h2 id="sites-title">Sites</h2>
      {me.sites.length === 0 ? <p className="muted">No sites yet.</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Domain</th>
            <th scope="col">Time zone</th>
            <th scope="col">Your role</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {me.sites.map(({ site, role }) => (
            <tr key={site.id}>
              <th scope="row">
                <button
                  type="button"
                  className="button-link"
                  onClick={() => navigate(`/settings?site=${encodeURIComponent(site.id)}`)}
                >
                  {site.name}
                </button>{' '}
                <code className="muted">{site.id}</code>
              </th>
              <td>{site.domain}</td>
              <td>{site.timezone}</td>
              <td>{role}</td>
              <td>{formatDateTime(site.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {me.user.instanceAdmin ? (
        <form className="row wrap" onSubmit={create} aria-label="New site">
          <input
            aria-label="Domain"
            placeholder="shop.example.com"
            required
            value={form.domain}
            onChange={(e) => setForm({ ...form, domain: e.target.value })}
          />
          <input
            aria-label="Site name"
            placeholder="Name (optional)"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <input
            aria-label="Time zone"
            placeholder="Europe/Berlin"
            value={form.timezone}
            onChange={(e) => setForm({ ...form, timezone: e.target.value })}
          />
          <button type="submit">Create site</button>
        </form>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
      {created ? (
        <div className="secret-box" role="status">
          <p>
            Created <strong>{created.site.name}</strong>. Its admin key is shown only now; keep it safe:
          </p>
          <p>
            <code data-testid="new-site-secret">{created.secretKey}</code>{' '}
            <CopyButton text={created.secretKey} />
          </p>
          <p>
            Write key for the tracker: <code>{created.writeKey}</code>
          </p>
        </div>
      ) : null}
    </section>
  )
}
