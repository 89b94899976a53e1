import fc from 'fast-check';
import { manifoldRegime, type RateFit } from '../src/dynamics/manifold-regime.js';
import { curveOfMinimaInputs, farAboveEdge, onFlattest } from './manifold-at.js';
import { decided, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Seed 003's three regimes (MATH.md §5) near a curve of minima with flattest sharpness lambda*,
 * eta* = 2/lambda*, through src/dynamics/manifold-regime.ts: subcritical (eta < eta*) linear
 * convergence at the rate |1 - eta lambda| of the minimum reached; critical (eta = eta*) normal and
 * tangent distances of the nearest curve point both like t^(-1/2); supercritical (eta > eta*) linear
 * convergence to the 2-cycle around the flattest point at rate sqrt(rho), with half-amplitude alpha,
 * alpha^2 = (2/eta - lambda*)/Q_perp ~ (eta lambda* - 2)/c. The input's eta is read as the ratio
 * eta/eta* (so one instance can sit exactly on the edge). At eta* only the normal exponent -1/2 is
 * claimed, and that the tangent distance decays: on (xy - 1)^2/2 it is -1/2 too (-0.4987), but on
 * asymmetric curves such as (xy - x^2/8 - 1/2)^2/2 the measured tangent exponent depends on the start
 * and stays put over ten times the steps (-0.37 from x = 7/10, -0.62 with a cubic term from x = 4/5),
 * so seed 003's "both t^(-1/2)" is not confirmed here in general. The mutant predicts the critical exponent
 * -1, the half-amplitude alpha^2 (linear in eta lambda* - 2) and the subcritical rate at the
 * flattest point instead of at the minimum reached.
 */
const STEPS = { subcritical: 3000, critical: 5000, supercritical: 3000 } as const;
/** The tangent distance must decay at least like t^(-1/10) at eta*: GD converges to the flattest point. */
const TANGENT_DECAY = -0.1;

function mutated(fit: RateFit, eta: number, lambda: number): number {
  if (fit.kind === 'power') return -1;
  if (fit.kind === 'amplitude') return fit.predicted ** 2;
  return fit.quantity === '|grad L|' ? Math.abs(1 - eta * lambda) : fit.predicted;
}

/** How far each fit is from its (possibly mutated) prediction (relative for the amplitude), and that in units of its tolerance. */
function misses(fits: readonly RateFit[], mutant: boolean, eta: number, lambda: number): { error: number; units: number }[] {
  return fits.map((fit) => {
    const predicted = mutant ? mutated(fit, eta, lambda) : fit.predicted;
    const error = Math.abs(fit.fitted - predicted) / (fit.kind === 'amplitude' ? predicted : 1);
    return { error, units: error / fit.tolerance };
  });
}

/**
 * The asymptotic claims get a second run where the first is off: the critical exponents at ten
 * times the steps, the amplitude at a quarter of the excess eta/eta* - 1. Each miss must then be
 * within tolerance or have shrunk: the amplitude's error is O(mu), so by 2 at a quarter of mu (4 in
 * the limit; a cycle of half-amplitude 0.4 shrank its error only 1.44 times from mu to mu/2); the critical
 * transient fades slowly (measured: tangent exponent error 0.187 -> 0.123 from 10^4 to 10^5 steps on
 * (xy - 5/8)^2/2 + (xy - 5/8)^4/24 from (6/5, 0.51)), so by 1.2 there.
 */
const SHRINK = { power: 1.2, amplitude: 2, linear: Infinity } as const;

function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onFlattest(input, options, (i, p) => {
      const { D } = i.ctx;
      const ratio = i.eta;
      if (!ratio.lt(1) && p.reduction!.flip !== 'supercritical') return { kind: 'undecided', reason: `the normal flip is ${p.reduction!.flip}: no stable oscillation at or above eta*` };
      const eta = p.criticalEta.times(ratio);
      const kind = ratio.lt(1) ? 'subcritical' : ratio.eq(1) ? 'critical' : 'supercritical';
      const lambda = p.sharpness.toNumber();
      const r = manifoldRegime(i.f, p, eta, i.start, STEPS[kind]);
      if (r.fits.length === 0) return { kind: 'undecided', reason: `${r.kind}: the run did not reach the fit window in ${STEPS[kind]} steps` };
      // A catapult can land on another curve (the other branch of a hyperbola), whose flattest point is not p.
      if (kind === 'critical' && r.drift?.window[0] !== 0) return { kind: 'undecided', reason: 'critical: the run catapulted away from the curve through the start' };
      const far = kind === 'subcritical' ? undefined : farAboveEdge(eta.toNumber(), r.drift?.startSharpness ?? Infinity);
      if (far) return { kind: 'undecided', reason: far };
      // Critical: the claim checked is the normal exponent -1/2; the tangent distance must decay (the
      // run converges to the flattest point), its exponent is evidence only (see the header).
      const tangent = r.fits.find((fit) => fit.quantity.startsWith('tangent'));
      if (tangent && !(tangent.fitted <= TANGENT_DECAY)) {
        return decided(false, new D(tangent.fitted), new D(TANGENT_DECAY), { regime: `critical: the tangent distance to the flattest point does not decay (exponent ${tangent.fitted.toPrecision(4)})` });
      }
      const fits = r.fits.filter((fit) => fit !== tangent);
      const first = misses(fits, mutant, eta.toNumber(), lambda);
      const details = (fits: readonly RateFit[], m: readonly { units: number }[], e: number, label: string) =>
        Object.fromEntries(fits.map((fit, k) => [`${label}${fit.kind}: ${fit.quantity.replace(/\|([^|]*)\|/g, 'norm($1)')}`, `fitted ${fit.fitted.toPrecision(6)}, predicted ${(mutant ? mutated(fit, e, lambda) : fit.predicted).toPrecision(6)}, tolerance ${fit.tolerance.toPrecision(3)} (${m[k]!.units.toFixed(2)} of it used)`]));
      const base = {
        regime: `${r.kind} (eta/eta* = ${show(ratio, 6)}, eta* = ${show(p.criticalEta, 10)})`,
        ...details(fits, first, eta.toNumber(), ''),
        ...(tangent && { 'tangent distance norm(z - p*) (evidence)': `exponent ${tangent.fitted.toPrecision(6)}` }),
      };
      const asymptotic = fits.map((fit) => fit.kind === 'power' || fit.kind === 'amplitude');
      const worst = Math.max(...first.map((m) => m.units));
      if (worst <= 1 || kind === 'subcritical' || !first.some((m, k) => m.units > 1 && asymptotic[k])) return decided(worst <= 1, new D(worst), new D(1), base);
      const eta2 = kind === 'critical' ? eta : p.criticalEta.times(ratio.plus(3).div(4));
      const r2 = manifoldRegime(i.f, p, eta2, i.start, kind === 'critical' ? 10 * STEPS.critical : 3 * STEPS.supercritical);
      const fits2 = r2.fits.filter((fit) => !fit.quantity.startsWith('tangent'));
      if (fits2.length !== fits.length) return { kind: 'undecided', reason: `${r.kind}: the second run (${kind === 'critical' ? 'ten times the steps' : 'a quarter of the excess'}) has no fit` };
      const second = misses(fits2, mutant, eta2.toNumber(), lambda);
      // Non-asymptotic fits (rates) must hold in the first run; asymptotic ones hold in the second, or
      // their error shrank by SHRINK[kind]: the residual is the smaller of the two ratios, each <= 1 to pass.
      const residual = Math.max(...first.map((m, k) => (m.units <= 1 ? 0 : asymptotic[k] ? Math.min(second[k]!.units, (second[k]!.error * SHRINK[fits[k]!.kind]) / m.error) : m.units)));
      return decided(residual <= 1, new D(residual), new D(1), { ...base, ...details(fits2, second, eta2.toNumber(), kind === 'critical' ? '(10x steps) ' : '(excess / 4) ') });
    });
}

