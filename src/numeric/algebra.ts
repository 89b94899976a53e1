import type { SmoothFunction } from '../symbolic/functions.js';

/**
 * A number system an expression tree can be evaluated in. The decimal algebra gives values, the jet
 * algebra gives truncated Taylor expansions (all partial derivatives to a fixed order) of the same
 * tree: two independent routes to the same numbers. Implementations throw `DomainError` at points
 * where the expression is undefined or not smooth, never return NaN or infinities.
 */
export interface Algebra<T> {
  rational(num: bigint, den: bigint): T;
  constant(name: 'e' | 'pi'): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  /** a^(num/den) with an exact rational exponent: integer powers of negative numbers are fine. */
  powRational(a: T, num: bigint, den: bigint): T;
  /** a^b with a computed exponent, defined for a > 0. */
  pow(a: T, b: T): T;
  apply(fn: SmoothFunction, a: T): T;
  /**
   * compile() evaluates a^2 b^2 as (a b)^2 (src/numeric/regroup-squares.ts): set by the decimal
   * algebra, where a product is the dearest operation; the others keep the tree as written.
   */
  readonly regroupSquares?: boolean;
}

/** The expression has no value, or is not smooth, at the requested point. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
}
