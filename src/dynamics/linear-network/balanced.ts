import type { Decimal } from 'decimal.js';
import { compile } from '../../numeric/compile.js';
import type { NumericContext } from '../../numeric/context.js';
import { decimalAlgebra } from '../../numeric/decimal-algebra.js';
import { jetAlgebra, jetSpace } from '../../numeric/jet.js';
import type { Vector } from '../../numeric/linalg.js';
import { dot, scale } from '../vectors.js';
import { jacobiEigen } from './eigen.js';
import { basis, hessianOf, joinWeights, matMulIn, networkDerivatives, networkExpr, targetMatrix, transposeOf, weightSlots, type LinearNetwork } from './network.js';

/** The singular values of M, descending, with their left and right singular vectors. */
export interface Svd {
  readonly values: readonly Decimal[];
  readonly left: readonly Vector[];
  readonly right: readonly Vector[];
}

/** Relative size below which a computed eigenvalue counts as zero: five digits short of the requested ones. */
export function zeroThreshold(ctx: NumericContext, size: Decimal): Decimal {
  return ctx.D.max(1, size.abs()).times(new ctx.D(10).pow(5 - ctx.digits));
}

/** The nonzero singular triples of M from the eigen-decomposition of M^T M (u_i = M v_i / sigma_i). */
export function svd(net: LinearNetwork, ctx: NumericContext): Svd {
  const alg = decimalAlgebra(ctx);
  const M = targetMatrix(net, ctx);
  const eig = jacobiEigen(matMulIn(alg, transposeOf(M), M), ctx);
  const top = eig.values.at(-1)!;
  const kept = eig.values.map((l, i) => ({ l, v: eig.vectors[i]! })).filter(({ l }) => l.gt(zeroThreshold(ctx, top))).reverse();
  const values = kept.map(({ l }) => ctx.D.sqrt(l));
  const right = kept.map(({ v }) => v);
  const left = right.map((v, i) => scale(new ctx.D(1).div(values[i]!), M.map((row) => dot(row, v))));
  return { values, left, right };
}

export type BalancedMinimum =
  | { readonly kind: 'balanced'; readonly svd: Svd; readonly point: Vector }
  | { readonly kind: 'degenerate'; readonly reason: string };

/**
 * W1 = S^{1/2} V^T, W2 = U S^{1/2} (padded with zero rows and columns up to width d1): a global
 * minimum with |W1|_op = |W2|_op, the flattest one. Needs d1 >= rank M (else the loss cannot reach
 * 0) and distinct singular values (else the top eigenvalue of the Hessian is not simple).
 */
export function balancedMinimum(net: LinearNetwork, ctx: NumericContext): BalancedMinimum {
  const [d0, d1, d2] = net.sizes;
  const s = svd(net, ctx);
  const r = s.values.length;
  if (r === 0) return { kind: 'degenerate', reason: 'the target is 0' };
  if (d1 < r) return { kind: 'degenerate', reason: `the hidden width ${d1} is below rank M = ${r}: the loss does not reach 0` };
  const gap = zeroThreshold(ctx, s.values[0]!);
  if (s.values.some((x, i) => i > 0 && s.values[i - 1]!.minus(x).lte(gap))) return { kind: 'degenerate', reason: 'repeated singular values' };
  const { D } = ctx;
  const roots = s.values.map((x) => D.sqrt(x));
  const zero = new D(0);
  const W1 = Array.from({ length: d1 }, (_, i) => Array.from({ length: d0 }, (_e, k) => (i < r ? roots[i]!.times(s.right[i]![k]!) : zero)));
  const W2 = Array.from({ length: d2 }, (_, k) => Array.from({ length: d1 }, (_e, i) => (i < r ? roots[i]!.times(s.left[i]![k]!) : zero)));
  return { kind: 'balanced', svd: s, point: joinWeights(W1, W2) };
}