export const manifoldThreeRegimes: Theorem = {
  id: 'manifold-three-regimes',
  title: 'Three regimes near a curve of minima: linear (eta < eta*), normal distance like t^(-1/2) with the tangent one decaying (eta = eta*), linear to the 2-cycle of half-amplitude ~ (eta lambda* - 2)^(1/2) (eta > eta*)',
  source: 'seed 003 (MacDonald et al., NeurIPS 2025, codimension-1 least squares); MATH.md §5',
  statement:
    '\\eta < \\eta^*: |\\nabla L(w_k)| \\sim |1 - \\eta\\lambda_\\infty|^k;\\quad \\eta = \\eta^*: \\operatorname{dist}_\\perp \\sim k^{-1/2},\\ \\operatorname{dist}_\\parallel \\to 0;\\quad \\eta > \\eta^*: |w_{k+2} - w_k| \\sim \\rho^{k/2},\\ \\alpha^2 = \\frac{2/\\eta - \\lambda^*}{Q_\\perp} \\sim \\frac{\\eta\\lambda^* - 2}{c}.',
  hypotheses: [
    'a curve of minima through the start with an interior flattest point (sharpness lambda*, eta* = 2/lambda*)',
    'at and above eta*: a supercritical normal flip (c > 0)',
    'critical: the run stays near the curve through the start (no catapult, which may land on another curve)',
    'at and above eta*: eta lambda(z_0) - 2 <= 1/2 at the start\'s nearest curve point z_0 (just above the edge there too)',
    'the input eta is the ratio eta/eta*',
  ],
  method:
    'Runs float64 GD (3000 steps, 5000 at eta*) from the start and compares each fit of src/dynamics/manifold-regime.ts with its prediction: rates within 0.02, the normal exponent at eta* (of s ~ (k + k0)^p, the offset k0 fitted too) within 0.05 (the tangent exponent must be at most -1/10 and is shown), the half-amplitude within a relative mu = eta lambda* - 2 (the dropped o(eta - eta*) term). The asymptotic ones get a second run where they miss: exponents at ten times the steps, the amplitude at a quarter of the excess eta/eta* - 1, where the miss must be within tolerance or have shrunk (by 1.2 for exponents, 2 for the amplitude). Open counterexample (deep search, seed 745061252, pinned in test/theorems.test.ts): a critical run on (xy + x^2/4 - 13/8)^2/2 + ... whose tangent exponent is -0.098: the tangent decay at eta* is not settled. A second (seed 752512390, pinned too): a supercritical run at eta/eta* = 1.1 on (xy - x^2/4 - 1/2)^2/2 + ... whose contraction rate of w_{k+2} - w_k is 0.4253 against the predicted 0.4668: the rate prediction is leading-order in eta - eta*, and 1.1 is outside where it is accurate to 0.02.',
  check: check(false),
  mutant: { description: 'critical exponent -1, half-amplitude alpha^2 (linear in eta lambda* - 2), subcritical rate at the flattest point', check: check(true) },
  inputs: () => curveOfMinimaInputs({ t: fc.integer({ min: 2, max: 6 }).chain((t) => fc.constantFrom(t, -t)), offset: fc.constantFrom(-1, 1), eta: fc.constantFrom('9/10', '1', '21/20', '11/10'), maxQuartic: 6 }),
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '11/10', start: ['8/5', '1/2'] },
  openCounterexamples: 'a critical run whose tangent distance barely decays (seed 745061252) and a supercritical rate 9% below its leading-order prediction at eta/eta* = 1.1 (seed 752512390)',
};
