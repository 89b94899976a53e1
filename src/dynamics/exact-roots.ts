import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../numeric/context.js';
import type { Loss } from '../symbolic/loss.js';
import { withParamValues } from '../symbolic/loss.js';
import type { Box } from './box.js';
import {
  compose,
  degree,
  derivative,
  divide,
  gcdPoly,
  MAX_EXACT_DEGREE,
  ONE,
  polynomialOf,
  scalePoly,
  squareFree,
  subPoly,
  type Polynomial,
  ZERO,
  type Rational,
} from './rational-polynomial.js';
import { isolateRoots, type IsolatedRoot } from './sturm.js';

/**
 * The exact path for a 1-D polynomial loss with rational coefficients, a rational eta and a box with
 * rational bounds: fixed points are the real roots of L', period-two points the real roots of
 * G(G(x)) - x that are not roots of L', and Sturm sequences count and isolate both sets in the box
 * exactly. The isolated roots seed the decimal Newton (which computes everything that is reported);
 * the counts are what the found points are checked against before anything is called complete.
 */
/** The real roots of one polynomial in the box, or the statement that it vanishes identically. */
export type ExactRootSet =
  | {
      readonly kind: 'isolated';
      /** Each root to working precision (a seed: Newton polishes it). */
      readonly points: readonly Decimal[];
      readonly degree: number;
    }
  | { readonly kind: 'everywhere'; readonly reason: string }
  /** Proved empty without a count (every point is fixed, so none has period two). */
  | { readonly kind: 'none'; readonly reason: string };

export type ExactRoots =
  | {
      readonly kind: 'exact';
      /** Roots of L' in the box. */
      readonly fixedPoints: ExactRootSet;
      /** Roots of G(G(x)) - x in the box that are not fixed points. */
      readonly orbitPoints: ExactRootSet;
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

export function exactRoots(loss: Loss, eta: Rational | undefined, box: Box, ctx: NumericContext): ExactRoots {
  if (loss.vars.length !== 1) return { kind: 'unavailable', reason: 'exact root counting is for 1-D losses' };
  const p = polynomialOf(withParamValues(loss, loss.expr), loss.vars[0]!);
  if (!p) return { kind: 'unavailable', reason: 'the loss is not a polynomial with rational coefficients' };
  if (!eta) return { kind: 'unavailable', reason: 'eta is not a rational number' };
  if (!box.exact) return { kind: 'unavailable', reason: 'the box bounds are not rational numbers' };
  const [lo, hi] = box.exact[0]!;
  const gradient = derivative(p);
  if (gradient.length === 0) {
    return {
      kind: 'exact',
      fixedPoints: { kind: 'everywhere', reason: 'the gradient vanishes identically: every point is a fixed point' },
      orbitPoints: { kind: 'none', reason: 'every point is fixed, so no point has period two' },
    };
  }
  const step = subPoly([ZERO, ONE], scalePoly(gradient, eta));
  if (degree(step) ** 2 > MAX_EXACT_DEGREE) {
    return { kind: 'unavailable', reason: `G(G(x)) - x would have degree ${degree(step) ** 2}, above ${MAX_EXACT_DEGREE}` };
  }
  const fixed = squareFree(gradient);
  const fixedPoints: ExactRootSet = { kind: 'isolated', points: isolateRoots(fixed, lo, hi).map((r) => refineRoot(fixed, r, ctx)), degree: degree(gradient) };
  const twoStep = subPoly(compose(step, step), [ZERO, ONE]);
  if (twoStep.length === 0) {
    return { kind: 'exact', fixedPoints, orbitPoints: { kind: 'everywhere', reason: 'G(G(x)) = x for every x: every point is fixed or lies on a period-two orbit' } };
  }
  const periodic = squareFree(twoStep);
  // Every fixed point is a root of G(G(x)) - x; the quotient keeps the others, all simple.
  const orbit = divide(periodic, gcdPoly(periodic, fixed)).quotient;
  return {
    kind: 'exact',
    fixedPoints,
    orbitPoints: { kind: 'isolated', points: isolateRoots(orbit, lo, hi).map((r) => refineRoot(orbit, r, ctx)), degree: degree(twoStep) },
  };
}

const toDecimal = (a: Rational, ctx: NumericContext): Decimal => new ctx.D(a.n.toString()).div(a.d.toString());

/**
 * The root in an isolating interval, by bisection on the sign of p in decimal arithmetic until the
 * interval is at working precision. Near the root the sign of a decimal evaluation may be rounding
 * noise; that costs the last digits only, which the Newton polish that follows restores.
 */
export function refineRoot(p: Polynomial, root: IsolatedRoot, ctx: NumericContext): Decimal {
  if (root.kind === 'exact') return toDecimal(root.x, ctx);
  const coefficients = p.map((c) => toDecimal(c, ctx));
  const at = (x: Decimal): Decimal => coefficients.reduceRight((s, c) => s.times(x).plus(c), new ctx.D(0));
  let [a, b] = [toDecimal(root.lo, ctx), toDecimal(root.hi, ctx)];
  const negativeAtA = at(a).isNegative();
  const width = new ctx.D(10).pow(-ctx.precision + 2).times(ctx.D.max(1, a.abs(), b.abs()));
  while (b.minus(a).gt(width)) {
    const mid = a.plus(b).div(2);
    const v = at(mid);
    if (v.isZero()) return mid;
    if (v.isNegative() === negativeAtA) a = mid;
    else b = mid;
  }
  return a.plus(b).div(2);
}
