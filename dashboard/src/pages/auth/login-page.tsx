import { type FormEvent, useState } from 'react'
import { ApiError } from '../../api/http.ts'
import { useSession } from '../../session/session.tsx'

/** Sign-in with e-mail and password; the page asked for opens once signed in. */
export function LoginPage({ expired }: { expired: boolean }) {
  const { login } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await login({ email, password })
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 429
          ? 'Too many attempts; wait a few minutes and try again.'
          : err instanceof Error
            ? err.message
            : String(err),
      )
      setBusy(false)
    }
  }

  return (
    <main className="centered auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Stepwise</h1>
        {expired ? <p className="notice">Your session has ended. Sign in again.</p> : null}
        <label>
          E-mail
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
