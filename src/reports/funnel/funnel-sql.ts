import type { Attribution, FunnelMode } from '../../schema/funnel.ts'
import { personKeyOfKeysSql, personLinkKeysJoinSql, userKeySql } from '../persons/person-sql.ts'

/**
 * A funnel ready to compile: each step's and exclusion's condition is SQL over one row of
 * `events` (see compileMatchCondition), with its parameters in `params`.
 */
export interface FunnelPlan {
  mode: FunnelMode
  windowMs: number
  steps: Array<{ condition: string; optional: boolean; withinMs: number | null }>
  /** `from` and `to` are 1-based step numbers of required steps. */
  exclusions: Array<{ condition: string; from: number; to: number }>
  breakdown: { expr: string; attribution: Attribution; step: number | null } | null
  params: Record<string, unknown>
  /** Only the members of this saved visitor list (its id goes in the `visitor_list` parameter). */
  visitorList?: boolean
  /**
   * How ordered funnels are evaluated. `auto` follows each step's first event after the previous
   * one (a pointer per step, O(steps) per attempt) unless a step has its own window, which needs
   * `sets`: every event that can validly be each step (O(steps × events) per attempt). Both give
   * the same answer where both apply; `sets` can be forced to check that.
   */
  evaluator?: 'auto' | 'sets'
}

/** Bits of the per-event mask: step k (1-based) is bit k−1, exclusion e (0-based) bit 20+e. */
export const EXCLUSION_BIT0 = 20

/**
 * The per-person evaluation as one SELECT over the `events` table: for each person (visitor ids
 * linked to one user id are one person) and period (0 = current, 1 = previous), the best attempt
 * (most steps, then most steps done, ties to the earliest) of those starting in the period, and
 * what the report needs of it. Persons whose every attempt is void (exclusions) have no row.
 *
 * Parameters (besides the plan's): site String; scan_lo, scan_hi, cur_lo, cur_hi, prev_lo,
 * prev_hi, win Int64 milliseconds; periods Array(UInt8); tz String; interval_week UInt8.
 *
 * Columns: person UInt64, period, s (the attempt's step-1 event time, ms), reached Array(UInt8)
 * per step, deltas Array(Float64) per step (seconds since the previous step reached; 0 when not
 * reached), converted, ttc (seconds, step 1 to the last step), bd (breakdown value, '' without),
 * bucket (the entry's day or week).
 */
