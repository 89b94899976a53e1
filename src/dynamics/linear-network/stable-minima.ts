import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../../numeric/context.js';
import { decimalAlgebra } from '../../numeric/decimal-algebra.js';
import { solve, type Vector } from '../../numeric/linalg.js';
import { jacobiEigen } from './eigen.js';
import { basis, hessianOf, inner, joinWeights, matMulIn, networkDerivatives, splitWeights, targetMatrix, transposeOf, type LinearNetwork, type Mat } from './network.js';

/**
 * Why stable minima are bounded (seed 004). At a minimiser R = W2 W1 - M = 0, so
 * D^2 L[a, a] = |A2 W1 + W2 A1|_F^2. The unit direction A1 = 0, A2 = x y^T (|x| = |y| = 1) gives
 * |x y^T W1|_F^2 = |W1^T y|^2, whose maximum over y is |W1|_op^2; A2 = 0, A1 = x y^T gives
 * |W2 x|^2 <= |W2|_op^2 likewise. So sharpness >= max(|W1|_op^2, |W2|_op^2), and a minimum that GD
 * can keep (sharpness <= 2/eta) has |W1|_op, |W2|_op <= sqrt(2/eta). (Cauchy-Schwarz gives the
 * other side, sharpness <= |W1|_op^2 + |W2|_op^2, with equality at balanced minima.)
 */
export interface SharpnessBound {
  readonly sharpness: Decimal;
  readonly w1Op2: Decimal;
  readonly w2Op2: Decimal;
  /** |W2 W1 - M|_F: 0 at a minimiser. */
  readonly residual: Decimal;
}

const opNormSquared = (m: Mat<Decimal>, ctx: NumericContext): Decimal => jacobiEigen(matMulIn(decimalAlgebra(ctx), transposeOf(m), m), ctx).values.at(-1)!;

export function sharpnessBound(net: LinearNetwork, w: Vector, ctx: NumericContext): SharpnessBound {
  const alg = decimalAlgebra(ctx);
  const d = networkDerivatives(net, alg, w);
  const { W1, W2 } = splitWeights(net, w);
  const M = targetMatrix(net, ctx);
  const R = matMulIn(alg, W2, W1).map((row, i) => row.map((x, k) => x.minus(M[i]![k]!)));
  return {
    sharpness: jacobiEigen(hessianOf(d, basis(alg, net.n)), ctx).values.at(-1)!,
    w1Op2: opNormSquared(W1, ctx),
    w2Op2: opNormSquared(W2, ctx),
    residual: inner(alg, R, R).sqrt(),
  };
}

/**
 * A minimiser through random weights: W1 given with full column rank (d1 >= d0) and
 * W2 = M (W1^T W1)^{-1} W1^T, or W2 given with full row rank (d1 >= d2) and
 * W1 = W2^T (W2 W2^T)^{-1} M; either way W2 W1 = M. Undefined when d1 < min(d0, d2).
 */
export function minimiserThrough(net: LinearNetwork, free: Mat<Decimal>, ctx: NumericContext): Vector | undefined {
  const [d0, d1, d2] = net.sizes;
  const alg = decimalAlgebra(ctx);
  const M = targetMatrix(net, ctx);
  // X = G^{-1} Y column by column (G symmetric positive definite when the rank is full).
  const leftSolve = (G: Mat<Decimal>, Y: Mat<Decimal>): Mat<Decimal> => transposeOf(transposeOf(Y).map((col) => solve(G, col, ctx)));
  if (d1 >= d0) {
    const W1 = free;
    const W2 = matMulIn(alg, M, leftSolve(matMulIn(alg, transposeOf(W1), W1), transposeOf(W1)));
    return joinWeights(W1, W2);
  }
  if (d1 >= d2) {
    const W2 = free;
    const W1 = matMulIn(alg, transposeOf(W2), leftSolve(matMulIn(alg, W2, transposeOf(W2)), M));
    return joinWeights(W1, W2);
  }
  return undefined;
}

/** The shape of the free factor minimiserThrough expects: W1 (d1 x d0) or W2 (d2 x d1). */
export function freeFactorShape(net: LinearNetwork): readonly [number, number] | undefined {
  const [d0, d1, d2] = net.sizes;
  if (d1 >= d0) return [d1, d0];
  if (d1 >= d2) return [d2, d1];
  return undefined;
}
