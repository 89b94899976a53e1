import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../numeric/context.js';
import type { Matrix, Vector } from '../numeric/linalg.js';
import { add, dot, matVec, maxAbs, norm, sub } from './vectors.js';

/*
 * Vector arithmetic over decimal.js for the small (n <= 4) systems of classify: the GD-step
 * operations of vectors.ts, under the names used here, and the few more that Newton needs.
 */
export { dot, matVec, maxAbs, norm };
export const plus = add;
export const minus = sub;
export const times = (a: Vector, s: Decimal.Value): Vector => a.map((x) => x.times(s));
export const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((row) => row[j]!));
export const matrixMaxNorm = (m: Matrix): Decimal => maxAbs(m.flat());
export const unit = (a: Vector): Vector => times(a, norm(a).pow(-1));

export function identity(n: number, ctx: NumericContext): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => new ctx.D(i === j ? 1 : 0)));
}

/** 10^k in the context: the unit of tolerances. */
export const tenTo = (k: number, ctx: NumericContext): Decimal => new ctx.D(10).pow(k);
