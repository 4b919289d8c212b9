import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ChildSpec {
  name: string
  args: readonly string[]
  env: NodeJS.ProcessEnv
  cwd: string
}

export interface ServerChild {
  name: string
  pid: number
  /** Everything the child wrote to stdout so far (its stderr goes to ours, prefixed). */
  output(): string
  /** Resolves with the first match of `pattern` in stdout; rejects if the child exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>
  /** SIGTERM (the server flushes and exits), SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<void>
}

/**
 * The benchmark's child processes and temporary directories, so that every exit path (normal
 * end, error, Ctrl-C) can end the children it started and remove what it made.
 */
export function createProcessGroup() {
  const children = new Set<ChildProcess>()
  const dirs = new Set<string>()

  function tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.add(dir)
    return dir
  }

  function start(spec: ChildSpec): ServerChild {
    const child = spawn(process.execPath, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const pid = child.pid
    if (pid === undefined) throw new Error(`${spec.name} could not be started`)
    children.add(child)
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        children.delete(child)
        resolve()
      })
    })
    let out = ''
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      out += chunk
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) process.stderr.write(`[${spec.name}] ${line}\n`)
    })

    const isRunning = () => child.exitCode === null && child.signalCode === null

    return {
      name: spec.name,
      pid,
      output: () => out,
      async waitFor(pattern, timeoutMs) {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const match = pattern.exec(out)
          if (match) return match
          if (!isRunning()) throw new Error(`${spec.name} exited before printing ${pattern}:\n${out}`)
          if (Date.now() > deadline) throw new Error(`${spec.name} did not print ${pattern} in time:\n${out}`)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      },
      async stop(graceMs) {
        if (!isRunning()) return
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exited
        clearTimeout(timer)
      },
    }
  }

  /** Synchronous last resort for `exit` and signal handlers: SIGKILL every child, remove dirs. */
  function killAllSync(): void {
    for (const child of children) child.kill('SIGKILL')
    children.clear()
    removeDirs()
  }

  function removeDirs(): void {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    dirs.clear()
  }

  return { tempDir, start, killAllSync, removeDirs }
}

export type ProcessGroup = ReturnType<typeof createProcessGroup>
