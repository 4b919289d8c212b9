import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Goal } from '../src/schema/goal.ts'
import {
  type CliResult,
  cleanupServers,
  type FreshServer,
  makeTempDir,
  runCli,
  startFreshServer,
} from './support/server-process.ts'

/*
 * `stepwise goals` as a user runs it, on a data directory no server holds (the CLI opens the stores)
 * and through a running server: the same steps, the same answers.
 */

const INJECTION = `x'); DROP TABLE goals; --`

afterAll(async () => {
  await cleanupServers()
})

/** A failure is exactly one line on stderr, starting with `stepwise:`, and a non-zero exit. */
function expectOneLineError(res: CliResult, ...mentions: string[]): void {
  expect(res.code, res.stderr).not.toBe(0)
  expect(res.code).not.toBeNull()
  expect(res.stdout).toBe('')
  const lines = res.stderr.split('\n').filter((l) => l !== '')
  expect(lines, res.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^stepwise: /)
  for (const m of mentions) expect(lines[0]).toContain(m)
}

interface Mode {
  dataDir: string
  siteId: string
  /** When a server runs: reads the site's goals over HTTP with its admin key. */
  listOverHttp?: () => Promise<Goal[]>
}

/** The same user session in both modes. */
function goalsSession(name: string, setup: () => Promise<Mode>) {
  // Every command is a fresh Node process (opening the embedded stores without a server).
  describe(name, { timeout: 120_000 }, () => {
    let mode: Mode
    const files = makeTempDir('stepwise-goals-')
    const cli = (...args: string[]) => runCli([...args, '--data-dir', mode.dataDir])
    const ok = async (...args: string[]): Promise<string> => {
      const res = await cli(...args)
      expect(res.stderr, `stepwise ${args.join(' ')}`).toBe('')
      expect(res.code, `stepwise ${args.join(' ')}`).toBe(0)
      return res.stdout
    }
    const listJson = async () =>
      JSON.parse(await ok('goals', 'list', '--site', mode.siteId, '--json')) as Goal[]

    beforeAll(async () => {
      mode = await setup()
    })

    it('adds an event goal with a value and a page goal, and lists them as a table', async () => {
      const signup = JSON.parse(
        await ok(
          'goals',
          'add',
          '--site',
          mode.siteId,
          '--name',
          'Signed up',
          '--kind',
          'macro',
          '--event',
          'Signed Up',
          '--value',
          '29.5',
          '--currency',
          'EUR',
          '--json',
        ),
      ) as Goal
      expect(signup).toMatchObject({
        id: expect.stringMatching(/^goal_/),
        name: 'Signed up',
        kind: 'macro',
        match: { type: 'event', event: 'Signed Up' },
        value: { fixed: 29.5, currency: 'EUR' },
        counting: 'once_per_visitor',
      })
      expect(
        await ok(
          'goals',
          'add',
          '--site',
          mode.siteId,
          '--name',
          'Pricing',
          '--kind',
          'micro',
          '--page',
          '/pricing',
          '--path-match',
          'prefix',
          '--counting',
          'once_per_session',
        ),
      ).toContain('Created micro goal "Pricing"')

      const table = (await ok('goals', 'list', '--site', mode.siteId)).split('\n')
      expect(table[0]).toMatch(/^NAME\s+KIND\s+MATCH\s+COUNTING\s+VALUE$/)
      expect(table[1]).toMatch(/^Signed up\s+macro\s+event "Signed Up"\s+once_per_visitor\s+29\.5 EUR$/)
      expect(table[2]).toMatch(/^Pricing\s+micro\s+page \/pricing \(prefix\)\s+once_per_session\s+-$/)
      if (mode.listOverHttp)
        expect((await mode.listOverHttp()).map((g) => g.name)).toEqual(['Signed up', 'Pricing'])
    })

    it('refuses a bad goal with one line naming the field', async () => {
      const definition = JSON.stringify({
        type: 'event',
        event: 'Paid',
        conditions: [{ property: 'total', op: 'gt', value: 'ten' }],
      })
      const add = ['goals', 'add', '--site', mode.siteId, '--name', 'Paid', '--kind', 'macro']
      expectOneLineError(
        await cli(...add, '--definition', definition),
        'match.conditions.0.value must be a number',
      )
      expectOneLineError(
        await cli(...add, '--event', 'Paid', '--kind', 'mega'),
        'kind must be micro or macro',
      )
      expectOneLineError(await cli(...add, '--event', 'x', '--page', '/x'), 'exactly one of --event')
      expectOneLineError(
        await cli(...add.slice(0, 5), 'Pricing', '--kind', 'micro', '--event', 'x'),
        'name',
        'Pricing',
      )
      expectOneLineError(await cli(...add, '--event', 'x', 'stray'), 'stray')
      expect((await listJson()).map((g) => g.name)).toEqual(['Signed up', 'Pricing'])
    })

    it('exports YAML, imports an edited file (created, updated, unchanged), and again unchanged', async () => {
      const file = join(files, 'goals.yaml')
      expect(await ok('goals', 'export', file, '--site', mode.siteId)).toContain('Exported 2 goals')
      const exported = readFileSync(file, 'utf8')
      expect(exported).toContain('goals:\n  - name: Signed up\n')
      expect(exported).not.toMatch(/goal_|createdAt|siteId/)

      // Export then import unchanged: nothing to do.
      expect(await ok('goals', 'import', file, '--site', mode.siteId)).toContain(
        '0 created, 0 updated, 2 unchanged',
      )

      const edited = `${exported.replace('counting: once_per_session', 'counting: every_time')}  - name: ${JSON.stringify(INJECTION)}
    kind: micro
    match:
      type: engagement
      metric: scroll_depth
      threshold: 75
`
      writeFileSync(file, edited)
      expect(await ok('goals', 'import', file, '--site', mode.siteId)).toContain(
        '1 created, 1 updated, 1 unchanged',
      )
      expect(await ok('goals', 'import', file, '--site', mode.siteId)).toContain(
        '0 created, 0 updated, 3 unchanged',
      )
      const goals = await listJson()
      expect(goals.map((g) => [g.name, g.counting])).toEqual([
        ['Signed up', 'once_per_visitor'],
        ['Pricing', 'every_time'],
        [INJECTION, 'once_per_visitor'],
      ])
      if (mode.listOverHttp) expect((await mode.listOverHttp()).map((g) => g.name)).toContain(INJECTION)
    })

    it('exports JSON to standard output that imports back unchanged', async () => {
      const text = await ok('goals', 'export', '-', '--format', 'json', '--site', mode.siteId)
      const file = JSON.parse(text) as { goals: Array<Record<string, unknown>> }
      expect(file.goals.map((g) => g.name)).toEqual(['Signed up', 'Pricing', INJECTION])
      const path = join(files, 'goals.json')
      writeFileSync(path, text)
      const result = JSON.parse(await ok('goals', 'import', path, '--site', mode.siteId, '--json')) as {
        unchanged: number
      }
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 3 })
    })

    it('refuses a bad file with one line naming the goal, the field and the line, storing nothing', async () => {
      const bad = join(files, 'bad.yaml')
      writeFileSync(
        bad,
        'goals:\n  - name: New one\n    kind: micro\n    match: { type: page, path: { pattern: /new } }\n  - name: Broken\n    kind: micro\n    match:\n      type: event\n      event: ""\n',
      )
      expectOneLineError(
        await cli('goals', 'import', bad, '--site', mode.siteId),
        'goals.1.match.event',
        'line 9',
      )
      writeFileSync(bad, 'goals:\n  - name: A\n    name: B\n')
      expectOneLineError(await cli('goals', 'import', bad, '--site', mode.siteId), 'not valid YAML', 'line 3')
      expectOneLineError(
        await cli('goals', 'import', join(files, 'missing.yaml'), '--site', mode.siteId),
        'missing.yaml',
      )
      expect((await listJson()).map((g) => g.name)).not.toContain('New one')
    })

    it('removes a goal by its exact name', async () => {
      expect(await ok('goals', 'remove', '--site', mode.siteId, '--goal', INJECTION)).toContain(
        `Removed goal "${INJECTION}"`,
      )
      expect((await listJson()).map((g) => g.name)).toEqual(['Signed up', 'Pricing'])
      expectOneLineError(
        await cli('goals', 'remove', '--site', mode.siteId, '--goal', INJECTION),
        'does not exist',
      )
    })
  })
}

goalsSession('goals without a server', async () => {
  const dataDir = join(makeTempDir(), 'data')
  const res = await runCli([
    'sites',
    'create',
    '--domain',
    'shop.example.com',
    '--json',
    '--data-dir',
    dataDir,
  ])
  expect(res.code, res.stderr).toBe(0)
  return { dataDir, siteId: (JSON.parse(res.stdout) as { id: string }).id }
})

goalsSession('goals through a running server', async () => {
  const fresh: FreshServer = await startFreshServer()
  return {
    dataDir: fresh.server.dataDir,
    siteId: fresh.siteId,
    async listOverHttp() {
      const res = await fetch(`${fresh.server.baseUrl}/api/v1/sites/${fresh.siteId}/goals`, {
        headers: { authorization: `Bearer ${fresh.secretKey}` },
      })
      return ((await res.json()) as { goals: Goal[] }).goals
    },
  }
})
