import type { Decimal } from 'decimal.js';
import type { Expr } from '../symbolic/ast.js';
import { derivativeTable } from '../symbolic/derivatives.js';
import { InputError, parseConstant, withParamValues, type Loss } from '../symbolic/loss.js';
import { compile } from '../numeric/compile.js';
import { DomainError } from '../numeric/algebra.js';
import { intervalAlgebra } from '../interval/algebra.js';
import { intervalArithmetic, type Interval, type IntervalArithmetic } from '../interval/interval.js';
import { matMul, proveUniqueZero, type IMatrix, type IntervalSystem, type IVector, type KrawczykOptions, type KrawczykResult } from './krawczyk.js';

/**
 * GD in interval arithmetic: gradient and Hessian of the loss from the CAS derivative table,
 * compiled over the interval algebra, and the two square systems whose zeros are fixed points
 * (grad L(w) = 0) and period-two orbits (x2 = G(x1), x1 = G(x2) with G(w) = w - eta grad L(w)).
 */
export interface IntervalLoss {
  readonly n: number;
  readonly ia: IntervalArithmetic;
  gradient(w: IVector): IVector;
  hessian(w: IVector): IMatrix;
}

export function intervalLoss(loss: Loss, precision: number): IntervalLoss {
  const table = derivativeTable(loss.expr, loss.vars, 2);
  const alg = intervalAlgebra(precision);
  const compiled = (indices: readonly number[]) => compile(withParamValues(loss, table.entry(indices)), alg, loss.vars);
  const n = loss.vars.length;
  const grad = loss.vars.map((_, i) => compiled([i]));
  const hess = loss.vars.map((_, i) => loss.vars.map((_, j) => (j < i ? undefined : compiled([i, j]))));
  return {
    n,
    ia: intervalArithmetic(precision),
    gradient: (w) => grad.map((g) => g(w)),
    hessian: (w) => {
      const upper = hess.map((row) => row.map((h) => (h ? h(w) : undefined)));
      return upper.map((row, i) => row.map((h, j) => h ?? upper[j]![i]!));
    },
  };
}

/** A learning rate as an interval: an exact positive constant expression. */
export function etaInterval(text: string, precision: number): Interval {
  const eta = compile(parseConstant(text, 'eta') as Expr, intervalAlgebra(precision), [])([]);
  if (!eta.lo.gt(0)) throw new InputError(`eta must be positive, got ${text}`);
  return eta;
}

/** DG(w) = I - eta H(w) on a box. */
export function gdJacobian(L: IntervalLoss, eta: Interval, w: IVector): IMatrix {
  const { ia } = L;
  const H = L.hessian(w);
  const one = ia.rational(1n, 1n);
  const zero = ia.rational(0n, 1n);
  return H.map((row, i) => row.map((h, j) => ia.sub(i === j ? one : zero, ia.mul(eta, h))));
}

export function fixedPointSystem(L: IntervalLoss): IntervalSystem {
  return { size: L.n, F: (w) => L.gradient(w), J: (w) => L.hessian(w) };
}

/** Unknowns (x1, x2) in R^2n; F = (x2 - G(x1), x1 - G(x2)), J = [[-DG(x1), I], [I, -DG(x2)]]. */
export function periodTwoSystem(L: IntervalLoss, eta: Interval): IntervalSystem {
  const { ia, n } = L;
  const G = (w: IVector): IVector => {
    const g = L.gradient(w);
    return w.map((wi, i) => ia.sub(wi, ia.mul(eta, g[i]!)));
  };
  const one = ia.rational(1n, 1n);
  const zero = ia.rational(0n, 1n);
  return {
    size: 2 * n,
    F: (z) => {
      const [x1, x2] = [z.slice(0, n), z.slice(n)];
      const g1 = G(x1);
      const g2 = G(x2);
      return [...x2.map((v, i) => ia.sub(v, g1[i]!)), ...x1.map((v, i) => ia.sub(v, g2[i]!))];
    },
    J: (z) => {
      const A = gdJacobian(L, eta, z.slice(0, n));
      const B = gdJacobian(L, eta, z.slice(n));
      const rows: Interval[][] = [];
      for (let i = 0; i < 2 * n; i++) {
        rows.push(
          Array.from({ length: 2 * n }, (_, j) => {
            const [bi, bj, ii, jj] = [Math.floor(i / n), Math.floor(j / n), i % n, j % n];
            if (bi === bj) return ia.neg((bi === 0 ? A : B)[ii]![jj]!);
            return ii === jj ? one : zero;
          }),
        );
      }
      return rows;
    },
  };
}