export function funnelPersonsSql(plan: FunnelPlan): string {
  // Breakdown values are carried in arrays only for attribution to a step: first and last touch
  // come from aggregates (the first and last event with a value), and arrays of them cost per row.
  const withBd = plan.breakdown?.attribution === 'step'
  const n = plan.steps.length
  const stepBits = 2 ** n - 1
  const strict = plan.mode === 'strict'
  const masks = [
    ...plan.steps.map((s, i) => `(${s.condition}) * ${2 ** i}`),
    ...plan.exclusions.map((x, e) => `(${x.condition}) * ${2 ** (EXCLUSION_BIT0 + e)}`),
  ]
  const bdExpr = plan.breakdown ? plan.breakdown.expr : `''`
  // Each event as one number, its time (ms after scan_lo) above its mask: sorting the numbers
  // orders the events by time and, at the same millisecond, in step order (a lower mask first),
  // far faster than sorting tuples. 40 bits of time (34 years) fit beside 24 bits of mask in a
  // UInt64; a wider mask (five or more exclusions) takes a UInt128.
  const maskBits = plan.exclusions.length > 0 ? EXCLUSION_BIT0 + plan.exclusions.length : n
  const wide = maskBits > 24
  const keyOf = `bitShiftLeft(${wide ? 'toUInt128' : 'toUInt64'}(toUnixTimestamp64Milli(e.ts) - {scan_lo:Int64}), ${maskBits}) + toUInt32(${masks.join(' + ')})`

  // Rows: the person's events that match a step or an exclusion; in strict mode all of their
  // actions (track, page, screen), since any other action between two steps breaks the chain.
  // They are narrowed to keys before the identity join, which then moves little per row.
  const matches = [...plan.steps.map((s) => s.condition), ...plan.exclusions.map((x) => x.condition)]
  const rows = `SELECT
      ${personKeyOfKeysSql('r.uk', 'r.vk', 'l')} AS person,
      r.k AS k,
      r.b AS b
    FROM (SELECT
        ${userKeySql('e.user_id')} AS uk,
        e.visitor_key AS vk,
        ${keyOf} AS k,
        ${bdExpr} AS b
      FROM events AS e
      WHERE e.site_id = {site:String}
        AND e.ts >= fromUnixTimestamp64Milli({scan_lo:Int64})
        AND e.ts < fromUnixTimestamp64Milli({scan_hi:Int64})
        AND e.type IN ('track', 'page', 'screen')${strict ? '' : `\n        AND (${matches.join(' OR ')})`}) AS r
    ${personLinkKeysJoinSql('l', 'r.vk')}`

  // In key terms (a key is below another iff its time is, or the times are equal).
  const keyAt = (ms: string) =>
    `bitShiftLeft(${wide ? 'toUInt128' : 'toUInt64'}(${ms} - {scan_lo:Int64}), ${maskBits})`
  const inPeriod = (lo: string, hi: string) => `k >= ${keyAt(lo)} AND k < ${keyAt(hi)}`
  const stepOne = `bitAnd(k, 1) = 1`
  const touch = `b != '' AND bitAnd(k, ${stepBits}) != 0`
  const attribution = plan.breakdown?.attribution
  // One row per person: their events' numbers in order (and the breakdown values in that order).
  // Most people only ever do step 1: their best attempt is their first step-1 event of the
  // period, taken from aggregates, and their arrays stay empty, which makes the evaluation of
  // them nearly free. `more`: the person has an event of another step or an exclusion. `ms` is
  // read for its mask bits only: the numbers themselves unless they are too wide to test.
  const persons = `SELECT
      person,
      groupArray(k) AS ku,
      groupBitOr(toUInt32(bitAnd(k, ${2 ** maskBits - 2}))) != 0 AS more,
      if(more, arraySort(ku), []) AS ks,
      arrayMap(x -> toInt64(bitShiftRight(x, ${maskBits})) + {scan_lo:Int64}, ks) AS ts,
      ${wide ? `arrayMap(x -> toUInt32(bitAnd(x, ${2 ** maskBits - 1})), ks)` : 'ks'} AS ms,
      arrayEnumerate(ks) AS ix,${withBd ? '\n      if(more, arraySort((b, k) -> k, groupArray(b), ku), []) AS bs,' : ''}
      minIf(k, ${stepOne} AND ${inPeriod('{cur_lo:Int64}', '{cur_hi:Int64}')}) AS k_cur,
      minIf(k, ${stepOne} AND ${inPeriod('{prev_lo:Int64}', '{prev_hi:Int64}')}) AS k_prev${
        attribution === 'step'
          ? `,
      argMinIf(b, k, ${stepOne} AND ${inPeriod('{cur_lo:Int64}', '{cur_hi:Int64}')}) AS b_cur,
      argMinIf(b, k, ${stepOne} AND ${inPeriod('{prev_lo:Int64}', '{prev_hi:Int64}')}) AS b_prev`
          : attribution === 'first_touch'
            ? `,\n      argMinIf(b, k, ${touch}) AS b_one`
            : attribution === 'last_touch'
              ? `,\n      argMaxIf(b, k, ${touch}) AS b_one`
              : ''
      }
    FROM (${rows})${
      plan.visitorList
        ? `
    WHERE person IN (SELECT person_key FROM visitor_list_members WHERE site_id = {site:String} AND list_id = {visitor_list:String})`
        : ''
    }
    GROUP BY person`

  const ev = new Evaluation(plan)
  const evLines = ev.lines()
  const firstStep = plan.mode === 'any_order' ? `bitAnd(m, ${stepBits}) != 0` : 'bitTest(m, 0)'
  const attempt = `${firstStep} AND t >= if(period = 0, {cur_lo:Int64}, {prev_lo:Int64}) AND t < if(period = 0, {cur_hi:Int64}, {prev_hi:Int64})`
  const base = [
    'arrayJoin({periods:Array(UInt8)}) AS period',
    // The arrays go to the lambdas as arguments: an array a lambda captures is copied per element.
    `arrayFilter((i, m, t) -> ${attempt}, ix, ms, ts) AS st`,
    `arrayMap(t -> t + {win:Int64}, arrayFilter((t, m) -> ${attempt}, ts, ms)) AS dl`,
    // The first step-1 event of the period, for people with nothing more.
    'if(period = 0, k_cur, k_prev) AS k_one',
    ...(attribution === 'step' ? ['if(period = 0, b_cur, b_prev) AS b_one'] : []),
  ]

  // The best attempt's positions, as scalars of the row (`at<k>`), computed once in the
  // subquery: read through `r<k>[bi]` repeatedly, the engine evaluated the arrays again.
  // People with nothing more reach step 1 only (at1 = 1 marks it; s is k_one's time). The WHERE
  // reads start_at first: in a branch of if() the engine evaluated the whole evaluation again.
  const r = (k: number) => `at${k}`
  const reached =
    plan.mode === 'any_order'
      ? Array.from({ length: n }, (_, i) => `toUInt8(best_cnt >= ${i + 1})`)
      : Array.from({ length: n }, (_, i) => `toUInt8(${r(i + 1)} != 0)`)
  const deltas = Array.from({ length: n }, (_, i) => {
    const k = i + 1
    if (k === 1 || plan.mode === 'any_order') return '0'
    // The latest step reached before step k: the chain's indexes only grow.
    const before = Array.from({ length: k - 1 }, (_, j) => k - 1 - j)
      .map((j) => (j === 1 ? `ts[${r(1)}]` : `${r(j)} != 0, ts[${r(j)}]`))
      .join(', ')
    const prev = k === 2 ? `ts[${r(1)}]` : `multiIf(${before})`
    return `if(${r(k)} != 0, (ts[${r(k)}] - ${prev}) / 1000, 0)`
  })
  const lastTime =
    plan.mode === 'any_order'
      ? `greatest(${Array.from({ length: n }, (_, i) => `ts[${r(i + 1)}]`).join(', ')})`
      : `ts[${r(n)}]`
  const converted = plan.mode === 'any_order' ? `best_cnt = ${n}` : `${r(n)} != 0`
  let bd = `''`
  if (attribution === 'first_touch' || attribution === 'last_touch') bd = 'b_one'
  // People with nothing more: the start's value from the aggregates, '' for a later step.
  else if (attribution === 'step') {
    const k = plan.breakdown?.step ?? 1
    bd = `if(more, bs[${r(k)}], ${k === 1 ? 'b_one' : `''`})`
  }

  const attemptColumns = `person,
    period,
    more,
    k_one,
    ts,${withBd ? '\n    ms,\n    bs,' : ''}${attribution ? '\n    b_one,' : ''}
    indexOf(key, arrayMax(key)) AS bi,
    st[bi] AS start_at,
    ${[
      `if(more, ${ev.r(1)}[bi], 1) AS at1`,
      ...Array.from({ length: n - 1 }, (_, i) => `${ev.r(i + 2)}[bi] AS at${i + 2}`),
      ...(plan.exclusions.length > 0 ? ['void[bi] AS best_void'] : []),
      ...(plan.mode === 'any_order' ? ['if(more, cnt[bi], 1) AS best_cnt'] : []),
    ].join(',\n    ')}`
  const staged = stagedSql(
    `(${persons})`,
    [
      'person',
      'more',
      'k_cur',
      'k_prev',
      ...(withBd ? ['bs'] : []),
      ...(attribution === 'step' ? ['b_cur', 'b_prev'] : attribution ? ['b_one'] : []),
      'ts',
      'ms',
      'ix',
    ],
    [...base, ...evLines],
    attemptColumns,
  )
  const attempts = `SELECT
    ${attemptColumns}
  FROM (${staged})`

  return `SELECT
    person,
    period,
    if(more, ts[start_at], toInt64(bitShiftRight(k_one, ${maskBits})) + {scan_lo:Int64}) AS s,
    [${reached.join(', ')}] AS reached,
    [${deltas.join(', ')}] AS deltas,
    toUInt8(${converted}) AS converted,
    if(converted, (${lastTime} - s) / 1000, 0) AS ttc,
    ${bd} AS bd,
    toString(if({interval_week:UInt8}, toMonday(fromUnixTimestamp64Milli(s), {tz:String}), toDate(fromUnixTimestamp64Milli(s), {tz:String}))) AS bucket
  FROM (${attempts})
  WHERE start_at != 0${plan.exclusions.length > 0 ? ' AND NOT best_void' : ''} OR (NOT more AND k_one != 0)`
}

