import type { Attribution, FunnelMode } from '../../schema/funnel.ts'
import { personKeySql, personLinksJoinSql } from '../persons/person-sql.ts'

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
  // Breakdown values are carried only with a breakdown: they cost per row.
  const withBd = plan.breakdown !== null
  const n = plan.steps.length
  const stepBits = 2 ** n - 1
  const strict = plan.mode === 'strict'
  const masks = [
    ...plan.steps.map((s, i) => `(${s.condition}) * ${2 ** i}`),
    ...plan.exclusions.map((x, e) => `(${x.condition}) * ${2 ** (EXCLUSION_BIT0 + e)}`),
  ]
  const bdExpr = plan.breakdown ? plan.breakdown.expr : `''`

  // Rows: the person's events that match a step or an exclusion; in strict mode all of their
  // actions (track, page, screen), since any other action between two steps breaks the chain.
  const rows = `SELECT
      ${personKeySql('e', 'l')} AS person,
      toUnixTimestamp64Milli(e.ts) AS t,
      toUInt32(${masks.join(' + ')}) AS m,
      ${bdExpr} AS b
    FROM events AS e
    ${personLinksJoinSql('l')}
    WHERE e.site_id = {site:String}
      AND e.ts >= fromUnixTimestamp64Milli({scan_lo:Int64})
      AND e.ts < fromUnixTimestamp64Milli({scan_hi:Int64})
      AND e.type IN ('track', 'page', 'screen')${strict ? '' : '\n      AND m != 0'}`

  // One row per person: their events in time order; at the same millisecond in step order (a
  // lower mask first).
  const persons = `SELECT
      person,
      arraySort(x -> (x.1, x.2), groupArray((t, m${withBd ? ', b' : ''}))) AS ev
    FROM (${rows})
    GROUP BY person`

  const ev = new Evaluation(plan)
  const base = [
    'person',
    'arrayMap(x -> x.1, ev) AS ts',
    'arrayMap(x -> x.2, ev) AS ms',
    withBd ? 'arrayMap(x -> x.3, ev) AS bs' : 'emptyArrayString() AS bs',
    'arrayEnumerate(ms) AS ix',
    'arrayJoin({periods:Array(UInt8)}) AS period',
    'if(period = 0, {cur_lo:Int64}, {prev_lo:Int64}) AS p_lo',
    'if(period = 0, {cur_hi:Int64}, {prev_hi:Int64}) AS p_hi',
    `arrayFilter(i -> ${plan.mode === 'any_order' ? `bitAnd(ms[i], ${stepBits}) != 0` : 'bitTest(ms[i], 0)'} AND ts[i] >= p_lo AND ts[i] < p_hi, ix) AS st`,
    'arrayMap(x -> ts[x] + {win:Int64}, st) AS dl',
  ]
  // Each array of the evaluation gets its own SELECT: the engine does not share a lambda
  // expression between the places that use it, so chained aliases (r3 reads r2, which reads r1,
  // and all are read again at the end) would be evaluated again at every use.
  let staged = `SELECT ${base.join(', ')} FROM (${persons})`
  for (const line of ev.lines()) staged = `SELECT *, ${line} FROM (${staged})`

  // The best attempt's positions, as scalars of the row (`at<k>`), computed once in the
  // subquery: read through `r<k>[bi]` repeatedly, the engine evaluated the arrays again.
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
  const stepBitsOfMask = `bitAnd(m, ${stepBits}) != 0`
  let bd = `''`
  if (plan.breakdown) {
    const a = plan.breakdown.attribution
    if (a === 'first_touch') bd = `arrayFirst((b, m) -> b != '' AND ${stepBitsOfMask}, bs, ms)`
    else if (a === 'last_touch') bd = `arrayLast((b, m) -> b != '' AND ${stepBitsOfMask}, bs, ms)`
    else bd = `bs[${r(plan.breakdown.step ?? 1)}]`
  }

  const attempts = `SELECT
    person,
    period,
    ts,
    ms,
    bs,
    arrayReduce('argMax', arrayEnumerate(st), key) AS bi,
    st[bi] AS start_at,
    ${Array.from({ length: n }, (_, i) => `r${i + 1}[bi] AS at${i + 1}`).join(',\n    ')},
    void[bi] AS best_void,
    cnt[bi] AS best_cnt
  FROM (${staged})`

  return `SELECT
    person,
    period,
    ts[start_at] AS s,
    [${reached.join(', ')}] AS reached,
    [${deltas.join(', ')}] AS deltas,
    toUInt8(${converted}) AS converted,
    if(converted, (${lastTime} - s) / 1000, 0) AS ttc,
    ${bd} AS bd,
    toString(if({interval_week:UInt8}, toMonday(fromUnixTimestamp64Milli(s), {tz:String}), toDate(fromUnixTimestamp64Milli(s), {tz:String}))) AS bucket
  FROM (${attempts})
  WHERE start_at != 0 AND NOT best_void`
}

