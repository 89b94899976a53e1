import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedMinimum, lineByJets, normalReduction, svd } from '../src/dynamics/linear-network/balanced.js';
import { determinant, jacobiEigen } from '../src/dynamics/linear-network/eigen.js';
import { gdMapDeterminant } from '../src/dynamics/linear-network/gd-map.js';
import { convergenceFraction, divergenceEstimate, wilsonInterval } from '../src/dynamics/linear-network/monte-carlo.js';
import { basis, hessianOf, linearNetwork, networkDerivatives, networkExpr, parseSizes, parseTarget, weightSlots, type LinearNetwork } from '../src/dynamics/linear-network/network.js';
import { minimiserThrough, sharpnessBound } from '../src/dynamics/linear-network/stable-minima.js';
import { compile } from '../src/numeric/compile.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { jetAlgebra, jetSpace, partialDerivative } from '../src/numeric/jet.js';
import { InputError } from '../src/symbolic/loss.js';
import { networkOf } from '../theorems/linear-network-instances.js';
import { linearNetworkNormalReduction } from '../theorems/linear-network-normal-reduction.js';

const ctx = numericContext(30);
const { D } = ctx;
const alg = decimalAlgebra(ctx);
const tol = new D(10).pow(-25);

/** Every partial derivative to order 4 of the expression tree at w, by Taylor-mode jets over n slots. */
function jetDerivatives(net: LinearNetwork, w: readonly InstanceType<typeof D>[]) {
  const jets = jetAlgebra(ctx, jetSpace(net.n, 4));
  const jet = compile(networkExpr(net), jets, weightSlots(net))(w.map((x, i) => jets.variable(i, x)));
  return (indices: readonly number[]) => {
    const exponents = Array.from({ length: net.n }, (_, v) => indices.filter((i) => i === v).length);
    return partialDerivative(jets.space, jet, exponents, ctx);
  };
}

describe('closed-form derivatives of |W2 W1 - M|_F^2/2 against jets of its expression tree', () => {
  const cases: [string, string][] = [
    ['2,2,2', '3,-1/2;1/3,1'],
    ['1,2,3', '1;-2;1/2'],
    ['2,1,2', '1,2;3,4'],
  ];
  it.each(cases)('sizes %s, target %s: value, gradient, Hessian, 3rd and 4th derivatives at random points agree', (sizes, target) => {
    const net = linearNetwork(sizes, target);
    const e = basis(alg, net.n);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: net.n, maxLength: net.n }), (ints) => {
        const w = ints.map((k) => new D(k).div(7));
        const d = networkDerivatives(net, alg, w);
        const jet = jetDerivatives(net, w);
        let worst = d.value.minus(jet([])).abs();
        const h = hessianOf(d, e);
        for (let i = 0; i < net.n; i++) {
          worst = D.max(worst, d.gradient[i]!.minus(jet([i])).abs());
          for (let j = i; j < net.n; j++) {
            worst = D.max(worst, h[i]![j]!.minus(jet([i, j])).abs());
            for (let k = j; k < net.n; k++) {
              worst = D.max(worst, d.third(e[i]!, e[j]!, e[k]!).minus(jet([i, j, k])).abs());
              for (let l = k; l < net.n; l++) worst = D.max(worst, d.fourth(e[i]!, e[j]!, e[k]!, e[l]!).minus(jet([i, j, k, l])).abs());
            }
          }
        }
        expect(worst.toNumber()).toBeLessThan(1e-25);
      }),
      { numRuns: 3, seed: 4 },
    );
  });

  it('the line coefficients are D^k L[a^k]/k!, and a wrong degree would show (the fourth is not zero)', () => {
    const net = linearNetwork('2,2,2', '3,0;0,1');
    const w = Array.from({ length: 8 }, (_, i) => new D(i - 3).div(4));
    const a = Array.from({ length: 8 }, (_, i) => new D(i % 3).minus(1).div(2));
    const d = networkDerivatives(net, alg, w);
    const jets = lineByJets(net, w, a, ctx);
    const expected = [d.value, d.gradient.reduce((s, g, i) => s.plus(g.times(a[i]!)), new D(0)), d.second(a, a).div(2), d.third(a, a, a).div(6), d.fourth(a, a, a, a).div(24)];
    expected.forEach((x, k) => expect(x.minus(jets[k]!).abs().lte(tol)).toBe(true));
    expect(d.line(a).every((x, k) => x.minus(jets[k]!).abs().lte(tol))).toBe(true);
    expect(jets[4]!.isZero()).toBe(false);
  });
});

