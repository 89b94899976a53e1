import type { Decimal } from 'decimal.js';
import { DomainError } from './algebra.js';

/*
 * Elementary-function details shared by the decimal and jet algebras, so both routes make the same
 * decisions about accuracy and poles (they differ in how they differentiate, not in how they
 * evaluate sinh or decide that cos vanishes).
 */

/**
 * decimal.js's sinh and cosh slow down without bound as |x| grows (cosh(1e8) does not finish), so
 * from |x| = 1 on both come from one exp; below 1, e^x - e^-x would cancel, and decimal.js's own
 * series is fast there.
 */
export function sinhCosh(D: Decimal.Constructor, x: Decimal): { sinh: Decimal; cosh: Decimal } {
  if (x.abs().lt(1)) return { sinh: D.sinh(x), cosh: D.cosh(x) };
  const e = D.exp(x);
  const r = new D(1).div(e);
  return { sinh: e.minus(r).div(2), cosh: e.plus(r).div(2) };
}

/**
 * Whether sin or cos at x is a zero of that function to working precision. An argument like pi/2
 * is itself rounded, so cos(x) comes out as rounding noise of order ulp(x) instead of 0; treating
 * |cos(x)| below 10 to 100 ulp(x) as zero reports tan(pi/2) as undefined instead of printing
 * 1e64. An argument exact in fewer digits than the working precision stays far from this bound.
 */
export function vanishesAt(value: Decimal, x: Decimal, precision: number): boolean {
  return value.abs().lte(x.abs().times(`1e${2 - precision}`));
}

/** The digits of pi that decimal.js holds (its PI constant; sin and cos refuse to need more). */
const PI_DIGITS = 1025;

/**
 * x itself, or a DomainError where sin or cos of x cannot be given to the requested digits:
 * - decimal.js reduces x modulo its own pi of about 1025 digits, at precision p + max(exponent(x),
 *   significant digits of x) + 7, and throws "Precision limit exceeded" beyond: every full-precision
 *   argument from about 490 requested digits on, and |x| ~ 1e1000 at any precision;
 * - an argument rounded at the working precision is uncertain by |x| 10^-precision, so sin(x) is
 *   known only to about 10^(exponent(x) - precision): past 10^guard that is worse than the requested
 *   digits (deep search, seed 745061252: sin(x + exp(-2x/3)) after one GD step, argument ~1e40 at 32
 *   working digits, the two derivative routes differing in the fourth digit).
 * An own reduction in fixed point would lift the first limit; not done yet.
 */
export function reducible(D: Decimal.Constructor, x: Decimal, what: string, guard: number): Decimal {
  if (!x.isFinite() || x.isZero()) return x;
  if (D.precision + Math.max(x.e, x.sd()) + 7 > PI_DIGITS) {
    throw new DomainError(
      `${what} at this precision needs more digits of pi than decimal.js holds (about ${PI_DIGITS}): use fewer digits (about 450 at most for trigonometric losses)${x.e > guard ? `, or a point where the argument (~1e${x.e}) is smaller` : ''}`,
    );
  }
  if (x.e >= guard) {
    throw new DomainError(`${what} of an argument near 1e${x.e} is not determined to the requested digits by the rounded argument: use more digits or a smaller argument`);
  }
  return x;
}
