import { dot } from '../src/dynamics/vectors.js';
import { randomInputs } from './coupling.js';
import { largest, onRun } from './gd-run.js';
import { compare, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * <d_{k+1}, d_k> = (1 - eta rbar_k) |d_k|^2, rbar by quadrature; hence rbar_k >= 2/eta + delta forces
 * |d_{k+1}| >= (1 + eta delta) |d_k|. The mutant uses rtilde.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run) => {
        const { D } = i.ctx;
        const residuals = run.steps.slice(0, -1).map((st, k) => {
          const next = run.steps[k + 1]!.step;
          const normSq = dot(st.step, st.step);
          const lhs = dot(next, st.step);
          const rhs = new D(1).minus(i.eta.times(mutant ? st.rtilde : st.rbar)).times(normSq);
          return lhs.minus(rhs).abs().div(D.max(1, lhs.abs(), rhs.abs(), normSq));
        });
        return compare(largest(residuals), run.tolerance, { steps: `${residuals.length}`, 'max scaled residual': show(largest(residuals), 3) });
      }),
    );
}

export const stepInnerProductForm: Theorem = {
  id: 'step-inner-product-form',
  title: 'Consecutive steps: inner product and growth above 2/eta',
  source: 'arXiv 2604.20446, Prop 5.1; MATH.md §2',
  statement:
    '\\langle d_{k+1}, d_k\\rangle = (1 - \\eta \\bar r_k)|d_k|^2;\\quad \\bar r_k \\ge \\tfrac{2}{\\eta} + \\delta \\Rightarrow |d_{k+1}| \\ge (1 + \\eta\\delta)|d_k|.',
  hypotheses: ['L is twice continuously differentiable along the steps', 'eta > 0', 'd_k != 0'],
  method: 'Runs GD, takes rbar_k by quadrature and compares <d_{k+1}, d_k> with (1 - eta rbar_k)|d_k|^2.',
  check: check(false),
  mutant: { description: 'the triangular average rtilde in place of rbar', check: check(true) },
  inputs: randomInputs,
  example: { loss: 'x^2/2 + x^4/4', vars: ['x'], eta: '9/5', start: ['1/2'] },
};
