// `node --import tsx bench/summarise-cpu-profile.ts FILE.cpuprofile [TOP] [FROM_S-TO_S]`: self and
// total time per function and self time per file of a `--cpu-prof` profile (as written by
// BENCH_PROFILE=1), optionally only for the samples between FROM_S and TO_S seconds after the
// profile started (the report's `profile_windows` gives each measured run's window).
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  total_ms: number
  idle_ms: number
  by_function_self: Array<{ name: string; self_ms: number; pct: number }>
  by_function_total: Array<{ name: string; total_ms: number; pct: number }>
  by_file_self: Array<{ file: string; self_ms: number; pct: number }>
}

/** Sums sample time per node, then per function (self and inclusive) and per source file. */
export function summariseCpuProfile(
  profile: CpuProfile,
  top: number,
  window: { fromS: number; toS: number } | null = null,
  root = process.cwd(),
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const selfUs = new Map<number, number>()
  let at = 0
  for (const [i, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (window && (at < window.fromS * 1e6 || at > window.toS * 1e6)) continue
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta)
  }
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url ? shorten(n.callFrame.url, root) : '(native)'
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`
  }
  const fnSelf = new Map<string, number>()
  const fnTotal = new Map<string, number>()
  const fileSelf = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)
    if (!node) continue
    total += us
    if (node.callFrame.functionName === '(idle)') idle += us
    const name = label(node)
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + us)
    const file = node.callFrame.url ? shorten(node.callFrame.url, root) : node.callFrame.functionName
    fileSelf.set(file, (fileSelf.get(file) ?? 0) + us)
    // Inclusive time: each distinct function on the stack once (recursion counted once).
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)
      if (!n) break
      const l = label(n)
      if (seen.has(l)) continue
      seen.add(l)
      fnTotal.set(l, (fnTotal.get(l) ?? 0) + us)
    }
  }
  const busy = total - idle
  const pct = (us: number) => (busy > 0 ? Math.round((us / busy) * 1000) / 10 : 0)
  const ms = (us: number) => Math.round(us / 100) / 10
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
  return {
    total_ms: ms(total),
    idle_ms: ms(idle),
    by_function_self: sorted(fnSelf).map(([name, us]) => ({ name, self_ms: ms(us), pct: pct(us) })),
    by_function_total: sorted(fnTotal).map(([name, us]) => ({ name, total_ms: ms(us), pct: pct(us) })),
    by_file_self: sorted(fileSelf).map(([file, us]) => ({ file, self_ms: ms(us), pct: pct(us) })),
  }
}

function shorten(url: string, root: string): string {
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  return path.startsWith('/') ? relative(root, path) : path
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [file, top, range] = process.argv.slice(2)
  if (!file) {
    process.stderr.write('usage: summarise-cpu-profile.ts FILE.cpuprofile [TOP] [FROM_S-TO_S]\n')
    process.exit(2)
  }
  const [fromS, toS] = (range ?? '').split('-').map(Number)
  const window = fromS !== undefined && toS !== undefined && toS > fromS ? { fromS, toS } : null
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(
    `${JSON.stringify(summariseCpuProfile(profile, Number(top ?? 30), window), null, 1)}\n`,
  )
}