describe('Prop 2.6 at the balanced minimum', () => {
  it.each([
    ['2,2,2', '3,0;0,1'],
    ['2,3,2', '12/5,-3/5;16/5,4/5'],
    ['3,2,2', '1,2,0;0,1,1'],
    ['3,3,1', '1,2,2'],
    ['1,1,1', '2'],
  ])('sizes %s, target %s: sharpness 2 sigma_1, kernel of the manifold dimension, Q_perp(u) = -4', (sizes, target) => {
    const net = linearNetwork(sizes, target);
    const min = balancedMinimum(net, ctx);
    if (min.kind !== 'balanced') throw new Error(min.reason);
    const d = networkDerivatives(net, alg, min.point);
    expect(d.value.abs().lte(tol)).toBe(true);
    expect(d.gradient.every((g) => g.abs().lte(tol))).toBe(true);
    const r = normalReduction(net, min, ctx);
    expect(r.sharpness.minus(r.sigma1.times(2)).abs().lte(tol)).toBe(true);
    expect(r.kernelDimension).toBe(r.manifoldDimension);
    expect(r.qPerp.plus(4).abs().lte(tol)).toBe(true);
    // The negative control: without the coupling term the quartic coefficient has the other sign.
    expect(r.quarticTerm.minus(new D(1).div(2)).abs().lte(tol)).toBe(true);
  });

  it('is not reduced where its hypotheses fail: repeated singular values, a hidden layer narrower than rank M', () => {
    expect(balancedMinimum(linearNetwork('2,2,2', '2,0;0,2'), ctx)).toMatchObject({ kind: 'degenerate', reason: 'repeated singular values' });
    expect(balancedMinimum(linearNetwork('2,1,2', '3,0;0,1'), ctx).kind).toBe('degenerate');
  });
});

