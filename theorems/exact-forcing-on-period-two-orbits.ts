import { dot, maxAbs, scale, sub } from '../src/dynamics/vectors.js';
import { plantedOrbitInputs } from './arbitraries.js';
import { largest, onRun } from './gd-run.js';
import { compare, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * On a period-two orbit d_1 = -d_0, so the step recurrence gives Hbar_0 d_0 = (2/eta) d_0: the uniform
 * curvature over the step is exactly 2/eta, with no gap. Instances are losses with a planted orbit;
 * the run must return to its start (else the hypothesis fails: undecided). The mutant uses Htilde.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run, w) => {
        const { D } = i.ctx;
        const closure = maxAbs(sub(w(2), w(0)));
        if (closure.gt(run.tolerance.times(D.max(1, maxAbs(w(0)))))) {
          return { kind: 'undecided', reason: `the start is not on a period-two orbit (|w_2 - w_0| = ${show(closure, 3)})` };
        }
        const twoOverEta = D.div(2, i.eta);
        // The orbit's two steps only: an unstable orbit (multipliers in the millions) amplifies the
        // rounding of w_2 = w_0 so much that later iterates leave it, and the claim with them.
        const residuals = run.steps.slice(0, 2).map((st) => {
          const hd = (mutant ? st.htilde : st.hbar).map((row) => dot(row, st.step));
          // Relative to the terms that cancel in Hbar d: entries of Hbar times |d| (found by the deep
          // search: entries ~1e6 cancel to 2/eta = 0.36 on an orbit of x^3 y^3 with large coefficients).
          const entries = maxAbs((mutant ? st.htilde : st.hbar).flat());
          return maxAbs(sub(hd, scale(twoOverEta, st.step))).div(D.max(1, twoOverEta, entries).times(D.max(1, maxAbs(st.step))));
        });
        return compare(largest(residuals), run.tolerance, {
          orbit: `${show(w(0))} <-> ${show(w(1))}`,
          '2/eta': show(twoOverEta),
          [mutant ? 'rtilde_0' : 'rbar_0']: show(mutant ? run.steps[0]!.rtilde : run.steps[0]!.rbar),
        });
      }),
    );
}

export const exactForcingOnPeriodTwoOrbits: Theorem = {
  id: 'exact-forcing-on-period-two-orbits',
  title: 'On a period-two orbit the uniform curvature equals 2/eta exactly',
  source: 'arXiv 2604.20446, §3; MATH.md §3',
  statement: 'd_1 = -d_0 \\;\\Rightarrow\\; \\bar H_0\\, d_0 = \\frac{2}{\\eta}\\, d_0,\\quad \\bar r_0 = \\frac{2}{\\eta} = u^\\top H(w_0 + \\xi d_0)\\, u.',
  hypotheses: ['{w_0, w_1} is a period-two orbit of GD', 'L is twice continuously differentiable on the segment'],
  method:
    'Plants an exact period-two orbit in a random polynomial (a separable quadratic correction solved in rationals), runs GD from it, and compares Hbar d with (2/eta) d, Hbar by quadrature.',
  check: check(false),
  mutant: { description: 'the triangular average: Htilde d = (2/eta) d', check: check(true) },
  inputs: plantedOrbitInputs,
  // Chen and Bruna's orbit for mu = 1, eta = 3/2 (MATH.md §5): m = sqrt(3)/2, a = 1/(2 sqrt(3)). A
  // symmetric orbit of an even loss would not do: there both averages coincide.
  example: { loss: '(x^2 - mu)^2/4', vars: ['x'], params: { mu: '1' }, eta: '3/2', start: ['1/sqrt(3)'], partner: ['2/sqrt(3)'] },
};