/**
 * Builds the per-attempt arrays, all aligned with `st` (the attempts' step-1 event positions):
 * `r<k>` the position of step k's event (0: not reached), `void` (with exclusions) whether one
 * voids the attempt, `cnt` (any order) the steps reached, and `key`, which orders the attempts:
 * valid first, then furthest step, then most steps, then earliest.
 */
class Evaluation {
  private readonly out: string[] = []
  private readonly nextArrays = new Set<string>()
  /** Arrays that serve as step k's `r<k>` under another name (step 1's is `st` but in any order). */
  private readonly names = new Map<number, string>()
  private readonly n: number
  private readonly required: number[]

  constructor(private readonly plan: FunnelPlan) {
    this.n = plan.steps.length
    this.required = plan.steps.flatMap((s, i) => (s.optional ? [] : [i + 1]))
    if (plan.mode !== 'any_order') this.names.set(1, 'st')
  }

  /** The array of step k's positions. */
  r(k: number): string {
    return this.names.get(k) ?? `r${k}`
  }

  lines(): string[] {
    const { plan } = this
    if (plan.mode === 'any_order') this.anyOrder()
    else if (plan.mode === 'strict') this.strict()
    else if (plan.evaluator === 'sets' || plan.steps.some((s) => s.withinMs !== null)) this.sets()
    else this.chain()
    this.exclusions()
    // The key from the per-step arrays in one lambda: furthest and count need no arrays of their own.
    const steps = Array.from({ length: this.n }, (_, i) => i + 1)
    const args = plan.mode === 'any_order' ? ['cnt'] : steps.map((k) => `r${k}`)
    const [furthest, cnt] =
      plan.mode === 'any_order'
        ? ['cnt', 'cnt']
        : [
            `multiIf(${args
              .slice(1)
              .reverse()
              .map((r, j) => `${r} != 0, ${this.n - j}`)
              .join(', ')}, 1)`,
            args.map((r) => `(${r} != 0)`).join(' + '),
          ]
    const voids = plan.exclusions.length > 0
    const params = [...args, ...(voids ? ['v'] : []), 'x']
    const arrays = [
      ...(plan.mode === 'any_order' ? args : steps.map((k) => this.r(k))),
      ...(voids ? ['void'] : []),
      'st',
    ]
    this.out.push(
      `arrayMap((${params.join(', ')}) -> ${voids ? 'toUInt64(NOT v) * 1099511627776 + ' : ''}toUInt64(${furthest}) * 4294967296 + toUInt64(${cnt}) * 16777216 + (16777215 - least(x, 16777215)), ${arrays.join(', ')}) AS key`,
    )
    return this.out
  }