export type Stability = { readonly kind: 'stable' } | { readonly kind: 'unstable' } | { readonly kind: 'undecided'; readonly reason: string };

/**
 * Rigorous bounds on the multipliers (eigenvalues of DG at a fixed point, of DG(x2) DG(x1) on a
 * period-two orbit). `eigenvalues` when they are proved real and enclosed; for a 2x2 product also
 * its trace and determinant, from which stability follows by the Schur-Cohn (Jury) conditions.
 */
export interface Multipliers {
  readonly eigenvalues?: IVector;
  readonly trace?: Interval;
  readonly det?: Interval;
  readonly stability: Stability;
}

function fromEigenvalues(ia: IntervalArithmetic, eig: IVector): Stability {
  const one = ia.rational(1n, 1n);
  const inside = (e: Interval) => e.lo.gt(ia.neg(one).hi) && e.hi.lt(one.lo);
  const outside = (e: Interval) => e.lo.gt(one.hi) || e.hi.lt(ia.neg(one).lo);
  if (eig.every(inside)) return { kind: 'stable' };
  if (eig.some(outside)) return { kind: 'unstable' };
  const e = eig.find((x) => !inside(x) && !outside(x))!;
  return { kind: 'undecided', reason: `a multiplier enclosure [${e.lo.toSignificantDigits(6).toString()}, ${e.hi.toSignificantDigits(6).toString()}] reaches |mu| = 1: box too wide or precision too low, or the orbit is at a bifurcation` };
}

/**
 * Symmetric 2x2 [[a, b], [b, c]]: eigenvalues m -+ sqrt(((a - c)/2)^2 + b^2), m = (a + c)/2. Valid
 * for interval entries because every symmetric matrix with entries in them has its eigenvalues in
 * the interval evaluation of this formula.
 */
export function symmetricEigenvalues(ia: IntervalArithmetic, A: IMatrix): IVector {
  if (A.length === 1) return [A[0]![0]!];
  const two = ia.rational(2n, 1n);
  const [a, b, c] = [A[0]![0]!, A[0]![1]!, A[1]![1]!];
  const m = ia.div(ia.add(a, c), two);
  const r = ia.sqrt(ia.add(ia.powInt(ia.div(ia.sub(a, c), two), 2n), ia.powInt(b, 2n)), 'clamp');
  return [ia.sub(m, r), ia.add(m, r)];
}

/**
 * General 2x2 M: with T = tr M, d = det M, both eigenvalues lie in the open unit disc iff
 * |d| < 1, 1 - T + d > 0 and 1 + T + d > 0 (Schur-Cohn). p(1) < 0 or p(-1) < 0 (p the
 * characteristic polynomial) gives a real eigenvalue beyond +-1, and |d| > 1 an eigenvalue of
 * modulus > 1: each proves instability.
 */
