import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../numeric/context.js';
import type { Matrix, Vector } from '../numeric/linalg.js';

/** Vector arithmetic over decimal.js for the small (n <= 4) systems of the dynamics layer. */
export const plus = (a: Vector, b: Vector): Vector => a.map((x, i) => x.plus(b[i]!));
export const minus = (a: Vector, b: Vector): Vector => a.map((x, i) => x.minus(b[i]!));
export const times = (a: Vector, s: Decimal.Value): Vector => a.map((x) => x.times(s));
export const dot = (a: Vector, b: Vector): Decimal => a.reduce((s, x, i) => s.plus(x.times(b[i]!)), a[0]!.times(0));
export const norm = (a: Vector, ctx: NumericContext): Decimal => ctx.D.sqrt(dot(a, a));
export const maxNorm = (a: Vector, ctx: NumericContext): Decimal => ctx.D.max(0, ...a.map((x) => x.abs()));
export const matVec = (m: Matrix, v: Vector): Vector => m.map((row) => dot(row, v));
export const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((row) => row[j]!));
export const matrixMaxNorm = (m: Matrix, ctx: NumericContext): Decimal => ctx.D.max(0, ...m.flat().map((x) => x.abs()));
export const unit = (a: Vector, ctx: NumericContext): Vector => times(a, new ctx.D(1).div(norm(a, ctx)));

export function identity(n: number, ctx: NumericContext): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => new ctx.D(i === j ? 1 : 0)));
}

/** 10^-k in the context: the unit of tolerances. */
export const tenTo = (k: number, ctx: NumericContext): Decimal => new ctx.D(10).pow(k);
