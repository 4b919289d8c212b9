import { type FormEvent, useId, useState } from 'react'
import { ApiError } from '../../api/http.ts'
import { ErrorNote } from '../../components/states.tsx'
import { type FieldErrors, fieldErrors } from '../../lib/field-errors.ts'
import { useApi } from '../../session/session.tsx'

const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const
type Field = (typeof FIELDS)[number]

const LABELS: Record<Field, string> = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  repeat: 'New password again',
}

const AUTOCOMPLETE: Record<Field, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  repeat: 'new-password',
}

const NO_ERRORS: FieldErrors<Field> = { byField: {}, other: null }

/**
 * `POST /auth/password`: the current password and a new one. The server checks both (a 400
 * names the field at fault) and signs out every other session of the user; this one stays.
 */
export function PasswordForm() {
  const api = useApi()
  const id = useId()
  const [form, setForm] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    repeat: '',
  })
  const [errors, setErrors] = useState<FieldErrors<Field>>(NO_ERRORS)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setDone(false)
    if (form.newPassword !== form.repeat) {
      setErrors({ byField: { repeat: 'differs from the new password' }, other: null })
      return
    }
    setBusy(true)
    try {
      await api.auth.changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword })
      setErrors(NO_ERRORS)
      setForm({ currentPassword: '', newPassword: '', repeat: '' })
      setDone(true)
    } catch (err) {
      const split = fieldErrors(err, FIELDS)
      setErrors(
        split.other instanceof ApiError && split.other.status === 429
          ? { byField: {}, other: new Error('Too many wrong passwords; wait a few minutes and try again.') }
          : split,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="password-form">
      <h2 id={`${id}-title`}>Change your password</h2>
      <p className="muted">Changing it signs you out everywhere else; this browser stays signed in.</p>
      <form className="stack narrow-form" onSubmit={submit} noValidate>
        {FIELDS.map((field) => {
          const problem = errors.byField[field]
          return (
            <label key={field}>
              {LABELS[field]}
              <input
                name={field}
                type="password"
                autoComplete={AUTOCOMPLETE[field]}
                required
                value={form[field]}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-${field}-error` : undefined}
                onChange={(e) => {
                  setForm({ ...form, [field]: e.target.value })
                  if (problem) setErrors({ ...errors, byField: { ...errors.byField, [field]: undefined } })
                }}
              />
              {problem ? (
                <span className="field-error" id={`${id}-${field}-error`} data-testid={`${field}-error`}>
                  {LABELS[field]} {problem}.
                </span>
              ) : null}
            </label>
          )
        })}
        {errors.other ? <ErrorNote error={errors.other} /> : null}
        <div>
          <button
            type="submit"
            className="button-primary"
            disabled={busy || !form.currentPassword || !form.newPassword}
          >
            {busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
        {done ? (
          <p className="notice" role="status" data-testid="password-changed">
            Your password is changed. Your other sessions are signed out.
          </p>
        ) : null}
      </form>
    </section>
  )
}
