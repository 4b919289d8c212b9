import { createHash } from 'node:crypto'
import { Hono } from 'hono'

/**
 * `GET /setup?token=…` while the dashboard is not built (it has its own set-up page): the page the
 * first-start link opens. It posts the form to `POST /api/v1/auth/setup`; the token never leaves
 * this origin (no referrer, nothing loaded from elsewhere).
 */
export function createSetupPageRoutes() {
  const app = new Hono()
  app.get('/setup', (c) => {
    c.header(
      'content-security-policy',
      `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
    )
    c.header('referrer-policy', 'no-referrer')
    c.header('cache-control', 'no-store')
    return c.html(SETUP_PAGE)
  })
  return app
}

const SCRIPT = `
  const form = document.getElementById('setup')
  const result = document.getElementById('result')
  const token = new URLSearchParams(location.search).get('token') || ''
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const data = Object.fromEntries(new FormData(form))
    const res = await fetch('/api/v1/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...data }),
    })
    const body = await res.json()
    if (res.ok) {
      form.hidden = true
      result.textContent = 'Done: you are signed in as ' + body.user.email + '.'
    } else {
      result.textContent = body.error.message
    }
  })
`
/** The one script the page may run, named by its hash in the Content-Security-Policy. */
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64')

const SETUP_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Stepwise</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; }
  label { display: block; margin-top: 1rem; }
  input { width: 100%; padding: .4rem; font: inherit; box-sizing: border-box; }
  button { margin-top: 1.5rem; padding: .5rem 1rem; font: inherit; }
  #result { margin-top: 1rem; }
</style>
<h1>Set up Stepwise</h1>
<p>Create the administrator account. This link works once.</p>
<form id="setup">
  <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
  <label>Name <input name="name" autocomplete="name"></label>
  <label>Password (at least 10 characters)
    <input name="password" type="password" autocomplete="new-password" minlength="10" required></label>
  <button>Create administrator</button>
</form>
<p id="result" role="status"></p>
<script>${SCRIPT}</script>
</html>
`
