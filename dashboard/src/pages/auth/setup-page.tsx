import { type FormEvent, type InputHTMLAttributes, useEffect, useState } from 'react'
import { ApiError } from '../../api/http.ts'
import { ErrorNote } from '../../components/states.tsx'
import { type FieldErrors, fieldErrors } from '../../lib/field-errors.ts'
import { navigate, useLocation } from '../../router/router.tsx'
import { useSession } from '../../session/session.tsx'

const FIELDS = ['email', 'name', 'password'] as const
type Field = (typeof FIELDS)[number]
const NO_ERRORS: FieldErrors<Field> = { byField: {}, other: null }

/**
 * The first administrator, from the one-time link `serve` prints (`/setup?token=…`). Once set up,
 * the token leaves the address bar and the history: the overview replaces this page.
 */
export function SetupPage() {
  const { setup } = useSession()
  const { params } = useLocation()
  const token = params.get('token') ?? ''
  const [form, setForm] = useState<Record<Field, string>>({ email: '', name: '', password: '' })
  const [errors, setErrors] = useState<FieldErrors<Field>>(NO_ERRORS)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    document.title = 'Set up Stepwise'
  }, [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setErrors(NO_ERRORS)
    try {
      await setup({ token, ...form })
      navigate('/', { replace: true })
    } catch (err) {
      setErrors(fieldErrors(err, FIELDS))
      setBusy(false)
    }
  }

  // A used or expired link, or an instance already set up: signing in is what is left.
  const linkDead =
    errors.other instanceof ApiError && (errors.other.status === 401 || errors.other.status === 409)

  const field = (name: Field, label: string, input: InputHTMLAttributes<HTMLInputElement>) => {
    const problem = errors.byField[name]
    return (
      <label>
        {label}
        <input
          name={name}
          {...input}
          value={form[name]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `setup-${name}-error` : undefined}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
        {problem ? (
          <span className="field-error" id={`setup-${name}-error`}>
            {label.replace(/ \(.*\)$/, '')} {problem}.
          </span>
        ) : null}
      </label>
    )
  }

  return (
    <main className="centered auth-page">
      <form
        className="card auth-card"
        onSubmit={submit}
        aria-labelledby="setup-title"
        data-testid="setup-form"
        // The server's rules, in its words beside each field, rather than the browser's bubbles.
        noValidate
      >
        <h1 id="setup-title">Set up Stepwise</h1>
        <p>Create the administrator account. This link works once.</p>
        {!token ? <p className="form-error">This page needs the link printed by “stepwise serve”.</p> : null}
        {field('email', 'E-mail', { type: 'email', autoComplete: 'username', required: true })}
        {field('name', 'Name', { autoComplete: 'name' })}
        {field('password', 'Password (at least 10 characters)', {
          type: 'password',
          autoComplete: 'new-password',
          required: true,
        })}
        {errors.other ? <ErrorNote error={errors.other} /> : null}
        {linkDead ? (
          <p>
            <a href="/login">Sign in instead</a>
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={busy || !token}>
          Create administrator
        </button>
      </form>
    </main>
  )
}
