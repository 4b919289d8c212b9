import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const DASHBOARD_SRC = join(REPO, 'dashboard', 'src')

/** `import … from '…/src/…'` lines of a file that bring values, not only types. */
function runtimeImportsOfServerCode(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const imports = text.match(/^import\s[^;]*?from\s+'[^']+'/gms) ?? []
  return imports
    .filter((line) => !/^import\s+type\s/.test(line))
    .map((line) => /from\s+'([^']+)'/.exec(line)?.[1] ?? '')
    .filter((from) => /(^|\/)\.\.\/.*\/src\//.test(from))
}

describe('the choices the dashboard shares with the server', () => {
  it('import nothing, so the dashboard bundles them without zod', () => {
    const text = readFileSync(fileURLToPath(new URL('./choices.ts', import.meta.url)), 'utf8')
    expect(text).not.toMatch(/^\s*import\s/m)
  })

  it('are, with the permissions, the only server code the dashboard runs', () => {
    const files = readdirSync(DASHBOARD_SRC, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => join(DASHBOARD_SRC, f))
    const used = new Set(
      files.flatMap((f) => runtimeImportsOfServerCode(f).map((from) => from.replace(/^(\.\.\/)+/, ''))),
    )
    expect([...used].sort()).toEqual(['src/accounts/permissions.ts', 'src/schema/choices.ts'])
  })
})
