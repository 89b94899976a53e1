import type { Decimal } from 'decimal.js';
import { gdJacobian, periodTwoSystem, type IntervalLoss } from '../certify/gd.js';
import { approximateInverse, krawczykImage, matMul, type IntervalSystem, type IVector } from '../certify/krawczyk.js';
import type { Interval, IntervalArithmetic } from '../interval/interval.js';
import { DomainError } from '../numeric/algebra.js';

/*
 * Completeness by proof, where the Sturm path does not apply (2-D, non-polynomial 1-D): a branch
 * and bound over the region in interval arithmetic. Each zero found is first isolated in a
 * Krawczyk box (exactly one zero there); then every sub-box of the region either lies inside such
 * a box, or has an interval enclosure of some component of F that excludes 0 (no zero there), or
 * is bisected. When the stack empties, the list of zeros is complete in the region. A zero that
 * was missed, a degenerate zero or a continuum can only exhaust the budget: the answer is then
 * "not proved", never a wrong "complete".
 */

export type IntervalProof =
  | { readonly kind: 'proved'; readonly boxes: number; readonly precision: number }
  | { readonly kind: 'not-proved'; readonly reason: string; readonly boxes: number };

const show = (y: readonly Decimal[]): string => `(${y.map((v) => v.toSignificantDigits(8).toString()).join(', ')})`;

