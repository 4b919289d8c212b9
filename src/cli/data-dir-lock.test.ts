import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireLock, lockPath, readLock, releaseLock } from './data-dir-lock.ts'

const dirs: string[] = []
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'stepwise-lock-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('data directory lock', () => {
  it('is created owner-only and released by its owner', () => {
    const dir = fresh()
    acquireLock(dir, { host: '127.0.0.1', port: null, token: 't' })
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600)
    releaseLock(dir)
    expect(() => statSync(lockPath(dir))).toThrow()
  })

  it('refuses a directory held by a live process and names it', () => {
    const dir = fresh()
    // The parent of this test process is alive and is not this process.
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: process.ppid, host: '127.0.0.1', port: 8787, token: 'x' }),
    )
    expect(() => acquireLock(dir, { host: '127.0.0.1', port: null, token: 't' })).toThrow(
      new RegExp(`process ${process.ppid} on port 8787`),
    )
    expect(readLock(dir)?.pid).toBe(process.ppid)
  })

  it('takes over the stale lock of a process that is gone', () => {
    const dir = fresh()
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: '127.0.0.1', port: 1, token: 'x' }),
    )
    expect(readLock(dir)).toBeNull()
    const lock = acquireLock(dir, { host: '127.0.0.1', port: null, token: 'mine' })
    expect(lock.pid).toBe(process.pid)
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, token: 'mine' })
  })
})