  /** For each position, the next position at or after it whose mask has `bit` (0: none). */
  private next(bit: number): string {
    const name = `nx${bit}`
    if (!this.nextArrays.has(name)) {
      this.nextArrays.add(name)
      this.out.push(
        `arrayReverseFill(x -> x != 0, arrayMap((m, i) -> if(bitTest(m, ${bit}), i, 0), ms, ix)) AS ${name}`,
      )
    }
    return name
  }

  /** The required step before step k, and the one after it (null after the last). */
  private around(k: number): { before: number; after: number | null } {
    const before = [...this.required].reverse().find((r) => r < k) ?? 1
    const after = this.required.find((r) => r > k) ?? null
    return { before, after }
  }

  /** Ordered, no per-step windows: each step is the first matching event after the previous one. */
  private chain(): void {
    for (const k of this.required.slice(1)) {
      const { before } = this.around(k)
      const nx = this.next(k - 1)
      this.out.push(
        `arrayMap((p, d) -> if(p != 0 AND ${nx}[p + 1] != 0 AND ts[${nx}[p + 1]] <= d, ${nx}[p + 1], 0), ${this.r(before)}, dl) AS r${k}`,
      )
    }
    // An optional step counts when its event comes between the required steps around it.
    this.plan.steps.forEach((s, i) => {
      const k = i + 1
      if (!s.optional) return
      const { before, after } = this.around(k)
      const nx = this.next(k - 1)
      this.out.push(
        `arrayMap((p, q, d) -> if(p != 0 AND ${nx}[p + 1] != 0 AND if(q != 0, ${nx}[p + 1] < q, ts[${nx}[p + 1]] <= d), ${nx}[p + 1], 0), ${this.r(before)}, ${this.r(after as number)}, dl) AS r${k}`,
      )
    })
  }

