import { norm, sub } from '../src/dynamics/vectors.js';
import { randomInputs } from './coupling.js';
import { largest, onRun } from './gd-run.js';
import { decided, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Cor 4.4: |rbar_k - 2/eta| <= |w_{k+2} - w_k| / (eta |d_k|), an equality in one variable. The
 * mutant halves the right side, which the 1-D equality refutes.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run, w) => {
        const { D } = i.ctx;
        const twoOverEta = D.div(2, i.eta);
        const excess = run.steps.slice(0, -1).map((st, k) => {
          const gap = st.rbar.minus(twoOverEta).abs();
          const bound = norm(sub(w(k + 2), w(k))).div(i.eta.times(norm(st.step))).div(mutant ? 2 : 1);
          // Scaled by the sizes compared; the bound is formed from iterates and carries their rounding.
          return D.max(0, gap.minus(bound)).div(D.max(1, gap, bound, twoOverEta));
        });
        const worst = largest(excess);
        return decided(worst.lte(run.tolerance), worst, run.tolerance, { steps: `${excess.length}`, 'max scaled excess of the gap over the bound': show(worst, 3) });
      }),
    );
}

export const curvatureGapBound: Theorem = {
  id: 'curvature-gap-bound',
  title: 'The uniform curvature is within |w_{k+2} - w_k|/(eta |d_k|) of 2/eta',
  source: 'arXiv 2604.20446, Cor 4.4; MATH.md §2',
  statement: '\\left|\\bar r_k - \\frac{2}{\\eta}\\right| \\le \\frac{|w_{k+2} - w_k|}{\\eta\\,|d_k|}\\quad(\\text{equality for } n = 1).',
  hypotheses: ['L is twice continuously differentiable along the steps', 'eta > 0', 'd_k != 0'],
  method: 'Runs GD, takes rbar_k by quadrature and checks the inequality on every step that has a successor.',
  check: check(false),
  mutant: { description: 'the right side halved', check: check(true) },
  inputs: randomInputs,
  example: { loss: '1 - cos(x)', vars: ['x'], eta: '5/2', start: ['1/2'] },
};
