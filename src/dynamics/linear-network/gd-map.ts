import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../../numeric/context.js';
import type { Matrix } from '../../numeric/linalg.js';
import { determinant, jacobiEigen } from './eigen.js';

/** det DG for DG = I - eta H, two ways, and how far DG is from singular. */
export interface GdMapDeterminant {
  /** By Gaussian elimination on I - eta H. */
  readonly det: Decimal;
  /** prod_i (1 - eta lambda_i) over the eigenvalues of H (Jacobi): the independent value. */
  readonly detFromEigenvalues: Decimal;
  /** min_i |1 - eta lambda_i|, the smallest singular value of the symmetric DG: 0 iff DG is singular. */
  readonly smallestSingularValue: Decimal;
  /** Precision floor for the smallest singular value: 10^(5 - digits) max(1, eta |H|). */
  readonly floor: Decimal;
  /** Scale of the determinant for comparing the two values: prod_i max(1, |1 - eta lambda_i|). */
  readonly scale: Decimal;
}

export function gdMapDeterminant(h: Matrix, eta: Decimal, ctx: NumericContext): GdMapDeterminant {
  const { D } = ctx;
  const dg = h.map((row, i) => row.map((x, j) => (i === j ? new D(1) : new D(0)).minus(eta.times(x))));
  const { values } = jacobiEigen(h, ctx);
  const factors = values.map((l) => new D(1).minus(eta.times(l)));
  const norm = D.max(...values.map((l) => l.abs()));
  return {
    det: determinant(dg, ctx),
    detFromEigenvalues: factors.reduce((p, x) => p.times(x), new D(1)),
    smallestSingularValue: D.min(...factors.map((x) => x.abs())),
    floor: D.max(1, eta.times(norm)).times(new D(10).pow(5 - ctx.digits)),
    scale: factors.reduce((p, x) => p.times(D.max(1, x.abs())), new D(1)),
  };
}
