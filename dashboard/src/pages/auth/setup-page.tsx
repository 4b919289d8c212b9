import { type FormEvent, useState } from 'react'
import { navigate, useLocation } from '../../router/router.tsx'
import { useSession } from '../../session/session.tsx'

/** The first administrator, from the one-time link `serve` prints (`/setup?token=…`). */
export function SetupPage() {
  const { setup } = useSession()
  const { params } = useLocation()
  const token = params.get('token') ?? ''
  const [form, setForm] = useState({ email: '', name: '', password: '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await setup({ token, ...form })
      navigate('/', { replace: true })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setBusy(false)
    }
  }

  return (
    <main className="centered auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Stepwise</h1>
        <p>Create the administrator account. This link works once.</p>
        {!token ? <p className="form-error">This page needs the link printed by “stepwise serve”.</p> : null}
        <label>
          E-mail
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label>
          Name
          <input
            name="name"
            autoComplete="name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          Password (at least 10 characters)
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={busy || !token}>
          Create administrator
        </button>
      </form>
    </main>
  )
}
