import { dot } from '../src/dynamics/vectors.js';
import { lossChangeResidual } from '../src/dynamics/trajectory.js';
import { randomInputs } from './coupling.js';
import { largest, onRun } from './gd-run.js';
import { compare, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** L(w_{k+1}) - L(w_k) = (|d_k|^2/2)(rtilde_k - 2/eta); the mutant uses the uniform average rbar. */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run) => {
        const twoOverEta = i.ctx.D.div(2, i.eta);
        const losses = [...run.steps.map((st) => st.loss), run.final.loss];
        const residuals = run.steps.map((st, k) =>
          lossChangeResidual(losses[k]!, losses[k + 1]!, dot(st.step, st.step), mutant ? st.rbar : st.rtilde, twoOverEta),
        );
        return compare(largest(residuals), run.tolerance, {
          steps: `${residuals.length}`,
          'L(w_0) .. L(w_K)': losses.map((l) => show(l, 8)).join(', '),
          [`rtilde_k${mutant ? ' (mutant: rbar_k)' : ''}`]: run.steps.map((st) => show(mutant ? st.rbar : st.rtilde, 8)).join(', '),
          'max scaled residual': show(largest(residuals), 3),
        });
      }),
    );
}

export const lossChangeTriangularAverage: Theorem = {
  id: 'loss-change-triangular-average',
  title: 'Exact loss change with the triangular Hessian average',
  source: 'arXiv 2604.20446, Thm 2.2; MATH.md §2',
  statement:
    'L(w_{k+1}) - L(w_k) = \\frac{|d_k|^2}{2}\\left(\\tilde r_k - \\frac{2}{\\eta}\\right),\\quad \\tilde r_k = \\frac{d_k^\\top \\tilde H_k d_k}{|d_k|^2},\\ \\tilde H_k = 2\\int_0^1 (1-t) H(w_k + t d_k)\\,dt.',
  hypotheses: ['L is twice continuously differentiable along the steps', 'eta > 0', 'd_k != 0'],
  method: 'Runs GD, computes rtilde_k by Gauss-Legendre quadrature of the CAS Hessian, and compares the loss change with (|d_k|^2/2)(rtilde_k - 2/eta).',
  check: check(false),
  mutant: { description: 'the uniform average rbar in place of rtilde', check: check(true) },
  inputs: randomInputs,
  example: { loss: '1 - cos(x)', vars: ['x'], eta: '5/2', start: ['1/2'] },
};
