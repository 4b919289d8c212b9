import { type FormEvent, useState } from 'react'
import { SITE_ROLES } from '../../../../src/schema/choices.ts'
import type { SiteMember, SiteRole, UserWithRoles } from '../../api/api-types.ts'
import { ApiError } from '../../api/http.ts'
import { AsyncView, ErrorNote } from '../../components/states.tsx'
import { useResource } from '../../lib/use-resource.ts'
import { useApi, useCurrentSite, useMe } from '../../session/session.tsx'

/**
 * Who may use the open site and with which role (viewer reads, editor also changes goals and
 * funnels, admin also manages keys and users); instance administrators also see every user.
 */
export function UsersSection() {
  const api = useApi()
  const me = useMe()
  const { site } = useCurrentSite()
  const members = useResource<SiteMember[]>(() => api.users.ofSite(site.id).then((r) => r.users), [site.id])
  const everyone = useResource<UserWithRoles[] | null>(
    () => (me.user.instanceAdmin ? api.users.listAll().then((r) => r.users) : Promise.resolve(null)),
    [me.user.instanceAdmin],
  )
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'viewer' as SiteRole })
  const [error, setError] = useState<Error | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const act = async (what: () => Promise<unknown>, done: string) => {
    setError(null)
    setMessage(null)
    try {
      await what()
      setMessage(done)
      members.reload()
      everyone.reload()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  const add = (event: FormEvent) => {
    event.preventDefault()
    void act(async () => {
      try {
        await api.users.createOnSite(site.id, form)
      } catch (err) {
        // Someone with this address exists already: give them the role instead.
        if (!(err instanceof ApiError && err.status === 409)) throw err
        await api.users.setRole(site.id, form.email, form.role)
      }
      setForm({ email: '', name: '', password: '', role: form.role })
    }, `${form.email} is now ${form.role} of ${site.name}.`)
  }

  return (
    <section className="card" aria-labelledby="users-title" data-testid="settings-users">
      <h2 id="users-title">Users of {site.name}</h2>
      <AsyncView
        resource={members}
        isEmpty={(m) => m.length === 0}
        empty={<p className="muted">Nobody has a role on this site yet.</p>}
      >
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map(({ user, role }) => (
                <tr key={user.id} data-testid="member-row" data-email={user.email}>
                  <th scope="row">
                    {user.name || user.email} <span className="muted">{user.name ? user.email : ''}</span>
                  </th>
                  <td>
                    <select
                      aria-label={`Role of ${user.email}`}
                      value={role}
                      onChange={(e) =>
                        void act(
                          () => api.users.setRole(site.id, user.id, e.target.value as SiteRole),
                          `${user.email} is now ${e.target.value}.`,
                        )
                      }
                    >
                      {SITE_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button-quiet danger"
                      onClick={() =>
                        void act(
                          () => api.users.removeRole(site.id, user.id),
                          `${user.email} no longer has a role here.`,
                        )
                      }
                    >
                      Remove from site
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </AsyncView>
      <form className="row wrap" onSubmit={add} aria-label="Add a user">
        <input
          aria-label="E-mail"
          type="email"
          placeholder="e-mail"
          required
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
        />
        <input
          aria-label="Name"
          placeholder="name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
        <input
          aria-label="Initial password"
          type="password"
          placeholder="initial password (10+ characters)"
          autoComplete="new-password"
          minLength={10}
          required
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        <select
          aria-label="Role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as SiteRole })}
        >
          {SITE_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit">Add user</button>
      </form>
      {error ? <ErrorNote error={error} /> : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {everyone.data ? (
        <details>
          <summary>All users ({everyone.data.length})</summary>
          <table className="table">
            <tbody>
              {everyone.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>
                    {u.instanceAdmin
                      ? 'instance administrator'
                      : `${u.roles.length} site role${u.roles.length === 1 ? '' : 's'}`}
                  </td>
                  <td>
                    {u.id !== me.user.id ? (
                      <button
                        type="button"
                        className="button-quiet danger"
                        onClick={() => {
                          if (window.confirm(`Delete the user ${u.email}? Their sessions end at once.`))
                            void act(() => api.users.remove(u.id), `${u.email} was deleted.`)
                        }}
                      >
                        Delete user
                      </button>
                    ) : (
                      <span className="muted">you</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  )
}