  /**
   * Ordered with per-step windows: per attempt and step, every event that can validly be that
   * step (it matches, lies in the window, and follows a valid event of a step it may follow by at
   * most the step's own window). Keeping the latest valid predecessor makes this exact where
   * "the first event after the previous step" is not (A, B, B, C with C close only to the second B).
   */
  private sets(): void {
    this.out.push('arrayMap(x -> arrayMap(i -> toUInt8(i = x), ix), st) AS v1')
    for (let k = 2; k <= this.n; k++) {
      const preds: number[] = []
      for (let j = k - 1; j >= 1; j--) {
        preds.push(j)
        if (!this.plan.steps[j - 1]?.optional) break
      }
      const union =
        preds.length === 1
          ? `v${preds[0]}`
          : `arrayMap((${preds.map((p) => `a${p}`).join(', ')}) -> arrayMap((${preds.map((p) => `b${p}`).join(', ')}) -> toUInt8(${preds.map((p) => `b${p}`).join(' OR ')}), ${preds.map((p) => `a${p}`).join(', ')}), ${preds.map((p) => `v${p}`).join(', ')})`
      const within = this.plan.steps[k - 1]?.withinMs
      const gap = within === null || within === undefined ? '' : ` AND t - ts[l[i - 1]] <= ${within}`
      // lp<k>: per attempt, the latest valid predecessor position at or before each position.
      this.out.push(
        `arrayMap(u -> arrayFill(y -> y != 0, arrayMap((w, i) -> if(w, i, 0), u, ix)), ${union}) AS lp${k}`,
      )
      this.out.push(
        `arrayMap((l, x, d) -> arrayMap((m, t, i) -> toUInt8(bitTest(m, ${k - 1}) AND i > x AND t <= d AND l[i - 1] != 0${gap}), ms, ts, ix), lp${k}, st, dl) AS v${k}`,
      )
      this.out.push(`arrayMap(v -> toUInt32(indexOf(v, 1)), v${k}) AS f${k}`)
    }
    for (let k = 2; k <= this.n; k++) {
      if (!this.plan.steps[k - 1]?.optional) {
        this.names.set(k, `f${k}`)
        continue
      }
      const { after } = this.around(k)
      this.out.push(`arrayMap((p, q) -> if(q != 0 AND p >= q, 0, p), f${k}, f${after}) AS r${k}`)
    }
  }

  /**
   * Strict: the steps are consecutive actions of the person. After each required step, the
   * optional steps up to the next required one may each take the next action, in order.
   */
  private strict(): void {
    const steps = this.plan.steps
    for (let idx = 0; idx < this.required.length - 1; idx++) {
      const a = this.required[idx] as number
      const b = this.required[idx + 1] as number
      let pointer = `q${a}_0`
      this.out.push(`arrayMap(p -> if(p != 0, p + 1, 0), ${this.r(a)}) AS ${pointer}`)
      const test = (k: number, p: string) => {
        const within = steps[k - 1]?.withinMs
        const gap = within === null || within === undefined ? '' : ` AND ts[${p}] - ts[${p} - 1] <= ${within}`
        return `${p} != 0 AND bitTest(ms[${p}], ${k - 1}) AND ts[${p}] <= d${gap}`
      }
      for (let k = a + 1; k < b; k++) {
        this.out.push(`arrayMap((p, d) -> if(${test(k, 'p')}, p, 0), ${pointer}, dl) AS r${k}`)
        const next = `q${a}_${k}`
        this.out.push(`arrayMap((p, r) -> if(r != 0, p + 1, p), ${pointer}, r${k}) AS ${next}`)
        pointer = next
      }
      this.out.push(`arrayMap((p, d) -> if(${test(b, 'p')}, p, 0), ${pointer}, dl) AS r${b}`)
    }
  }

