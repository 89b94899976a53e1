import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import { directedContexts } from '../numeric/context.js';
import type { Interval, IntervalArithmetic } from '../interval/interval.js';

/*
 * The Krawczyk test (Krawczyk 1969, Moore 1977, Rump's form): for F : R^m -> R^m with interval
 * Jacobian J over a box X, a point y in X and any matrix C,
 *   K(X) = y - C F(y) + (I - C J(X)) (X - y).
 * If K(X) lies in the interior of X, then C and every matrix in J(X) are nonsingular and F has
 * exactly one zero in X, and that zero lies in K(X). C is only a preconditioner (an approximate
 * inverse of J(y)): it need not be computed rigorously, which is why a certificate can carry it
 * and a re-checker can use it as given.
 */

export type IVector = readonly Interval[];
export type IMatrix = readonly IVector[];

/** A square system whose value and Jacobian can be evaluated on boxes. */
export interface IntervalSystem {
  readonly size: number;
  F(z: IVector): IVector;
  J(z: IVector): IMatrix;
}

export type KrawczykResult =
  | {
      readonly kind: 'proved';
      /** The box X with K(X) inside its interior. */
      readonly box: IVector;
      readonly center: readonly Decimal[];
      readonly preconditioner: readonly (readonly Decimal[])[];
      /** K(X) intersected with X: where the unique zero is. */
      readonly enclosure: IVector;
      readonly inflations: number;
    }
  | { readonly kind: 'not-proved'; readonly reason: string };

/** Point matrix times interval vector. */
export function pointTimes(ia: IntervalArithmetic, C: readonly (readonly Decimal[])[], v: IVector): IVector {
  return C.map((row) => row.reduce<Interval>((acc, c, j) => ia.add(acc, ia.mul(ia.point(c), v[j]!)), ia.rational(0n, 1n)));
}

export function matVec(ia: IntervalArithmetic, A: IMatrix, v: IVector): IVector {
  return A.map((row) => row.reduce<Interval>((acc, a, j) => ia.add(acc, ia.mul(a, v[j]!)), ia.rational(0n, 1n)));
}

export function matMul(ia: IntervalArithmetic, A: IMatrix, B: IMatrix): IMatrix {
  return A.map((row) => B[0]!.map((_, j) => row.reduce<Interval>((acc, a, k) => ia.add(acc, ia.mul(a, B[k]![j]!)), ia.rational(0n, 1n))));
}

/** The Krawczyk image K(X) for a point y in X and a point matrix C. */
export function krawczykImage(ia: IntervalArithmetic, sys: IntervalSystem, X: IVector, y: readonly Decimal[], C: readonly (readonly Decimal[])[]): IVector {
  const Y = y.map((v) => ia.point(v));
  const CF = pointTimes(ia, C, sys.F(Y));
  const J = sys.J(X);
  const one = ia.rational(1n, 1n);
  const zero = ia.rational(0n, 1n);
  const M: IMatrix = C.map((row, i) =>
    J[0]!.map((_, j) => ia.sub(i === j ? one : zero, row.reduce<Interval>((acc, c, k) => ia.add(acc, ia.mul(ia.point(c), J[k]![j]!)), zero))),
  );
  const D = matVec(ia, M, X.map((x, i) => ia.sub(x, Y[i]!)));
  return Y.map((yi, i) => ia.add(ia.sub(yi, CF[i]!), D[i]!));
}

/** Gauss-Jordan inverse with partial pivoting, in ordinary (non-rigorous) arithmetic: C needs no rigour. */
export function approximateInverse(A: readonly (readonly Decimal[])[], D: Decimal.Constructor): Decimal[][] | undefined {
  const m = A.length;
  const a = A.map((row, i) => [...row.map((x) => new D(x)), ...A.map((_, j) => new D(i === j ? 1 : 0))]);
  for (let col = 0; col < m; col++) {
    let p = col;
    for (let r = col + 1; r < m; r++) if (a[r]![col]!.abs().gt(a[p]![col]!.abs())) p = r;
    if (a[p]![col]!.isZero()) return undefined;
    [a[col], a[p]] = [a[p]!, a[col]!];
    const pivot = a[col]![col]!;
    a[col] = a[col]!.map((x) => x.div(pivot));
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f.isZero()) continue;
      a[r] = a[r]!.map((x, j) => x.minus(f.times(a[col]![j]!)));
    }
  }
  return a.map((row) => row.slice(m));
}

