import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../../numeric/context.js';
import { eliminate, type Matrix, type SymmetricEigen } from '../../numeric/linalg.js';

/**
 * Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations over decimal.js
 * (src/numeric/linalg.ts stops at 2 x 2). Jacobi is slow, O(n^3) per sweep, but it is
 * backward stable and converges quadratically, so the eigenvalues are accurate to the working
 * precision relative to the matrix's norm, which is what the tolerances of the checks assume.
 * Ascending values with unit vectors, like symmetricEigen.
 */
export function jacobiEigen(h: Matrix, ctx: NumericContext): SymmetricEigen {
  const { D } = ctx;
  const n = h.length;
  const a = h.map((row) => row.map((x) => new D(x)));
  const v = a.map((row, i) => row.map((_, j) => new D(i === j ? 1 : 0)));
  const scale = D.max(new D(1), ...a.flat().map((x) => x.abs()));
  const eps = scale.times(new D(10).pow(-ctx.precision + 2));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = new D(0);
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = D.max(off, a[p]![q]!.abs());
    if (off.lte(eps)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq.abs().lte(eps.div(n * n))) continue;
        // tan of the rotation angle, the smaller root of t^2 + 2 theta t - 1 = 0 (Golub & Van Loan 8.5).
        const theta = a[q]![q]!.minus(a[p]![p]!).div(apq.times(2));
        const t = new D(theta.isNegative() ? -1 : 1).div(theta.abs().plus(D.sqrt(theta.pow(2).plus(1))));
        const c = new D(1).div(D.sqrt(t.pow(2).plus(1)));
        const s = t.times(c);
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c.times(akp).minus(s.times(akq));
          a[k]![q] = s.times(akp).plus(c.times(akq));
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c.times(apk).minus(s.times(aqk));
          a[q]![k] = s.times(apk).plus(c.times(aqk));
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c.times(vkp).minus(s.times(vkq));
          v[k]![q] = s.times(vkp).plus(c.times(vkq));
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[i]![i]!.comparedTo(a[j]![j]!));
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

/** det A by Gaussian elimination with partial pivoting (0 when a column has no pivot at all). */
export function determinant(m: Matrix, ctx: NumericContext): Decimal {
  const a = m.map((row) => [...row]);
  const sign = eliminate(a, a.length, (p) => !p.isZero());
  return sign === undefined ? new ctx.D(0) : a.reduce((det, row, i) => det.times(row[i]!), new ctx.D(sign));
}