/**
 * Builds the per-attempt arrays, all aligned with `st` (the attempts' step-1 event positions):
 * `r<k>` the position of step k's event (0: not reached), `void` whether an exclusion voids the
 * attempt, `furthest` the last step reached, `cnt` the steps reached, and `key`, which orders the
 * attempts: valid first, then furthest, then most steps, then earliest.
 */
class Evaluation {
  private readonly out: string[] = []
  private readonly nextArrays = new Set<string>()
  private readonly n: number
  private readonly required: number[]

  constructor(private readonly plan: FunnelPlan) {
    this.n = plan.steps.length
    this.required = plan.steps.flatMap((s, i) => (s.optional ? [] : [i + 1]))
  }

  lines(): string[] {
    const { plan } = this
    if (plan.mode === 'any_order') this.anyOrder()
    else if (plan.mode === 'strict') this.strict()
    else if (plan.evaluator === 'sets' || plan.steps.some((s) => s.withinMs !== null)) this.sets()
    else this.chain()
    this.exclusions()
    if (plan.mode !== 'any_order') {
      const all = Array.from({ length: this.n }, (_, i) => `r${i + 1}`)
      const furthest = `multiIf(${all
        .slice(1)
        .reverse()
        .map((r, j) => `${r} != 0, ${this.n - j}`)
        .join(', ')}, 1)`
      this.out.push(`arrayMap((${all.join(', ')}) -> ${furthest}, ${all.join(', ')}) AS furthest`)
      this.out.push(
        `arrayMap((${all.join(', ')}) -> ${all.map((r) => `(${r} != 0)`).join(' + ')}, ${all.join(', ')}) AS cnt`,
      )
    } else {
      this.out.push('cnt AS furthest')
    }
    this.out.push(
      `arrayMap((v, f, c, x) -> (toUInt64(NOT v) * 1099511627776) + toUInt64(f) * 4294967296 + toUInt64(c) * 16777216 + (16777215 - least(x, 16777215)), void, furthest, cnt, st) AS key`,
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
    this.out.push('st AS r1')
    for (const k of this.required.slice(1)) {
      const { before } = this.around(k)
      const nx = this.next(k - 1)
      this.out.push(
        `arrayMap((p, d) -> if(p != 0 AND ${nx}[p + 1] != 0 AND ts[${nx}[p + 1]] <= d, ${nx}[p + 1], 0), r${before}, dl) AS r${k}`,
      )
    }
    // An optional step counts when its event comes between the required steps around it.
    this.plan.steps.forEach((s, i) => {
      const k = i + 1
      if (!s.optional) return
      const { before, after } = this.around(k)
      const nx = this.next(k - 1)
      this.out.push(
        `arrayMap((p, q, d) -> if(p != 0 AND ${nx}[p + 1] != 0 AND if(q != 0, ${nx}[p + 1] < q, ts[${nx}[p + 1]] <= d), ${nx}[p + 1], 0), r${before}, r${after}, dl) AS r${k}`,
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
    this.out.push('st AS r1')
    for (let k = 2; k <= this.n; k++) {
      if (!this.plan.steps[k - 1]?.optional) {
        this.out.push(`f${k} AS r${k}`)
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
    this.out.push('st AS r1')
    const steps = this.plan.steps
    for (let idx = 0; idx < this.required.length - 1; idx++) {
      const a = this.required[idx] as number
      const b = this.required[idx + 1] as number
      let pointer = `q${a}_0`
      this.out.push(`arrayMap(p -> if(p != 0, p + 1, 0), r${a}) AS ${pointer}`)
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
          `arrayMap((p, q, d) -> p != 0 AND ${nx}[p + 1] != 0 AND if(q != 0, ${nx}[p + 1] < q, ts[${nx}[p + 1]] <= d), r${x.from}, r${x.to}, dl) AS x${e}`,
        )
      }
      voids.push(`x${e}`)
    })
    this.out.push(
      voids.length === 0
        ? 'arrayMap(x -> 0, st) AS void'
        : `arrayMap((${voids.join(', ')}) -> toUInt8(${voids.join(' OR ')}), ${voids.join(', ')}) AS void`,
    )
  }
}
