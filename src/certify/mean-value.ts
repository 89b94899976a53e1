import type { Decimal } from 'decimal.js';
import { derivativeTable, distinctEntries } from '../symbolic/derivatives.js';
import { parseConstant, withParamValues, type Loss } from '../symbolic/loss.js';
import { compile } from '../numeric/compile.js';
import { DomainError } from '../numeric/algebra.js';
import { intervalAlgebra } from '../interval/algebra.js';
import { intervalArithmetic, type Interval, type IntervalArithmetic } from '../interval/interval.js';

/*
 * Rigorous mean-value points of MATH.md §3 for one step from w with step d:
 *   xi:   d.H(w + xi d)d   = d.(grad L(w + d) - grad L(w))                (uniform average)
 *   zeta: d.H(w + zeta d)d = 2 (L(w + d) - L(w) - grad L(w).d)             (triangular average)
 * Both are roots in (0, 1) of phi(t) = d.H(w + t d)d - c with c enclosed in interval arithmetic.
 * A root is proved by a sign change of interval evaluations (intermediate value theorem) and
 * narrowed by bisection while the signs stay decided; it is proved unique on (0, 1) when
 * phi'(t) = D^3 L(w + t d)[d, d, d] excludes 0 on all of [0, 1].
 */

export interface MeanValueRoots {
  /** Disjoint brackets, each proved to contain a root. */
  readonly roots: readonly Interval[];
  /** Proved: exactly one root in (0, 1). */
  readonly unique: boolean;
  /** Why uniqueness (or more narrowing) could not be proved, if it could not. */
  readonly notes: readonly string[];
}

export type MeanValueResult =
  | { readonly kind: 'enclosed'; readonly xi: MeanValueRoots; readonly zeta: MeanValueRoots }
  | { readonly kind: 'not-proved'; readonly reason: string };

/** Sign of an interval: +1, -1, or 0 when it contains 0 (undecided). */
const sign = (x: Interval): number => (x.lo.gt(0) ? 1 : x.hi.lt(0) ? -1 : 0);