export interface KrawczykOptions {
  /** Newton steps to polish the guess before the test. */
  readonly newtonSteps?: number;
  /** Box half-width relative to max(1, |y|), before any inflation; default 10^-(P - 10). */
  readonly radius?: Decimal;
  readonly inflations?: number;
}

const maxAbs = (v: readonly Decimal[]): Decimal => v.reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), v[0]!.abs());

/**
 * Polishes `guess` by Newton's method (midpoints of point evaluations), takes C = J(y)^-1, and runs
 * the Krawczyk test on X = y + [-r, r]^m, inflating r (epsilon-inflation) when K(X) is not inside.
 * Never throws for a mathematical failure: every way it can fail is a 'not-proved' with the reason.
 */
export function proveUniqueZero(ia: IntervalArithmetic, sys: IntervalSystem, guess: readonly Decimal[], options: KrawczykOptions = {}): KrawczykResult {
  const P = ia.precision;
  const D = directedContexts(Math.min(P + 10, 1010)).down;
  const steps = options.newtonSteps ?? 60;
  const mid = (v: IVector): Decimal[] => v.map((x) => ia.mid(x));
  let y = guess.map((x) => new D(x));
  try {
    const tol = new D(`1e-${P - 3}`);
    for (let k = 0; k < steps; k++) {
      const Y = y.map((v) => ia.point(v));
      const Jinv = approximateInverse(sys.J(Y).map(mid), D);
      if (!Jinv) return { kind: 'not-proved', reason: 'the Jacobian is singular at the Newton iterate: not an isolated solution near the guess' };
      const F = mid(sys.F(Y));
      const delta = Jinv.map((row) => row.reduce((s, c, j) => s.plus(c.times(F[j]!)), new D(0)));
      y = y.map((v, i) => v.minus(delta[i]!).toSignificantDigits(P));
      if (maxAbs(delta).lte(tol.times(maxAbs(y).plus(1)))) break;
    }
    const C = approximateInverse(sys.J(y.map((v) => ia.point(v))).map(mid), D);
    if (!C) return { kind: 'not-proved', reason: 'the Jacobian is singular at the approximate solution: it cannot be isolated by a Krawczyk test' };
    const Cp = C.map((row) => row.map((c) => c.toSignificantDigits(P)));
    let r = ia.up.mul(options.radius ?? `1e-${P - 10}`, maxAbs(y).plus(1));
    const inflations = options.inflations ?? 8;
    let last: IVector | undefined;
    for (let k = 0; k <= inflations; k++) {
      const X = y.map((v) => ({ lo: ia.down.sub(v, r), hi: ia.up.add(v, r) }));
      const K = krawczykImage(ia, sys, X, y, Cp);
      if (K.every((Ki, i) => ia.strictlyInside(Ki, X[i]!))) {
        return { kind: 'proved', box: X, center: y, preconditioner: Cp, enclosure: K.map((Ki, i) => ia.intersect(Ki, X[i]!)!), inflations: k };
      }
      last = K;
      // Epsilon-inflation: grow to twice the reach of K(X) around y, and at least tenfold.
      const reach = K.reduce((m, Ki, i) => {
        const d = ia.up.sub(Ki.hi, y[i]!).abs();
        const e = ia.up.sub(y[i]!, Ki.lo).abs();
        const t = d.gt(e) ? d : e;
        return t.gt(m) ? t : m;
      }, new ia.up(0));
      const grown = ia.up.mul(reach, 2);
      r = grown.gt(r.times(10)) ? grown : ia.up.mul(r, 10);
    }
    const width = last ? last.map((k) => ia.width(k).toSignificantDigits(3).toString()).join(', ') : '?';
    return {
      kind: 'not-proved',
      reason: `K(X) is not inside X after ${inflations} inflations (last box radius ${r.toSignificantDigits(3).toString()}, K(X) widths ${width}, precision ${P}): the solution may be degenerate or the precision too low`,
    };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'not-proved', reason: `interval evaluation failed on the box: ${err.message}` };
    throw err;
  }
}
