import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { gdMapDeterminant, type GdMapDeterminant } from '../src/dynamics/linear-network/gd-map.js';
import { basis, hessianOf, networkDerivatives } from '../src/dynamics/linear-network/network.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { constantValue, parseEta } from '../src/numeric/evaluate.js';
import { networkInput, networkOf, ratio } from './linear-network-instances.js';
import { decided, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Seed 004: the GD map G(w) = w - eta grad L(w) of a linear network is non-singular: det DG =
 * det(I - eta H) vanishes only on a null set, so at a random point it is not 0. Checked at the
 * input point: det by elimination and as prod (1 - eta lambda_i) must agree, and the smallest
 * singular value of DG must clear the precision floor. The instances are lattice points (k/4, eta in
 * eighths), which can lie on the null set itself (deep search, seed 20261130: M = 0, eta = 2, weights
 * 0 and -1/2, where 1 - eta lambda = 0 exactly): a singular point refutes an "almost every" claim only
 * if DG is singular all around it, so such a point is re-tested at three nearby points offset along
 * irrational directions; one non-singular neighbour shows the point is on the null set (holds), all
 * singular means an open singular set (violated). The mutant applies the same test to the
 * quadratic loss |w|^2/(2 eta), whose DG = I - eta (1/eta) I = 0 is singular everywhere: a
 * determinant test that cannot flag that could not flag anything.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict => {
    const of = networkOf(input);
    if (of.kind !== 'network') return of;
    const { net } = of;
    const ctx = numericContext(options.digits);
    const { D } = ctx;
    const eta = parseEta(input.eta, ctx);
    const alg = decimalAlgebra(ctx);
    const w = input.start.map((x, i) => constantValue(x, `weight ${i + 1}`, ctx));
    const e = basis(alg, net.n);
    const at = (v: readonly Decimal[]) =>
      gdMapDeterminant(mutant ? e.map((row) => row.map((x) => x.div(eta))) : hessianOf(networkDerivatives(net, alg, v), e), eta, ctx);
    const g = at(w);
    const disagreement = g.det.minus(g.detFromEigenvalues).abs();
    const agreementTol = g.scale.times(new D(10).pow(5 - ctx.digits));
    const isSingular = (x: GdMapDeterminant) => x.smallestSingularValue.lte(x.floor);
    const singular = isSingular(g);
    // Offsets 10^-3 frac(k sqrt(p) (i + 1)) for p = 2, 3, 5: off any algebraic set through the point.
    const neighbours = singular ? [2, 3, 5].map((p) => at(w.map((x, i) => x.plus(new D(p).sqrt().times(i + 1).mod(1).div(1000))))) : [];
    const openSet = singular && neighbours.every(isSingular);
    const evidence = {
      'det DG (elimination)': show(g.det),
      'prod (1 - eta lambda_i)': show(g.detFromEigenvalues),
      'min abs(1 - eta lambda_i)': show(g.smallestSingularValue),
      'precision floor': show(g.floor, 3),
      ...(singular && { 'min abs(1 - eta lambda_i) at 3 irrational neighbours (10^-3)': neighbours.map((x) => show(x.smallestSingularValue, 3)).join(', ') }),
    };
    // Singular all around is the failure the claim excludes; otherwise the two determinants must agree.
    if (openSet) return decided(false, g.smallestSingularValue, g.floor, evidence);
    return decided(disagreement.lte(agreementTol), disagreement, agreementTol, evidence);
  };
}

/** Random sizes, a random rational target and point, eta in eighths. */
function inputs(): fc.Arbitrary<TheoremInput> {
  const entry = fc.integer({ min: -8, max: 8 }).map((k) => ratio(BigInt(k), 2n));
  return fc
    .record({ d0: fc.integer({ min: 1, max: 3 }), d1: fc.integer({ min: 1, max: 3 }), d2: fc.integer({ min: 1, max: 2 }), eta: fc.integer({ min: 1, max: 16 }) })
    .chain(({ d0, d1, d2, eta }) =>
      fc.record({ target: fc.array(entry, { minLength: d0 * d2, maxLength: d0 * d2 }), point: fc.array(fc.integer({ min: -12, max: 12 }), { minLength: d1 * (d0 + d2), maxLength: d1 * (d0 + d2) }) }).map(({ target, point }) =>
        networkInput([d0, d1, d2], target, `${eta}/8`, point.map((k) => `${k}/4`)),
      ),
    );
}

export const linearNetworkGdMapNonsingular: Theorem = {
  id: 'linear-network-gd-map-nonsingular',
  title: 'Linear networks: the GD map is non-singular, det DG = det(I - eta H) != 0 off a null set',
  source: 'Craciun & Ghoshdastidar 2024 (seed 004), GD map non-singular; MATH.md §5',
  statement: 'L = \\tfrac12\\|W_2W_1 - M\\|_F^2,\\ G(w) = w - \\eta\\nabla L(w):\\quad \\det DG(w) = \\det(I - \\eta H(w)) = \\prod_i (1 - \\eta\\lambda_i(w)) \\ne 0 \\text{ for almost every } w.',
  hypotheses: ['a point w and a learning rate eta > 0 drawn at random (the singular set has measure zero, so a random point is off it)'],
  method:
    'Builds the closed-form Hessian at the point, computes det(I - eta H) by Gaussian elimination and as prod (1 - eta lambda_i) from a Jacobi eigen-decomposition; the two must agree to the precision, and min |1 - eta lambda_i| (the smallest singular value of the symmetric DG) must exceed 10^(5 - digits) max(1, eta |H|), or, at a point of the null set itself, at one of three neighbours offset by 10^-3 along irrational directions.',
  check: check(false),
  mutant: { description: 'the same test on the quadratic loss |w|^2/(2 eta), where DG = 0 everywhere', check: check(true) },
  inputs,
  example: networkInput([2, 2, 2], [ratio(3n), ratio(0n), ratio(0n), ratio(1n)], '1/2', ['1', '1/2', '-1/4', '3/4', '1/2', '1', '0', '-1']),
};