function findRoots(ia: IntervalArithmetic, phi: (t: Interval) => Interval, dphi: (t: Interval) => Interval, target: Decimal, grid: number): MeanValueRoots {
  const notes: string[] = [];
  const at = (t: Decimal) => sign(phi(ia.point(t)));
  // Interior grid points are offset by 1/7 of a cell, so a root at a simple rational (1/2, 1/3)
  // does not sit on a grid point where its sign cannot be decided.
  const ts = Array.from({ length: grid + 1 }, (_, i) => (i === 0 || i === grid ? new ia.down(i / grid) : ia.down.div(7 * i + 1, 7 * grid).toSignificantDigits(ia.precision)));
  const s = ts.map(at);
  const brackets: [Decimal, Decimal][] = [];
  // Consecutive grid points with decided opposite signs; undecided points are skipped over.
  let last = -1;
  for (let i = 0; i <= grid; i++) {
    if (s[i] === 0) continue;
    if (last >= 0 && s[last] !== s[i]) brackets.push([ts[last]!, ts[i]!]);
    last = i;
  }
  if (s.some((x) => x === 0)) notes.push('the sign of phi is undecided at some grid points (a root at a grid point, or too little precision)');
  const roots = brackets.map(([a0, b0]) => {
    let [a, b] = [a0, b0];
    const sa = at(a);
    for (let k = 0; k < 400 && ia.up.sub(b, a).gt(target); k++) {
      // The midpoint, or (if phi's sign is undecided there: a root on it) two nearby points.
      const w = ia.down.sub(b, a);
      const candidates = [[1, 2], [3, 7], [4, 7]].map(([p, q]) => ia.down.add(a, ia.down.mul(w, p!).div(q!)).toSignificantDigits(ia.precision));
      let m = candidates[0]!;
      let sm = 0;
      for (const c of candidates) {
        if (!(c.gt(a) && c.lt(b))) continue;
        sm = at(c);
        m = c;
        if (sm !== 0) break;
      }
      if (sm === 0) {
        notes.push(`bisection stopped at width ${ia.up.sub(b, a).toSignificantDigits(3).toString()}: sign undecided at the midpoint`);
        break;
      }
      if (sm === sa) a = m;
      else b = m;
    }
    return { lo: a, hi: b };
  });
  let unique = false;
  if (roots.length === 1) {
    try {
      unique = sign(dphi({ lo: new ia.down(0), hi: new ia.up(1) })) !== 0;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    if (!unique) notes.push("uniqueness not proved: phi'(t) = D^3 L[d, d, d] is not of one sign on [0, 1]");
  } else if (roots.length === 0) {
    notes.push('no sign change found on the grid');
  } else {
    notes.push(`${roots.length} roots proved`);
  }
  return { roots, unique, notes };
}

/** xi and zeta for the step from w (exact strings) by d, at `precision` digits, enclosed to width 10^-digits. */
export function meanValuePoints(loss: Loss, w: readonly string[], d: readonly string[], digits: number, precision: number, grid = 16): MeanValueResult {
  const ia = intervalArithmetic(precision);
  const alg = intervalAlgebra(precision);
  const n = loss.vars.length;
  const table = derivativeTable(loss.expr, loss.vars, 3);
  const f = (idx: readonly number[]) => compile(withParamValues(loss, table.entry(idx)), alg, loss.vars);
  const value = f([]);
  const grad = loss.vars.map((_, i) => f([i]));
  // Distinct entries with multiplicities: d.H d = sum over sorted multi-indices of (count) * entry * prod d.
  const form = (k: number) =>
    distinctEntries(n, k, k).map((idx) => {
      const counts = loss.vars.map((_, i) => idx.filter((j) => j === i).length);
      const mult = counts.reduce((m, c) => m / factorial(c), factorial(k));
      return { g: f(idx), idx, mult: BigInt(mult) };
    });
  const H2 = form(2);
  const T3 = form(3);
  // Exact inputs ("1/10", "pi/4") enclosed, not rounded.
  const exact = (text: string, what: string) => compile(parseConstant(text, what), alg, [])([]);
  const W = w.map((x, i) => exact(x, `w coordinate ${i + 1}`));
  const Dv = d.map((x, i) => exact(x, `d coordinate ${i + 1}`));
  const along = (t: Interval) => W.map((wi, i) => ia.add(wi, ia.mul(t, Dv[i]!)));
  const contract = (terms: typeof H2, p: readonly Interval[]) =>
    terms.reduce(
      (acc, { g, idx, mult }) => ia.add(acc, ia.mul(ia.rational(mult, 1n), idx.reduce((v, j) => ia.mul(v, Dv[j]!), g(p)))),
      ia.rational(0n, 1n),
    );
  try {
    const W1 = W.map((wi, i) => ia.add(wi, Dv[i]!));
    const dot = (a: readonly Interval[], b: readonly Interval[]) => a.reduce((s, x, i) => ia.add(s, ia.mul(x, b[i]!)), ia.rational(0n, 1n));
    const g0 = grad.map((g) => g(W));
    const g1 = grad.map((g) => g(W1));
    const cXi = ia.sub(dot(Dv, g1), dot(Dv, g0));
    const cZeta = ia.mul(ia.rational(2n, 1n), ia.sub(ia.sub(value(W1), value(W)), dot(g0, Dv)));
    const curvature = (t: Interval) => contract(H2, along(t));
    const third = (t: Interval) => contract(T3, along(t));
    const target = new ia.up(`1e-${digits}`);
    return {
      kind: 'enclosed',
      xi: findRoots(ia, (t) => ia.sub(curvature(t), cXi), third, target, grid),
      zeta: findRoots(ia, (t) => ia.sub(curvature(t), cZeta), third, target, grid),
    };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'not-proved', reason: `interval evaluation failed along the step: ${err.message}` };
    throw err;
  }
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}