/** A Krawczyk box around y, as large as the test accepts: radii from a sixteenth of the region's width down by tens. */
function isolate(ia: IntervalArithmetic, sys: IntervalSystem, y: readonly Decimal[], width: Decimal): IVector | undefined {
  const mid = (v: IVector): Decimal[] => v.map((x) => ia.mid(x));
  const centre = y.map((v) => ia.mid(ia.point(v)));
  try {
    const C = approximateInverse(sys.J(centre.map((v) => ia.point(v))).map(mid), ia.down);
    if (!C) return undefined;
    let r = ia.up.div(width, 16);
    for (let k = 0; k < 16; k++, r = ia.up.div(r, 10)) {
      const X = centre.map((v) => ({ lo: ia.down.sub(v, r), hi: ia.up.add(v, r) }));
      try {
        const K = krawczykImage(ia, sys, X, centre, C);
        if (K.every((Ki, i) => ia.strictlyInside(Ki, X[i]!))) return X;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
    }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
  }
  return undefined;
}

/**
 * The mean-value form F(c) + J(X)(X - c) encloses F on X more tightly than the natural interval
 * extension once X is small (its overestimate shrinks with the square of the width): a second,
 * costlier test of whether 0 is excluded, for the boxes the first one could not settle.
 */
function meanValueExcludes(ia: IntervalArithmetic, sys: IntervalSystem, X: IVector): boolean {
  try {
    const c = X.map((x) => ia.point(ia.mid(x)));
    const Fc = sys.F(c);
    const J = sys.J(X);
    const d = X.map((x, i) => ia.sub(x, c[i]!));
    return Fc.some((f, i) => !ia.containsZero(J[i]!.reduce((acc, jij, j) => ia.add(acc, ia.mul(jij, d[j]!)), f)));
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

/** Isolates every zero in a Krawczyk box, or says which one could not be isolated. */
function isolateAll(ia: IntervalArithmetic, sys: IntervalSystem, zeros: readonly (readonly Decimal[])[], width: Decimal): IVector[] | string {
  const out: IVector[] = [];
  for (const y of zeros) {
    const X = isolate(ia, sys, y, width);
    if (!X) return `the zero near ${show(y)} could not be isolated by a Krawczyk test (degenerate?)`;
    out.push(X);
  }
  return out;
}

const widest = (ia: IntervalArithmetic, X: IVector): Decimal => X.reduce((m, x) => (ia.width(x).gt(m) ? ia.width(x) : m), ia.width(X[0]!));

/**
 * Branch and bound over `region`: `settled(X)` says a box needs no more work (no zero, or only an
 * isolated one); other boxes are bisected along their widest side, up to `maxBoxes` boxes.
 */
function branchAndBound(ia: IntervalArithmetic, region: IVector, settled: (X: IVector) => boolean, maxBoxes: number): IntervalProof {
  const stack: IVector[] = [region];
  let boxes = 0;
  while (stack.length > 0) {
    const X = stack.pop()!;
    if (++boxes > maxBoxes) return { kind: 'not-proved', reason: `the interval search was undecided after ${maxBoxes} boxes (a larger budget, --proof-boxes, may settle it)`, boxes };
    try {
      if (settled(X)) continue;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { kind: 'not-proved', reason: `the interval evaluation fails on part of the region (${err.message})`, boxes };
    }
    let k = 0;
    X.forEach((x, i) => {
      if (ia.width(x).gt(ia.width(X[k]!))) k = i;
    });
    const m = ia.mid(X[k]!);
    stack.push(
      X.map((x, i) => (i === k ? { lo: x.lo, hi: m } : x)),
      X.map((x, i) => (i === k ? { lo: m, hi: x.hi } : x)),
    );
  }
  return { kind: 'proved', boxes, precision: ia.precision };
}

/**
 * Proves that `zeros` are all the zeros of `sys` in the closed box `region` (fixed points: the
 * zeros of grad L), or says why not. `maxBoxes` bounds the work deterministically.
 */
export function proveAllZeros(
  ia: IntervalArithmetic,
  sys: IntervalSystem,
  region: IVector,
  zeros: readonly (readonly Decimal[])[],
  maxBoxes: number,
): IntervalProof {
  const isolated = isolateAll(ia, sys, zeros, widest(ia, region));
  if (typeof isolated === 'string') return { kind: 'not-proved', reason: isolated, boxes: 0 };
  return branchAndBound(
    ia,
    region,
    (X) => isolated.some((B) => X.every((x, i) => ia.subset(x, B[i]!))) || sys.F(X).some((f) => !ia.containsZero(f)) || meanValueExcludes(ia, sys, X),
    maxBoxes,
  );
}

/**
 * Proves that `zeros` (points (x1, x2) of R^2n: the fixed points as (w, w), each orbit in both
 * orders) are all the zeros of F(x1, x2) = (x2 - G(x1), x1 - G(x2)) with both points in `region`.
 * The search runs over x1 only, in R^n: a zero has x2 = G(x1), so for a box X1 it is enough to
 * show that G(X1) misses the region, or that 0 is not in X1 - G(G(X1) & region) (nor in the
 * mean-value form of G(G(x)) - x), or that X1 x (G(X1) & region) lies in a Krawczyk box of one of
 * the zeros. Half the dimension of a search over (x1, x2), and far fewer boxes.
 */
export function proveAllPeriodTwoZeros(
  L: IntervalLoss,
  eta: Interval,
  region: IVector,
  zeros: readonly (readonly Decimal[])[],
  maxBoxes: number,
): IntervalProof {
  const { ia, n } = L;
  const sys = periodTwoSystem(L, eta);
  const isolated = isolateAll(ia, sys, zeros, widest(ia, region));
  if (typeof isolated === 'string') return { kind: 'not-proved', reason: isolated, boxes: 0 };
  const G = (w: IVector): IVector => {
    const g = L.gradient(w);
    return w.map((wi, i) => ia.sub(wi, ia.mul(eta, g[i]!)));
  };
  const settled = (X1: IVector): boolean => {
    const image = G(X1);
    const partner = image.map((y, i) => ia.intersect(y, region[i]!));
    if (partner.some((y) => y === undefined)) return true;
    const X2 = partner as IVector;
    if (isolated.some((B) => X1.every((x, i) => ia.subset(x, B[i]!)) && X2.every((y, i) => ia.subset(y, B[n + i]!)))) return true;
    if (G(X2).some((g, i) => !ia.containsZero(ia.sub(X1[i]!, g)))) return true;
    // Mean-value form of P(x) = G(G(x)) - x on X1: P(c) + (DG(G(X1)) DG(X1) - I)(X1 - c).
    const c = X1.map((x) => ia.point(ia.mid(x)));
    const Pc = G(G(c)).map((g, i) => ia.sub(g, c[i]!));
    const M = matMul(ia, gdJacobian(L, eta, image), gdJacobian(L, eta, X1));
    const d = X1.map((x, i) => ia.sub(x, c[i]!));
    return Pc.some((p, i) =>
      !ia.containsZero(M[i]!.reduce((acc, mij, j) => ia.add(acc, ia.mul(i === j ? ia.sub(mij, ia.rational(1n, 1n)) : mij, d[j]!)), p)),
    );
  };
  return branchAndBound(ia, region, settled, maxBoxes);
}