/** Prop 2.6 at a balanced minimum, everything the check and the CLI report. */
export interface NormalReductionReport {
  readonly sigma1: Decimal;
  /** 1/sigma_1 = 2/sharpness. */
  readonly criticalEta: Decimal;
  readonly sharpness: Decimal;
  readonly kernelDimension: number;
  /** n - d0 d2: the dimension of the minimiser manifold {W2 W1 = M} at a point where the product map is a submersion. */
  readonly manifoldDimension: number;
  /** The top eigenvector of H, oriented so that the cubic coefficient of L(w* + t u) is positive. */
  readonly u: Vector;
  readonly qPerp: Decimal;
  /** Q4[u,u,u,u]/6 alone: Q_perp without the coupling through the pseudo-inverse. */
  readonly quarticTerm: Decimal;
  /** Taylor coefficients of L(w* + t u), degrees 2-4: closed form and jets of the expression tree. */
  readonly lineClosedForm: readonly Decimal[];
  readonly lineJets: readonly Decimal[];
  /** sigma_1, sqrt(sigma_1/2), 1/8 (MATH.md §4). */
  readonly linePredicted: readonly Decimal[];
  readonly scale: Decimal;
}

/**
 * Q_perp(u) = Q4[u,u,u,u]/6 - <T[u,u,.], H^+ T[u,u,.]>/2 with H^+ the pseudo-inverse (the inverse on
 * (ker H)^perp): the tangent components of T[u,u,.] move along the manifold of minima and cost
 * nothing, so they drop out.
 */
export function normalReduction(net: LinearNetwork, min: Extract<BalancedMinimum, { kind: 'balanced' }>, ctx: NumericContext): NormalReductionReport {
  const { D } = ctx;
  const alg = decimalAlgebra(ctx);
  const e = basis(alg, net.n);
  const d = networkDerivatives(net, alg, min.point);
  const eig = jacobiEigen(hessianOf(d, e), ctx);
  const sharpness = eig.values.at(-1)!;
  const tiny = zeroThreshold(ctx, sharpness);
  const top = eig.vectors.at(-1)!;
  const u = d.line(top)[3]!.isNegative() ? scale(new D(-1), top) : top;
  const t = e.map((ek) => d.third(u, u, ek));
  const hPlusT = eig.values.reduce<Vector>(
    (acc, l, i) => (l.abs().lte(tiny) ? acc : acc.map((x, k) => x.plus(eig.vectors[i]![k]!.times(dot(eig.vectors[i]!, t)).div(l)))),
    t.map(() => new D(0)),
  );
  const quarticTerm = d.fourth(u, u, u, u).div(6);
  const sigma1 = min.svd.values[0]!;
  const [d0, , d2] = net.sizes;
  return {
    sigma1,
    criticalEta: new D(1).div(sigma1),
    sharpness,
    kernelDimension: eig.values.filter((l) => l.abs().lte(tiny)).length,
    manifoldDimension: net.n - d0 * d2,
    u,
    qPerp: quarticTerm.minus(dot(t, hPlusT).div(2)),
    quarticTerm,
    lineClosedForm: d.line(u).slice(2),
    lineJets: lineByJets(net, min.point, u, ctx).slice(2),
    linePredicted: [sigma1, D.sqrt(sigma1.div(2)), new D(1).div(8)],
    scale: sharpness,
  };
}

/** Taylor coefficients of t -> L(w + t a) from the expression tree in the 1-variable jet algebra. */
export function lineByJets(net: LinearNetwork, w: Vector, a: Vector, ctx: NumericContext): readonly Decimal[] {
  const jets = jetAlgebra(ctx, jetSpace(1, 4));
  const t = jets.variable(0, 0);
  const f = compile(networkExpr(net), jets, weightSlots(net));
  return f(w.map((x, i) => jets.add(jets.constantJet(x), jets.mul(jets.constantJet(a[i]!), t)))).c;
}

