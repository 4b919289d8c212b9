import { useEffect } from 'react'
import { formatDateTime } from '../../format/format.ts'
import { useMe } from '../../session/session.tsx'
import { PasswordForm } from './password-form.tsx'

/** Who you are signed in as, your roles, and your password. */
export function AccountPage() {
  const me = useMe()
  useEffect(() => {
    document.title = 'Your account · Stepwise'
  }, [])
  return (
    <div className="page">
      <div className="page-head">
        <h1>Your account</h1>
      </div>
      <section className="card" aria-labelledby="account-title" data-testid="account-details">
        <h2 id="account-title">{me.user.name || me.user.email}</h2>
        <dl className="facts">
          <dt>E-mail</dt>
          <dd>{me.user.email}</dd>
          <dt>Account created</dt>
          <dd>{formatDateTime(me.user.createdAt)}</dd>
          {me.user.instanceAdmin ? (
            <>
              <dt>Role</dt>
              <dd>Instance administrator: everything, on every site</dd>
            </>
          ) : null}
        </dl>
        {me.sites.length === 0 && !me.user.instanceAdmin ? (
          <p className="muted">You have no role on any site yet; an administrator can give you one.</p>
        ) : null}
        {me.sites.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Your role</th>
              </tr>
            </thead>
            <tbody>
              {me.sites.map(({ site, role }) => (
                <tr key={site.id}>
                  <th scope="row">
                    {site.name} <span className="muted">{site.domain}</span>
                  </th>
                  <td>{role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <PasswordForm />
    </div>
  )
}
