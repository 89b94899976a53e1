import fc from 'fast-check';
import { svd } from '../src/dynamics/linear-network/balanced.js';
import { CONVERGED_GRADIENT, DIVERGENCE_SAMPLES, DIVERGENCE_STEPS, divergenceEstimate, type MonteCarloEstimate } from '../src/dynamics/linear-network/monte-carlo.js';
import { numericContext } from '../src/numeric/context.js';
import { parseEta } from '../src/numeric/evaluate.js';
import { InputError } from '../src/symbolic/loss.js';
import { networkInput, networkOf, plantedTargets, ratio, show as showRational } from './linear-network-instances.js';
import { decided, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

const describe = (m: MonteCarloEstimate): string =>
  `${m.converged}/${m.samples} converged (95% Wilson [${m.interval.low.toFixed(3)}, ${m.interval.high.toFixed(3)}]), ${m.diverged} diverged, eta ${m.eta.toPrecision(6)}`;

/**
 * Seed 004: above eta* = 1/sigma_1 no minimum is stable and saddles repel. Why every minimum has
 * sharpness >= 2 sigma_1: with M v1 = sigma_1 u1, p = W1 v1 / |W1 v1|, q = W2^T u1 / |W2^T u1|, the
 * unit direction A1 = alpha q v1^T, A2 = beta u1 p^T (alpha^2 + beta^2 = 1) has
 * <A2 W1 + W2 A1, u1 v1^T> = beta |W1 v1| + alpha |W2^T u1|, so at a minimiser
 * sharpness >= |W1 v1|^2 + |W2^T u1|^2 >= 2 |W1 v1| |W2^T u1| >= 2 u1^T W2 W1 v1 = 2 sigma_1 > 2/eta
 * (equality at the balanced minimum). So the initialisations from which GD converges to a critical
 * point form a null set: a Monte Carlo sample must find none. A control run at half of eta* must
 * find some, or the convergence test could not tell. The mutant puts the threshold at half of eta*
 * and tests at three quarters of eta*, where stable minima exist and most runs converge.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict => {
    const of = networkOf(input);
    if (of.kind !== 'network') return of;
    const ctx = numericContext(options.digits);
    const seedText = input.params?.['seed'] ?? '1';
    if (!/^\d+$/.test(seedText)) throw new InputError(`--param seed must be a non-negative integer, got '${seedText}'`);
    const seed = Number(seedText);
    const singular = svd(of.net, ctx).values;
    const sigma = singular[0];
    if (!sigma) return { kind: 'undecided', reason: 'the target is 0' };
    if (of.net.sizes[1] < singular.length) return { kind: 'undecided', reason: 'd1 < rank M: the minima have loss > 0 and eta* = 1/sigma_1 does not apply' };
    const etaStar = ctx.D.div(1, sigma);
    const eta = parseEta(input.eta, ctx);
    if (!mutant && eta.lte(etaStar)) return { kind: 'undecided', reason: `eta = ${show(eta, 8)} is not above eta* = 1/sigma_1 = ${show(etaStar, 8)}` };
    const s1 = sigma.toNumber();
    const tested = divergenceEstimate(of.net, mutant ? 0.75 / s1 : eta.toNumber(), s1, seed);
    const control = divergenceEstimate(of.net, (mutant ? 0.25 : 0.5) / s1, s1, seed + 1);
    if (control.converged === 0) return { kind: 'undecided', reason: `the control below the threshold converged nowhere (${describe(control)})` };
    return decided(tested.converged === 0, new ctx.D(tested.fraction), new ctx.D(0), {
      'eta* = 1/sigma_1': show(etaStar),
      [mutant ? 'at 3 eta*/4' : 'at eta']: describe(tested),
      [mutant ? 'control at eta*/4' : 'control at eta*/2']: describe(control),
      setting: `float64 GD, ${tested.steps} steps, start uniform in [-sqrt(sigma_1), sqrt(sigma_1)]^${of.net.n}, converged = norm(grad) < ${CONVERGED_GRADIENT}, seed ${seed}`,
    });
  };
}

const RATIOS = [ratio(9n, 8n), ratio(5n, 4n), ratio(3n, 2n), ratio(2n)];

export const linearNetworkLargeStepDivergence: Theorem = {
  id: 'linear-network-large-step-divergence',
  title: 'Linear networks: above eta* = 1/sigma_1 almost no initialisation converges to a critical point (Monte Carlo)',
  source: 'Craciun & Ghoshdastidar 2024 (seed 004), large step sizes; MATH.md §5',
  statement:
    '\\eta > \\eta^* = 1/\\sigma_1(M):\\quad \\mathrm{Leb}\\{w_0 : G^k(w_0) \\to \\text{a critical point}\\} = 0,\\ \\text{estimated as } \\hat p = 0 \\text{ with a 95\\% Wilson interval } [0, z^2/(N+z^2)].',
  hypotheses: [
    'd1 >= rank M (the minima are the points with W2 W1 = M)',
    'eta > eta* = 1/sigma_1: then every minimum has sharpness >= 2 sigma_1 > 2/eta',
    `${DIVERGENCE_SAMPLES} initialisations uniform in [-sqrt(sigma_1), sqrt(sigma_1)]^n from the seed in the params, ${DIVERGENCE_STEPS} float64 GD steps`,
  ],
  method:
    'Computes sigma_1 of M at the requested precision, runs float64 GD from seeded random initialisations at the input eta and counts runs that reach |grad| < 1e-8; the count must be 0. A control at eta*/2 (seed + 1) must converge somewhere, so the convergence test is known to work; both fractions are reported with 95% Wilson intervals.',
  check: check(false),
  mutant: { description: 'the threshold at eta*/2: no run converges at 3 eta*/4', check: check(true) },
  inputs: () =>
    plantedTargets().chain((p) =>
      fc.record({ k: fc.nat(RATIOS.length - 1), seed: fc.nat(10_000) }).map(({ k, seed }) => {
        const [r, s] = [RATIOS[k]!, p.singularValues[0]!];
        return networkInput(p.sizes, p.target, showRational(ratio(r.num * s.den, r.den * s.num)), ['0'], { seed: String(seed) });
      }),
    ),
  example: networkInput([2, 2, 2], [ratio(3n), ratio(0n), ratio(0n), ratio(1n)], '1/2', ['0'], { seed: '1' }),
};
