import { add, scale } from '../src/dynamics/vectors.js';
import type { Decimal } from 'decimal.js';
import { plantedFixedPointInputs } from './arbitraries.js';
import { orbitNear, reductionSetting } from './reduction-at.js';
import { convergenceVerdict, onInstance, show, type CheckOptions, type Instance, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** The branch at the top eigenvalue lambda > 0 of H at w*: eta_c = 2/lambda, u its eigenvector, Q(u). */
export function topBranch(i: Instance): { eta: (epsilon: Decimal) => Decimal; etaC: Decimal; u: readonly Decimal[]; q: Decimal; shift: readonly Decimal[]; star: readonly Decimal[]; lambdas: readonly Decimal[] } | string {
  const setting = reductionSetting(i);
  if (typeof setting === 'string') return setting;
  const { D } = i.ctx;
  const lambda = setting.eigen.values.at(-1)!;
  if (!lambda.isPositive()) return 'no positive eigenvalue: no critical learning rate';
  if (setting.eigen.values.length === 2 && setting.eigen.values[0]!.minus(lambda).abs().lt(lambda.times('1e-6'))) return 'a double eigenvalue (the 2-D critical sphere is not this check)';
  const u = setting.eigen.vectors.at(-1)!;
  const r = setting.reduce(u);
  if (r.Q.abs().lte(r.tolerance)) return 'Q(u) = 0 to working precision: degenerate at quartic order';
  const etaC = new D(2).div(lambda);
  // On the branch's side: eta above eta_c when Q < 0, below when Q > 0.
  const eta = (epsilon: Decimal) => etaC.times(new D(1).plus(r.Q.isNegative() ? epsilon : epsilon.neg()));
  return { eta, etaC, u, q: r.Q, shift: r.centreShift, star: setting.star, lambdas: setting.eigen.values };
}

/**
 * The largest epsilon = |eta/eta_c - 1| (from 10^-(digits/8) down by tens) whose predicted
 * half-amplitude is below 1/100: a fixed epsilon can leave the leading-order regime when Q(u) is
 * small against the curvature (found by the deep search: eta_c = 0.0218, Q = 0.069 gave a predicted
 * amplitude 1.15 against a solved 0.23). Undefined when no epsilon down to 10^-(digits/3) is small enough.
 */
export function regimeEpsilon(b: Exclude<ReturnType<typeof topBranch>, string>, ctx: Instance['ctx']): Decimal | undefined {
  const { D } = ctx;
  const floor = new D(10).pow(-Math.ceil(ctx.digits / 3));
  for (let e = new D(10).pow(-Math.ceil(ctx.digits / 8)); e.gte(floor); e = e.div(10)) {
    const alpha = D.div(2, b.eta(e)).minus(D.div(2, b.etaC)).div(b.q).sqrt();
    if (alpha.lt('0.01')) return e;
  }
  return undefined;
}

/** The predicted half-amplitude alpha^2 = (2/eta - 2/eta_c)/(k Q(u)), k = 1 (k = 2 for the mutant). */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 4, (i) => {
      const b = topBranch(i);
      if (typeof b === 'string') return { kind: 'undecided', reason: b };
      const { D } = i.ctx;
      const e1 = regimeEpsilon(b, i.ctx);
      if (!e1) return { kind: 'undecided', reason: 'the predicted amplitude stays above 1/100 for every epsilon tried: not in the leading-order regime' };
      const errors: Decimal[] = [];
      const found: string[] = [];
      for (const epsilon of [e1, e1.div(2)]) {
        const eta = b.eta(epsilon);
        const alpha = D.div(2, eta).minus(D.div(2, b.etaC)).div(b.q.times(mutant ? 2 : 1)).sqrt();
        const a = scale(alpha, b.u);
        const orbit = orbitNear(i, eta, add(b.star, scale(alpha.pow(2), b.shift)), a);
        if (!orbit) return { kind: 'undecided', reason: `Newton found no period-two orbit near the prediction at eta = ${show(eta, 8)}` };
        errors.push(orbit.halfAmplitude.div(alpha).minus(1).abs());
        found.push(`${show(orbit.halfAmplitude, 10)} (predicted ${show(alpha, 10)})`);
      }
      // alpha_true/alpha_predicted - 1 = O(eta - eta_c): halving epsilon must shrink it (ratio 2 expected, 1.5 accepted).
      const floor = new D(10).pow(6 - i.ctx.digits);
      return convergenceVerdict([errors[0]!, errors[1]!], floor, 1.5, {
        'eta_c': show(b.etaC),
        'Q(u)': show(b.q, 10),
        side: b.q.isNegative() ? 'above' : 'below',
        'solved half-amplitudes': found.join(', '),
      });
    });
}

export const branchSideAndAmplitude: Theorem = {
  id: 'branch-side-and-amplitude',
  title: 'Period-two orbits branch off on the side of eta_c given by the sign of Q, with alpha^2 = (2/eta - 2/eta_c)/Q',
  source: 'arXiv 2604.20446, Cor 2.5; MATH.md §4',
  statement:
    '\\eta_c = 2/\\lambda,\\quad \\alpha(\\eta)^2 = \\frac{2/\\eta - 2/\\eta_c}{Q(u)} + o(|\\eta - \\eta_c|),\\quad \\text{branch where } (2/\\eta - 2/\\eta_c)\\,Q(u) > 0.',
  hypotheses: ['w* a nondegenerate critical point with a simple eigenvalue lambda > 0, eigenvector u', 'Q(u) != 0'],
  method:
    'Sets eta = eta_c (1 -+ epsilon) on the side the sign of Q(u) predicts, solves the period-two orbit by Newton from the predicted one (both gradients of the edge coupling = 0), and requires the relative amplitude error to shrink like epsilon. An orbit found on the predicted side at the predicted size is the evidence for the side.',
  check: check(false),
  mutant: { description: 'alpha^2 = (2/eta - 2/eta_c)/(2 Q(u)) (factor 2)', check: check(true) },
  inputs: plantedFixedPointInputs,
  example: { loss: 'x^2/2 + x^4/4', vars: ['x'], eta: '9/5', start: ['0'] },
};