describe('seed 004 helpers', () => {
  it('Jacobi eigenvalues of Q diag Q^T and the determinant by elimination', () => {
    // Q = I - 2 v v^T/|v|^2 (a reflection, exactly orthogonal), v = (1, 2, 2, 4).
    const v = [1, 2, 2, 4].map((x) => new D(x));
    const q = v.map((a, i) => v.map((b, j) => new D(i === j ? 1 : 0).minus(a.times(b).times(2).div(25))));
    const diag = [-3, 1 / 2, 2, 7].map((x) => new D(x));
    const m = q.map((row) => q.map((_, j) => row.reduce((s, x, k) => s.plus(x.times(diag[k]!).times(q[j]![k]!)), new D(0))));
    const eig = jacobiEigen(m, ctx);
    expect(eig.values.map((x) => x.toDecimalPlaces(20).toNumber())).toEqual([-3, 0.5, 2, 7]);
    expect(determinant(m, ctx).plus(21).abs().lte(tol)).toBe(true);
  });

  it('flags a singular GD map: the quadratic |w|^2/(2 eta) has DG = 0', () => {
    const eta = new D(1).div(3);
    const h = basis(alg, 3).map((row) => row.map((x) => x.div(eta)));
    const g = gdMapDeterminant(h, eta, ctx);
    expect(g.smallestSingularValue.lte(g.floor)).toBe(true);
    expect(g.det.abs().lte(g.floor)).toBe(true);
  });

  it.each([
    ['2,2,2', '3,1;0,1'],
    ['2,3,2', '1,2;3,4'],
    ['3,2,2', '1,2,0;0,1,1'],
  ])('random minimisers through a free factor (%s): W2 W1 = M and max(|W1|^2, |W2|^2), 2 sigma_1 <= sharpness <= |W1|^2 + |W2|^2', (sizes, target) => {
    const net = linearNetwork(sizes, target);
    const shape = net.sizes[1] >= net.sizes[0] ? [net.sizes[1], net.sizes[0]] : [net.sizes[2], net.sizes[1]];
    const free = Array.from({ length: shape[0]! }, (_, i) => Array.from({ length: shape[1]! }, (_e, j) => new D((i + 1) * (j + 2)).div(5).minus(i === j ? 0 : 1)));
    const w = minimiserThrough(net, free, ctx)!;
    const b = sharpnessBound(net, w, ctx);
    expect(b.residual.lte(tol)).toBe(true);
    expect(b.sharpness.gte(D.max(b.w1Op2, b.w2Op2).minus(tol))).toBe(true);
    expect(b.sharpness.lte(b.w1Op2.plus(b.w2Op2).plus(tol))).toBe(true);
    // Every minimum is at least as sharp as the balanced one (the divergence theorem's hypothesis).
    expect(b.sharpness.gte(svd(net, ctx).values[0]!.times(2).minus(tol))).toBe(true);
  });

  it('the Wilson interval at k = 0 is [0, z^2/(N + z^2)] and mirrors at k = N', () => {
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 100).low).toBe(0);
    expect(wilsonInterval(0, 100).high).toBeCloseTo(z2 / (100 + z2), 12);
    expect(wilsonInterval(100, 100).low).toBeCloseTo(1 - z2 / (100 + z2), 12);
    const mid = wilsonInterval(30, 100);
    expect(mid.low).toBeLessThan(0.3);
    expect(mid.high).toBeGreaterThan(0.3);
  });

  it('Monte Carlo: reproducible from its seed; none converge above eta* = 1/sigma_1, most below', () => {
    const net = linearNetwork('2,2,2', '3,0;0,1');
    const above = divergenceEstimate(net, 1.25 / 3, 3, 11, 40, 1000);
    expect(above.converged).toBe(0);
    expect(above).toEqual(divergenceEstimate(net, 1.25 / 3, 3, 11, 40, 1000));
    expect(divergenceEstimate(net, 0.5 / 3, 3, 11, 40, 1000).converged).toBeGreaterThan(30);
    // A different seed draws different initialisations.
    const settings = { eta: 0.75 / 3, samples: 40, steps: 1000, box: 3, tolerance: 1e-8 };
    expect(convergenceFraction(net, { ...settings, seed: 1 }).converged).not.toBe(convergenceFraction(net, { ...settings, seed: 2 }).converged);
  });
});

describe('input', () => {
  it.each([
    [() => parseSizes('2,2'), 'sizes must be three integers'],
    [() => parseSizes('2,0,2'), 'sizes must be three integers'],
    [() => parseTarget('1,2;3', [2, 2, 2]), 'the target must be 2 x 2'],
    [() => parseTarget('1,2,3', [2, 2, 2]), 'the target must be 2 x 2'],
    [() => parseTarget('1,x;0,1', [2, 2, 2]), 'target entry (1,2)'],
  ])('rejects bad sizes and targets with an InputError (%#)', (f, fragment) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(fragment);
  });

  it('reads a target row-major without row separators, as the replay line writes it', () => {
    const a = linearNetwork('2,2,2', '3,0;0,1');
    const b = linearNetwork('2,2,2', '3,0,0,1');
    expect(b.target).toEqual(a.target);
  });

  it('a loss that is not a linear network is outside the theorems (undecided, not a counterexample)', () => {
    const input = { loss: 'x^2', vars: ['x'], eta: '1', start: ['1'] };
    expect(networkOf(input).kind).toBe('undecided');
    expect(linearNetworkNormalReduction.check(input, { digits: 20 }).kind).toBe('undecided');
  });
});
