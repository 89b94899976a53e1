import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { NumericContext } from '../numeric/context.js';
import { solve, type Matrix, type Vector } from '../numeric/linalg.js';
import { residualTolerance, type System } from './newton.js';
import { dot, identity, matrixMaxNorm, matVec, maxAbs, minus, norm, plus, tenTo, times, transpose, unit } from './vector-ops.js';

/** The smallest singular value of a square matrix and its right singular vector (unit). */
export interface NearKernel {
  readonly sigma: Decimal;
  readonly vector: Vector;
}

/**
 * Inverse iteration on J^T J + delta I: the shift keeps the solve regular when J is exactly
 * singular, and is far below any singular value that matters. A start with incommensurate entries
 * is never orthogonal to the answer in practice; four rounds converge at the ratio
 * (sigma_min / sigma_next)^2, which is tiny exactly when the question matters (J nearly singular).
 */
export function nearKernel(j: Matrix, ctx: NumericContext): NearKernel {
  const { D } = ctx;
  const m = j.length;
  const scale = matrixMaxNorm(j);
  let v = unit(Array.from({ length: m }, (_, i) => new D(1).div(i + 1).plus(new D(2).sqrt().times(i))));
  if (scale.isZero()) return { sigma: new D(0), vector: v };
  const jt = transpose(j);
  const delta = scale.pow(2).times(tenTo(-Math.floor(ctx.precision / 2), ctx));
  const normal = jt.map((row) => j[0]!.map((_, c) => dot(row, j.map((r) => r[c]!))));
  const shifted = normal.map((row, r) => row.map((x, c) => (r === c ? x.plus(delta) : x)));
  for (let round = 0; round < 4; round++) v = unit(solve(shifted, v, ctx));
  return { sigma: norm(matVec(j, v)), vector: v };
}

/** Whether J is singular to the precision a root can be located with (half the digits, see classify). */
export function isSingular(k: NearKernel, j: Matrix, ctx: NumericContext): boolean {
  return k.sigma.lte(matrixMaxNorm(j).times(tenTo(-Math.ceil(ctx.digits / 2), ctx)));
}

/** An orthonormal basis of the complement of the unit vector v (Gram-Schmidt on the standard basis). */
function complement(v: Vector, ctx: NumericContext): readonly Vector[] {
  const basis: Vector[] = [v];
  for (const e of identity(v.length, ctx)) {
    if (basis.length === v.length) break;
    const r = basis.reduce((acc, b) => minus(acc, times(b, dot(acc, b))), e);
    if (norm(r).gt('0.1')) basis.push(unit(r));
  }
  return basis.slice(1);
}

/**
 * Whether a continuum of roots passes through the root x along the near-kernel direction v: step
 * to x + h v, then solve F = 0 by Gauss-Newton on the hyperplane through that point orthogonal to
 * v. A root found there, at distance >= h from x, is a second root as close as we like to the first:
 * a curve (e.g. the manifold xy = 1 of (xy - 1)^2/2). At an isolated degenerate root such as 0 for
 * x^4 or x^4 + y^2, F stays of size h^3 on that hyperplane and the test says no.
 */
export function continuumThrough(system: System, x: Vector, v: Vector, ctx: NumericContext): boolean {
  const h = tenTo(-3, ctx).times(ctx.D.max(1, maxAbs(x)));
  const basis = complement(v, ctx);
  let z = plus(x, times(v, h));
  try {
    for (let it = 0; it < 40; it++) {
      const f = system(z);
      if (maxAbs(f.value).lte(residualTolerance(f.jacobian, z, ctx))) return true;
      if (basis.length === 0) return false;
      // Least squares in the hyperplane: (B^T J^T J B) t = -B^T J^T F.
      const jb = basis.map((b) => matVec(f.jacobian, b));
      const gram = jb.map((a) => jb.map((b) => dot(a, b)));
      const step = solve(gram, jb.map((a) => dot(a, f.value).neg()), ctx);
      z = basis.reduce((acc, b, i) => plus(acc, times(b, step[i]!)), z);
    }
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
  return false;
}
