import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Embedded stores belong to one process; the lock file says which, and how to reach it. */
export interface LockInfo {
  pid: number
  host: string
  port: number | null
  /** Local admin token for CLI commands that go through the running server. */
  token: string
}

export const LOCK_FILE = 'stepwise.lock'

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The lock of a live process, or null when there is none or its owner is gone. */
export function readLock(dataDir: string): LockInfo | null {
  let text: string
  try {
    text = readFileSync(lockPath(dataDir), 'utf8')
  } catch {
    return null
  }
  try {
    const info = JSON.parse(text) as LockInfo
    return typeof info.pid === 'number' && info.pid !== process.pid && isAlive(info.pid) ? info : null
  } catch {
    return null
  }
}

/** Takes the data directory for this process, or says which process holds it. */
export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid'>): LockInfo {
  mkdirSync(dataDir, { recursive: true })
  const lock: LockInfo = { pid: process.pid, ...info }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Exclusive create: of two processes starting at once, exactly one gets the directory.
      writeFileSync(lockPath(dataDir), JSON.stringify(lock), { mode: 0o600, flag: 'wx' })
      return lock
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const holder = readLock(dataDir)
    if (holder) {
      throw new Error(
        `The data directory ${dataDir} is in use by Stepwise process ${holder.pid}` +
          (holder.port ? ` on port ${holder.port}` : '') +
          '; stop it first or use another --data-dir',
      )
    }
    // The holder is gone (killed or crashed): the lock is stale.
    rmSync(lockPath(dataDir), { force: true })
  }
  throw new Error(`Could not take the lock on ${dataDir}; another Stepwise process is starting there`)
}

export function writeLock(dataDir: string, lock: LockInfo): void {
  const tmp = `${lockPath(dataDir)}.${process.pid}.tmp`
  // Owner-only: the token grants instance administration.
  writeFileSync(tmp, JSON.stringify(lock), { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, lockPath(dataDir))
}

export function releaseLock(dataDir: string): void {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo
    if (info.pid === process.pid) rmSync(lockPath(dataDir), { force: true })
  } catch {
    // Already gone.
  }
}