  /**
   * Any order: in the window from the attempt's first event, each step taken by a different
   * event. Events are assigned in order of how few steps they match (then time), each to the
   * lowest step still open: exact when no event matches two steps.
   */
  private anyOrder(): void {
    const stepBits = 2 ** this.n - 1
    const lowest = `bitAnd(bitAnd(y, bitNot(acc)), toUInt32(bitNot(bitAnd(y, bitNot(acc))) + 1))`
    this.out.push(
      `arrayMap((x, d) -> arrayFold((acc, y) -> toUInt32(bitOr(acc, ${lowest})), arraySort(y -> bitCount(y), arrayFilter((y, t, i) -> i >= x AND t <= d AND y != 0, arrayMap(y -> toUInt32(bitAnd(y, ${stepBits})), ms), ts, ix)), toUInt32(0)), st, dl) AS acc_steps`,
    )
    this.out.push('arrayMap(a -> toUInt8(bitCount(a)), acc_steps) AS cnt')
    for (let k = 1; k <= this.n; k++) {
      const nx = this.next(k - 1)
      this.out.push(`arrayMap((a, x) -> if(bitTest(a, ${k - 1}), ${nx}[x], 0), acc_steps, st) AS r${k}`)
    }
  }

  /**
   * An exclusion between steps a and b voids an attempt that reached a when one of its events
   * follows a's event and comes before b's (or, b not reached, inside the window).
   */
  private exclusions(): void {
    const voids: string[] = []
    this.plan.exclusions.forEach((x, e) => {
      const nx = this.next(EXCLUSION_BIT0 + e)
      if (this.plan.mode === 'any_order') {
        this.out.push(`arrayMap((p, d) -> ${nx}[p] != 0 AND ts[${nx}[p]] <= d, st, dl) AS x${e}`)
      } else {
        this.out.push(
          `arrayMap((p, q, d) -> p != 0 AND ${nx}[p + 1] != 0 AND if(q != 0, ${nx}[p + 1] < q, ts[${nx}[p + 1]] <= d), ${this.r(x.from)}, ${this.r(x.to)}, dl) AS x${e}`,
        )
      }
      voids.push(`x${e}`)
    })
    if (voids.length > 0)
      this.out.push(
        `arrayMap((${voids.join(', ')}) -> toUInt8(${voids.join(' OR ')}), ${voids.join(', ')}) AS void`,
      )
  }
}

/**
 * `lines` (`expr AS name`) as nested SELECTs over `from`, whose columns are `columns`. Each line
 * is in a later SELECT than every line whose name it reads: the engine does not share a lambda
 * expression between the places that use it, so chained aliases (r3 reads r2, which reads r1,
 * and all are read again at the end) would be evaluated again at every use. Lines that do not
 * read each other share a SELECT, and each SELECT passes on only the columns read after it (by a
 * later line, or by `reads`, the text that consumes the result): both save planning time.
 */
function stagedSql(from: string, columns: string[], lines: string[], reads: string): string {
  const reads_ = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text)
  const depth = new Map<string, number>()
  const groups: Array<Array<{ line: string; expr: string; name: string }>> = []
  for (const line of lines) {
    const [, expr = '', name = ''] = line.match(/^([\s\S]*) AS (\w+)$/) ?? []
    let d = 0
    for (const [other, od] of depth) if (od >= d && reads_(expr, other)) d = od + 1
    depth.set(name, d)
    const group = groups[d] ?? []
    group.push({ line, expr, name })
    groups[d] = group
  }
  let sql = from
  let available = columns
  groups.forEach((group, d) => {
    const later = [...groups.slice(d + 1).flatMap((g) => g.map((l) => l.expr)), reads].join('\n')
    const kept = available.filter((c) => reads_(later, c))
    sql = `SELECT ${[...kept, ...group.map((l) => l.line)].join(', ')} FROM ${sql}`
    sql = `(${sql})`
    available = [...kept, ...group.map((l) => l.name)]
  })
  return sql.slice(1, -1)
}
