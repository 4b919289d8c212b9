import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDashboardBuilt } from '../dashboard/build.ts'
import { launchBrowser } from './support/browser.ts'
import { ADMIN, ARTIFACTS, contextOptions, shot, signIn } from './support/dashboard-e2e.ts'
import { cleanupServers, type ServerProcess, startServer } from './support/server-process.ts'

/*
 * Your own password, changed in the dashboard: the server's refusals beside their fields, then
 * the new password signs in and the old one no longer does; your other sessions end, this one
 * stays (POST /api/v1/auth/password).
 */

const EDITOR = { email: 'edna@example.com', name: 'Edna', password: 'the first long password' }
const NEW_PASSWORD = 'a second, longer password'

let server: ServerProcess
let browser: Browser

const home = () => `${server.baseUrl}/?site=${server.siteId}`
const newContext = () => browser.newContext(contextOptions())

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  await ensureDashboardBuilt()
  server = await startServer({
    env: { STEPWISE_ADMIN_EMAIL: ADMIN.email, STEPWISE_ADMIN_PASSWORD: ADMIN.password },
  })
  const res = await fetch(`${server.baseUrl}/api/v1/sites/${server.siteId}/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...EDITOR, role: 'editor' }),
  })
  if (res.status !== 201) throw new Error(`creating the editor answered ${res.status}: ${await res.text()}`)
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await cleanupServers()
})

const nav = (p: Page, section: string) =>
  p.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true })

async function fillPasswords(p: Page, current: string, next: string, repeat = next) {
  const form = p.getByTestId('password-form')
  await form.locator('input[name=currentPassword]').fill(current)
  await form.locator('input[name=newPassword]').fill(next)
  await form.locator('input[name=repeat]').fill(repeat)
  await form.getByRole('button', { name: 'Change password' }).click()
}

describe('your account in Chromium', { timeout: 90_000 }, () => {
  it('changes your password: the new one signs in, the old one not, your other session ends', async () => {
    const elsewhere = await signIn(await newContext(), EDITOR, home())
    const p = await signIn(await newContext(), EDITOR, home())

    await p.getByTestId('account-link').click()
    await p.waitForURL(/\/account/)
    await p.getByRole('heading', { name: 'Your account' }).waitFor()
    expect(await p.getByTestId('account-details').textContent()).toContain(EDITOR.email)

    // What the server refuses, beside the field it names.
    await fillPasswords(p, 'not my password at all', NEW_PASSWORD)
    await p.getByTestId('currentPassword-error').waitFor()
    expect(await p.getByTestId('currentPassword-error').textContent()).toBe(
      'Current password is not your current password.',
    )
    expect(await p.locator('input[name=currentPassword]').getAttribute('aria-invalid')).toBe('true')
    await fillPasswords(p, EDITOR.password, 'short')
    expect(await p.getByTestId('newPassword-error').textContent()).toBe(
      'New password must be at least 10 characters.',
    )
    expect(await p.getByTestId('currentPassword-error').count()).toBe(0)
    // The repetition is checked here, before anything is sent.
    await fillPasswords(p, EDITOR.password, NEW_PASSWORD, `${NEW_PASSWORD}!`)
    expect(await p.getByTestId('repeat-error').textContent()).toBe(
      'New password again differs from the new password.',
    )
    await shot(p, 'account-errors')

    await fillPasswords(p, EDITOR.password, NEW_PASSWORD)
    await p.getByTestId('password-changed').waitFor()
    expect(await p.locator('input[name=currentPassword]').inputValue()).toBe('')
    await shot(p, 'account')

    // This browser stays signed in; the other session has ended.
    await nav(p, 'Goals').click()
    await p.getByRole('heading', { name: 'Goals' }).waitFor()
    await nav(elsewhere, 'Goals').click()
    await elsewhere.getByText('Your session has ended. Sign in again.').waitFor()

    await p.getByRole('button', { name: 'Sign out' }).click()
    await p.locator('input[name=email]').waitFor()
    await p.locator('input[name=email]').fill(EDITOR.email)
    await p.locator('input[name=password]').fill(EDITOR.password)
    await p.locator('button[type=submit]').click()
    await p.getByRole('alert').getByText('The e-mail address or the password is wrong').waitFor()
    expect(await p.getByTestId('site-switcher').count()).toBe(0)

    await p.locator('input[name=password]').fill(NEW_PASSWORD)
    await p.locator('button[type=submit]').click()
    await p.getByTestId('site-switcher').waitFor()
    expect(await p.getByTestId('account-link').textContent()).toBe(EDITOR.name)
  })
})
