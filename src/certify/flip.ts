import { derivativeTable } from '../symbolic/derivatives.js';
import { withParamValues, type Loss } from '../symbolic/loss.js';
import { compile } from '../numeric/compile.js';
import { DomainError } from '../numeric/algebra.js';
import { intervalAlgebra } from '../interval/algebra.js';
import { intervalArithmetic, type Interval } from '../interval/interval.js';
import type { IVector } from './krawczyk.js';

/*
 * Rigorous sign of the quartic coefficient Q(u) of MATH.md §4 and of the flip coefficient
 * c = -eta_c Q(u), eta_c = 2/lambda with lambda = u.H u/|u|^2, on a box known to contain the
 * critical point w* (a certified fixed point's box):
 *   Q(u) = (1/6) D^4L[u,u,u,u] - (1/2) <T[u,u,.], H^{-1} T[u,u,.]>,
 * with the FULL T[u,u,.] (all components: the trap of §4). Every quantity is an interval over the
 * box, so a sign proved here holds at w* itself. Q is homogeneous of degree 4, so its sign does not
 * depend on the length of u.
 */

export type Sign = 'positive' | 'negative' | 'undecided';

export interface FlipResult {
  readonly Q: Interval;
  readonly signQ: Sign;
  readonly lambda: Interval;
  readonly etaC?: Interval;
  readonly flip?: Interval;
  /** c > 0: supercritical (stable two-cycle for eta > eta_c). */
  readonly signFlip: Sign;
  readonly reason?: string;
}

const signOf = (x: Interval): Sign => (x.lo.gt(0) ? 'positive' : x.hi.lt(0) ? 'negative' : 'undecided');

export function flipCoefficient(loss: Loss, box: IVector, u: readonly (string | Interval)[], precision: number): FlipResult | { readonly kind: 'not-proved'; readonly reason: string } {
  const ia = intervalArithmetic(precision);
  const alg = intervalAlgebra(precision);
  const n = loss.vars.length;
  const table = derivativeTable(loss.expr, loss.vars, 4);
  const cache = new Map<string, Interval>();
  const entry = (idx: readonly number[]): Interval => {
    const key = [...idx].sort().join(',');
    let v = cache.get(key);
    if (!v) {
      v = compile(withParamValues(loss, table.entry(idx)), alg, loss.vars)(box);
      cache.set(key, v);
    }
    return v;
  };
  // A direction may be an enclosure (of an eigenvector over the box): then the signs hold for every u in it.
  const U = u.map((x) => (typeof x === 'string' ? ia.point(x) : x));
  const zero = ia.rational(0n, 1n);
  const range = [...Array(n).keys()];
  // Full contraction sum over all index tuples (n <= 2, order <= 4: at most 16 terms).
  const contract = (k: number, fixed: readonly number[] = []): Interval => {
    const tuples = (m: number): number[][] => (m === 0 ? [[]] : tuples(m - 1).flatMap((t) => range.map((i) => [...t, i])));
    return tuples(k).reduce((acc, t) => ia.add(acc, ia.mul(entry([...t, ...fixed]), t.reduce((p, i) => ia.mul(p, U[i]!), ia.rational(1n, 1n)))), zero);
  };
  try {
    const H = range.map((i) => range.map((j) => entry([i, j])));
    const Tuu = range.map((k) => contract(2, [k]));
    const Q4 = contract(4);
    // H^{-1} T[u,u,.] by the explicit inverse (adjugate over determinant).
    const v =
      n === 1
        ? [ia.div(Tuu[0]!, H[0]![0]!)]
        : (() => {
            const det = ia.sub(ia.mul(H[0]![0]!, H[1]![1]!), ia.mul(H[0]![1]!, H[1]![0]!));
            return [
              ia.div(ia.sub(ia.mul(H[1]![1]!, Tuu[0]!), ia.mul(H[0]![1]!, Tuu[1]!)), det),
              ia.div(ia.sub(ia.mul(H[0]![0]!, Tuu[1]!), ia.mul(H[1]![0]!, Tuu[0]!)), det),
            ];
          })();
    const TvT = Tuu.reduce((s, t, i) => ia.add(s, ia.mul(t, v[i]!)), zero);
    const Q = ia.sub(ia.div(Q4, ia.rational(6n, 1n)), ia.div(TvT, ia.rational(2n, 1n)));
    const uu = U.reduce((s, x) => ia.add(s, ia.powInt(x, 2n)), zero);
    const lambda = ia.div(contract(2), uu);
    if (!lambda.lo.gt(0)) {
      return { Q, signQ: signOf(Q), lambda, signFlip: 'undecided', reason: 'u.H u is not proved positive: no critical learning rate 2/lambda' };
    }
    const etaC = ia.div(ia.rational(2n, 1n), lambda);
    // Q(u) for a unit u: divide by |u|^4.
    const flip = ia.neg(ia.mul(etaC, ia.div(Q, ia.powInt(uu, 2n))));
    const signFlip = signOf(flip);
    return {
      Q,
      signQ: signOf(Q),
      lambda,
      etaC,
      flip,
      signFlip,
      ...(signFlip === 'undecided' && { reason: 'the enclosure of Q(u) contains 0: box too wide or precision too low, or Q(u) = 0 (degenerate)' }),
    };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'not-proved', reason: `interval evaluation failed on the box: ${err.message}` };
    throw err;
  }
}