export function productMultipliers(ia: IntervalArithmetic, M: IMatrix): Multipliers {
  if (M.length === 1) return { eigenvalues: [M[0]![0]!], stability: fromEigenvalues(ia, [M[0]![0]!]) };
  const T = ia.add(M[0]![0]!, M[1]![1]!);
  const d = ia.sub(ia.mul(M[0]![0]!, M[1]![1]!), ia.mul(M[0]![1]!, M[1]![0]!));
  const one = ia.rational(1n, 1n);
  const pPlus = ia.add(ia.sub(one, T), d);
  const pMinus = ia.add(ia.add(one, T), d);
  const absD = d.lo.gte(0) ? d : d.hi.lte(0) ? ia.neg(d) : undefined;
  let stability: Stability;
  if (absD && absD.hi.lt(1) && pPlus.lo.gt(0) && pMinus.lo.gt(0)) stability = { kind: 'stable' };
  else if (pPlus.hi.lt(0) || pMinus.hi.lt(0) || d.lo.gt(1) || d.hi.lt(-1)) stability = { kind: 'unstable' };
  else stability = { kind: 'undecided', reason: 'the Schur-Cohn conditions are neither proved nor refuted on the box: box too wide or precision too low, or the orbit is at a bifurcation' };
  const two = ia.rational(2n, 1n);
  const half = ia.div(T, two);
  const disc = ia.sub(ia.powInt(half, 2n), d);
  const eigenvalues = disc.lo.gt(0) ? ((r) => [ia.sub(half, r), ia.add(half, r)])(ia.sqrt(disc)) : undefined;
  return { ...(eigenvalues && { eigenvalues }), trace: T, det: d, stability };
}

export function fixedPointMultipliers(L: IntervalLoss, eta: Interval, w: IVector): Multipliers {
  const eig = symmetricEigenvalues(L.ia, gdJacobian(L, eta, w));
  return { eigenvalues: eig, stability: fromEigenvalues(L.ia, eig) };
}

export function periodTwoMultipliers(L: IntervalLoss, eta: Interval, x1: IVector, x2: IVector): Multipliers {
  return productMultipliers(L.ia, matMul(L.ia, gdJacobian(L, eta, x2), gdJacobian(L, eta, x1)));
}

export type Certification =
  | {
      readonly kind: 'certified';
      readonly orbit: 'fixed-point' | 'period-two';
      readonly precision: number;
      readonly krawczyk: Extract<KrawczykResult, { kind: 'proved' }>;
      /** Enclosures of the point (fixed point) or of x1 and x2 (orbit). */
      readonly points: readonly IVector[];
      readonly multipliers: Multipliers;
    }
  | { readonly kind: 'not-certified'; readonly orbit: 'fixed-point' | 'period-two'; readonly reason: string };

/**
 * Proves existence and uniqueness of a fixed point (guess of n coordinates) or period-two orbit
 * (2n coordinates: x1 then x2) near the guess, then bounds its multipliers on the proved box.
 */
export function certifyOrbit(loss: Loss, etaText: string, guess: readonly Decimal[], precision: number, options: KrawczykOptions = {}): Certification {
  const n = loss.vars.length;
  const orbit = guess.length === n ? 'fixed-point' : 'period-two';
  if (guess.length !== n && guess.length !== 2 * n) throw new InputError(`expected ${n} or ${2 * n} coordinates, got ${guess.length}`);
  const L = intervalLoss(loss, precision);
  const { ia } = L;
  const eta = etaInterval(etaText, precision);
  const sys = orbit === 'fixed-point' ? fixedPointSystem(L) : periodTwoSystem(L, eta);
  const k = proveUniqueZero(ia, sys, guess, options);
  if (k.kind === 'not-proved') return { kind: 'not-certified', orbit, reason: k.reason };
  // Multipliers on the whole box X (the re-checker evaluates there too, so both see the same set).
  const points = orbit === 'fixed-point' ? [k.box] : [k.box.slice(0, n), k.box.slice(n)];
  if (orbit === 'period-two' && points[0]!.every((x, i) => ia.overlaps(x, points[1]![i]!))) {
    return { kind: 'not-certified', orbit, reason: 'the two points of the orbit are not separated by the box: the zero found may be a fixed point (x1 = x2)' };
  }
  try {
    const multipliers = orbit === 'fixed-point' ? fixedPointMultipliers(L, eta, points[0]!) : periodTwoMultipliers(L, eta, points[0]!, points[1]!);
    return { kind: 'certified', orbit, precision, krawczyk: k, points, multipliers };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'not-certified', orbit, reason: `multipliers: ${err.message}` };
    throw err;
  }
}
