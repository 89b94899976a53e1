import { add, scale } from '../src/dynamics/vectors.js';
import { eigenvalues, matMul, spectralRadius } from '../src/numeric/linalg.js';
import { plantedFixedPointInputs } from './arbitraries.js';
import { regimeEpsilon, topBranch } from './branch-side-and-amplitude.js';
import { stepJacobian } from '../src/dynamics/period-two-orbits.js';
import { orbitNear } from './reduction-at.js';
import { decided, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * The flip coefficient c = -eta_c Q(u): c > 0 means a supercritical flip, whose period-two orbit
 * (for eta just past eta_c) is stable, provided the other directions at w* are stable; c < 0 a
 * subcritical one with an unstable orbit. Compared with the multipliers of the solved orbit
 * (eigenvalues of DG(w1) DG(w0)). The mutant has the sign of c wrong.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 4, (i) => {
      const b = topBranch(i);
      if (typeof b === 'string') return { kind: 'undecided', reason: b };
      if (!b.lambdas[0]!.isPositive()) return { kind: 'undecided', reason: 'w* is a saddle: the orbit is unstable in the other direction whatever c says' };
      const { D } = i.ctx;
      const c = b.etaC.times(b.q).times(mutant ? 1 : -1);
      const epsilon = regimeEpsilon(b, i.ctx);
      if (!epsilon) return { kind: 'undecided', reason: 'the predicted amplitude stays above 1/100 for every epsilon tried: not in the leading-order regime' };
      const eta = b.eta(epsilon);
      const alpha = D.div(2, eta).minus(D.div(2, b.etaC)).div(b.q).sqrt();
      const orbit = orbitNear(i, eta, add(b.star, scale(alpha.pow(2), b.shift)), scale(alpha, b.u));
      if (!orbit) return { kind: 'undecided', reason: 'Newton found no period-two orbit near the prediction' };
      const [w0, w1] = orbit.points;
      const radius = spectralRadius(eigenvalues(matMul(stepJacobian(i.f, w1, eta), stepJacobian(i.f, w0, eta)), i.ctx), i.ctx);
      const stable = radius.lt(1);
      const agree = stable === c.isPositive();
      // The residual is how far the multipliers sit on the wrong side of the unit circle.
      return decided(agree, agree ? new D(0) : radius.minus(1).abs(), new D(0), {
        'eta_c': show(b.etaC),
        eta: show(eta),
        c: show(c, 8),
        'spectral radius of DG(w1) DG(w0)': show(radius, 12),
        stable: `${stable}`,
      });
    });
}

export const flipStabilitySign: Theorem = {
  id: 'flip-stability-sign',
  title: 'The sign of the flip coefficient c = -eta_c Q(u) decides the stability of the bifurcating 2-cycle',
  source: 'flip bifurcation theory (seed 002); MATH.md §4',
  statement: 'c = -\\eta_c\\, Q(u):\\quad c > 0 \\Rightarrow \\text{supercritical flip, stable period-two orbit for } \\eta \\gtrsim \\eta_c;\\quad c < 0 \\Rightarrow \\text{subcritical, unstable orbit for } \\eta \\lesssim \\eta_c.',
  hypotheses: ['w* a nondegenerate minimum', 'the eigenvalue 2/eta_c simple, the others stable', 'Q(u) != 0'],
  method: 'Solves the bifurcating orbit at eta = eta_c (1 -+ epsilon) on its side and compares the sign of c with stability from the multipliers (eigenvalues of DG(w1) DG(w0)).',
  check: check(false),
  mutant: { description: 'c = +eta_c Q(u) (wrong sign)', check: check(true) },
  inputs: plantedFixedPointInputs,
  example: { loss: '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3', vars: ['x', 'y'], eta: '1/2', start: ['0', '0'] },
};
