import type { Decimal } from 'decimal.js';
import { DomainError } from './algebra.js';
import type { NumericContext } from './context.js';

/** Small dense linear algebra over decimal.js, for the 1x1 to 4x4 systems of GD in 1 or 2 variables. */
export type Vector = readonly Decimal[];
export type Matrix = readonly Vector[];

export interface SymmetricEigen {
  /** Ascending. */
  readonly values: readonly Decimal[];
  /** Unit eigenvectors, vectors[i] for values[i]. */
  readonly vectors: readonly Vector[];
}

/**
 * Eigen-decomposition of a symmetric 1x1 or 2x2 matrix in closed form. For 2x2,
 * lambda = m -+ r with m = (a + c)/2 and r = hypot((a - c)/2, b); the eigenvector of the larger
 * eigenvalue is taken from whichever row is better conditioned, so no cancellation near b = 0.
 */
export function symmetricEigen(h: Matrix, ctx: NumericContext): SymmetricEigen {
  const { D } = ctx;
  if (h.length === 1) return { values: [h[0]![0]!], vectors: [[new D(1)]] };
  if (h.length !== 2) throw new RangeError('symmetricEigen handles 1x1 and 2x2 matrices');
  const a = h[0]![0]!;
  const b = h[0]![1]!;
  const c = h[1]![1]!;
  const m = a.plus(c).div(2);
  const half = a.minus(c).div(2);
  const r = D.sqrt(half.pow(2).plus(b.pow(2)));
  if (r.isZero()) return { values: [m, m], vectors: [[new D(1), new D(0)], [new D(0), new D(1)]] };
  // Larger eigenvalue's vector: (b, r - half) or (r + half, b); pick the one with the larger norm.
  const v1 = half.gte(0) ? [r.plus(half), b] : [b, r.minus(half)];
  const n1 = D.sqrt(v1[0]!.pow(2).plus(v1[1]!.pow(2)));
  const top = [v1[0]!.div(n1), v1[1]!.div(n1)];
  const bottom = [top[1]!.neg(), top[0]!];
  return { values: [m.minus(r), m.plus(r)], vectors: [bottom, top] };
}

/** The largest eigenvalue of a symmetric 1x1 or 2x2 matrix: symmetricEigen's, without the vectors. */
export function largestSymmetricEigenvalue(h: Matrix, ctx: NumericContext): Decimal {
  if (h.length !== 2) return symmetricEigen(h, ctx).values.at(-1)!;
  const a = h[0]![0]!;
  const b = h[0]![1]!;
  const c = h[1]![1]!;
  return a.plus(c).div(2).plus(ctx.D.sqrt(a.minus(c).div(2).pow(2).plus(b.pow(2))));
}

/** Eigenvalues of a general 2x2 (or 1x1) matrix: real pairs, or a complex pair as re +- i im. */
export type Eigenvalues =
  | { readonly kind: 'real'; readonly values: readonly Decimal[] }
  | { readonly kind: 'complex'; readonly re: Decimal; readonly im: Decimal };

export function eigenvalues(m: Matrix, ctx: NumericContext): Eigenvalues {
  const { D } = ctx;
  if (m.length === 1) return { kind: 'real', values: [m[0]![0]!] };
  const [a, b] = m[0]!;
  const [c, d] = m[1]!;
  const mean = a!.plus(d!).div(2);
  const disc = a!.minus(d!).div(2).pow(2).plus(b!.times(c!));
  if (disc.isNegative()) return { kind: 'complex', re: mean, im: D.sqrt(disc.neg()) };
  const r = D.sqrt(disc);
  return { kind: 'real', values: [mean.minus(r), mean.plus(r)] };
}

/** Largest modulus of the eigenvalues: the spectral radius decides stability of a map. */
export function spectralRadius(e: Eigenvalues, ctx: NumericContext): Decimal {
  if (e.kind === 'complex') return ctx.D.sqrt(e.re.pow(2).plus(e.im.pow(2)));
  return ctx.D.max(...e.values.map((v) => v.abs()));
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s.plus(x.times(b[k]![j]!)), row[0]!.times(0))));
}

/**
 * Gaussian elimination with partial pivoting on the first n columns of m, in place (rows of any
 * width: an augmented column is carried along). Stops, returning undefined, at the first pivot that
 * `usable` refuses; otherwise the sign of the row permutation.
 */
export function eliminate(m: Decimal[][], n: number, usable: (pivot: Decimal) => boolean): 1 | -1 | undefined {
  let sign: 1 | -1 = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (m[r]![col]!.abs().gt(m[pivot]![col]!.abs())) pivot = r;
    if (!usable(m[pivot]![col]!)) return undefined;
    if (pivot !== col) {
      [m[col], m[pivot]] = [m[pivot]!, m[col]!];
      sign = sign === 1 ? -1 : 1;
    }
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]!.div(m[col]![col]!);
      for (let k = col; k < m[r]!.length; k++) m[r]![k] = m[r]![k]!.minus(f.times(m[col]![k]!));
    }
  }
  return sign;
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting. A pivot below `tiny` (relative to
 * the largest entry) means the matrix is singular at this precision: a DomainError, not a guess.
 */
export function solve(a: Matrix, b: Vector, ctx: NumericContext): Vector {
  const { D } = ctx;
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = D.max(...a.flat().map((x) => x.abs()), new D(0));
  const tiny = scale.times(new D(10).pow(-ctx.precision + 5));
  if (!eliminate(m, n, (p) => p.abs().gt(tiny))) throw new DomainError('singular linear system');
  const x: Decimal[] = new Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s = s.minus(m[r]![k]!.times(x[k]!));
    x[r] = s.div(m[r]![r]!);
  }
  return x;
}
