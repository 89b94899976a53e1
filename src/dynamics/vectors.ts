import type { Decimal } from 'decimal.js';
import type { Matrix, Vector } from '../numeric/linalg.js';

/* The few vector operations a GD step needs, over decimal.js (vectors of length 1 or 2). */

export function dot(a: Vector, b: Vector): Decimal {
  // Started from the first product, not from 0 + it: one multiplication and one addition fewer.
  let s = a[0]!.times(b[0]!);
  for (let i = 1; i < a.length; i++) s = s.plus(a[i]!.times(b[i]!));
  return s;
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

/**
 * v.M v for symmetric matrices M along one fixed v, as sum_{i<=j} c_ij M_ij with c_ii = v_i^2 and
 * c_ij = 2 v_i v_j computed once: half the multiplications of quadraticForm per matrix (the
 * curvature u.H(w + t d)u is evaluated at every quadrature node and root-finding iterate of a step).
 */
export function symmetricQuadraticForm(v: Vector): (m: Matrix) => Decimal {
  const n = v.length;
  const c = symmetricQuadraticCoefficients(v);
  return (m) => {
    let s = c[0]!.times(m[0]![0]!);
    let k = 1;
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) if (i + j > 0) s = s.plus(c[k++]!.times(m[i]![j]!));
    return s;
  };
}

/** The c_ij of symmetricQuadraticForm over the upper triangle, row by row (the order it sums in). */
export function symmetricQuadraticCoefficients(v: Vector): Decimal[] {
  return v.flatMap((vi, i) => v.slice(i).map((vj, k) => (k === 0 ? vi.times(vi) : vi.times(vj).times(2))));
}

/** max |a_i|: the scale of a vector for residuals. */
export function maxAbs(a: Vector): Decimal {
  return a.reduce((s, x) => (x.abs().gt(s) ? x.abs() : s), a[0]!.abs());
}

/** max(1, x): the denominator of a mixed absolute/relative residual. */
export function atLeastOne(x: Decimal): Decimal {
  return x.gt(1) ? x : x.times(0).plus(1);
}
