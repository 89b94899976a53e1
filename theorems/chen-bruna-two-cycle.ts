import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { stepJacobian } from '../src/dynamics/period-two-orbits.js';
import { orbitNear } from './reduction-at.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Chen and Bruna's two-cycle (MATH.md §5): for L = (x^2 - mu)^2/4 at eta = K/mu the orbit around the
 * minimum sqrt(mu) has centre m and half-amplitude a with m^2 + 3a^2 = mu and m^2 - a^2 = 1/eta, so
 * a^2 = (mu - 1/eta)/4 exactly, and multiplier G'(w1) G'(w0) = 7 - 4K - 2K^2. The check solves the
 * orbit by Newton from the prediction and compares all three; the mutant flips the sign of 2K^2.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const { D } = i.ctx;
      const mu = i.f.loss.params.get('mu');
      if (!mu || mu.kind !== 'num') return { kind: 'undecided', reason: 'the loss is not (x^2 - mu)^2/4 with a rational mu' };
      const muValue = new D(mu.num.toString()).div(mu.den.toString());
      if (!muValue.isPositive()) return { kind: 'undecided', reason: 'mu must be positive' };
      const k = i.eta.times(muValue);
      if (!k.gt(1)) return { kind: 'undecided', reason: `K = eta mu = ${show(k, 6)} <= 1: below eta_c, no orbit` };
      const a2 = muValue.minus(D.div(1, i.eta)).div(4);
      const m2 = D.div(1, i.eta).plus(a2);
      // The orbit around the minimum on the start's side (m has the sign of the start).
      const sign = i.start[0]!.isNegative() ? -1 : 1;
      const [m, a] = [m2.sqrt().times(sign), a2.sqrt()];
      const orbit = orbitNear(i, i.eta, [m], [a]);
      if (!orbit) return { kind: 'undecided', reason: `Newton found no period-two orbit near m = ${show(m, 8)}, a = ${show(a, 8)}` };
      const [w0, w1] = orbit.points.map((w) => w[0]!) as [Decimal, Decimal];
      const centre = w0.plus(w1).div(2);
      const half = w1.minus(w0).div(2);
      const product = stepJacobian(i.f, [w1], i.eta)[0]![0]!.times(stepJacobian(i.f, [w0], i.eta)[0]![0]!);
      const predicted = new D(7).minus(k.times(4)).plus(k.pow(2).times(mutant ? 2 : -2));
      const residuals = [
        centre.pow(2).plus(half.pow(2).times(3)).minus(muValue).abs(),
        centre.pow(2).minus(half.pow(2)).minus(D.div(1, i.eta)).abs(),
        half.pow(2).minus(a2).abs(),
        product.minus(predicted).abs(),
      ];
      const worst = residuals.reduce((x, y) => (x.gt(y) ? x : y));
      return compare(worst, tolerance(i.ctx, D.max(muValue, predicted.abs(), k.pow(2))), {
        K: show(k),
        orbit: `${show(w0)} <-> ${show(w1)}`,
        'a^2 (solved, predicted)': `${show(half.pow(2))}, ${show(a2)}`,
        'multiplier (solved, predicted)': `${show(product)}, ${show(predicted)}`,
      });
    });
}

/** mu = p/q in (0, 4], K in (1, 2) with denominator 20, eta = K/mu as one exact fraction; either well. */
function inputs(): fc.Arbitrary<TheoremInput> {
  return fc
    .record({ p: fc.integer({ min: 1, max: 40 }), q: fc.integer({ min: 1, max: 10 }), k: fc.integer({ min: 21, max: 39 }), side: fc.constantFrom('1', '-1') })
    .map(({ p, q, k, side }) => ({
      loss: '(x^2 - mu)^2/4',
      vars: ['x'],
      params: { mu: `${p}/${q}` },
      // eta = (k/20) / (p/q) = k q / (20 p).
      eta: `${k * q}/${20 * p}`,
      // Only the sign of the start matters: it picks the well (the orbit around +sqrt(mu) or -sqrt(mu)).
      start: [side],
    }));
}

export const chenBrunaTwoCycle: Theorem = {
  id: 'chen-bruna-two-cycle',
  title: "Chen and Bruna's two-cycle: a^2 = (mu - 1/eta)/4 exactly, multiplier 7 - 4K - 2K^2",
  source: 'Chen and Bruna (2023), the quartic (x^2 - mu)^2/4; MATH.md §5',
  statement:
    'L = \\tfrac14 (x^2 - \\mu)^2,\\ \\eta = K/\\mu,\\ K > 1:\\quad m^2 + 3a^2 = \\mu,\\quad m^2 - a^2 = \\frac{1}{\\eta},\\quad a^2 = \\frac{\\mu - 1/\\eta}{4},\\quad G\'(m+a)\\,G\'(m-a) = 7 - 4K - 2K^2.',
  hypotheses: ['mu > 0 rational', 'the start picks the well: the orbit around sign(x0) sqrt(mu)', 'K = eta mu in (1, 2) (the orbit is stable for 1 < K < sqrt(5) - 1)'],
  method:
    'Predicts m and a from the closed form, solves the period-two orbit {m - a, m + a} by Newton at working precision from that prediction, and compares m^2 + 3a^2 with mu, m^2 - a^2 with 1/eta, a^2 with (mu - 1/eta)/4 and the product of the two GD derivatives 1 - eta L\'\'(w) with 7 - 4K - 2K^2.',
  check: check(false),
  mutant: { description: 'multiplier 7 - 4K + 2K^2 (sign of the K^2 term)', check: check(true) },
  inputs,
  example: { loss: '(x^2 - mu)^2/4', vars: ['x'], params: { mu: '1/3' }, eta: '33/10', start: ['1'] },
};
