import { readFileSync } from 'node:fs'

export interface ProcessMemory {
  /** VmHWM: the peak resident set size since the process started. */
  peak_rss_mb: number
  /** VmRSS: the resident set size now. */
  rss_mb: number
}

/** Reads a live process's memory from `/proc/<pid>/status` (Linux); null when it is gone. */
export function readProcessMemory(pid: number): ProcessMemory | null {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match?.[1] ? Number(match[1]) : Number.NaN
  }
  return { peak_rss_mb: round1(kb('VmHWM') / 1024), rss_mb: round1(kb('VmRSS') / 1024) }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
