import type { Decimal } from 'decimal.js';
import type { Matrix, Vector } from '../numeric/linalg.js';

/* The few vector operations a GD step needs, over decimal.js (vectors of length 1 or 2). */

export function dot(a: Vector, b: Vector): Decimal {
  return a.reduce((s, x, i) => s.plus(x.times(b[i]!)), a[0]!.times(0));
}

export function norm(a: Vector): Decimal {
  return dot(a, a).sqrt();
}

export function add(a: Vector, b: Vector): Vector {
  return a.map((x, i) => x.plus(b[i]!));
}

export function sub(a: Vector, b: Vector): Vector {
  return a.map((x, i) => x.minus(b[i]!));
}

export function scale(c: Decimal, a: Vector): Vector {
  return a.map((x) => x.times(c));
}

export function matVec(m: Matrix, v: Vector): Vector {
  return m.map((row) => dot(row, v));
}

/** v.M v */
export function quadraticForm(m: Matrix, v: Vector): Decimal {
  return dot(v, matVec(m, v));
}

/** max |a_i|: the scale of a vector for residuals. */
export function maxAbs(a: Vector): Decimal {
  return a.reduce((s, x) => (x.abs().gt(s) ? x.abs() : s), a[0]!.abs());
}

/** max(1, x): the denominator of a mixed absolute/relative residual. */
export function atLeastOne(x: Decimal): Decimal {
  return x.gt(1) ? x : x.times(0).plus(1);
}
