import { recurrenceResidual } from '../src/dynamics/trajectory.js';
import { randomInputs } from './coupling.js';
import { largest, onRun } from './gd-run.js';
import { compare, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** d_{k+1} = (I - eta Hbar_k) d_k with Hbar by quadrature of the CAS Hessian; the mutant uses Htilde. */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run, w) => {
        const residuals = run.steps
          .slice(0, -1)
          .map((st, k) => recurrenceResidual([w(k), w(k + 1), w(k + 2)], mutant ? st.htilde : st.hbar, i.eta));
        return compare(largest(residuals), run.tolerance, {
          steps: `${residuals.length}`,
          'w0': show(w(0)),
          [`max scaled |d_{k+1} - (I - eta ${mutant ? 'Htilde' : 'Hbar'}_k) d_k|`]: show(largest(residuals), 3),
          'quadrature nodes': `${run.steps[0]!.quadrature.nodes}`,
        });
      }),
    );
}

export const stepRecurrenceUniformAverage: Theorem = {
  id: 'step-recurrence-uniform-average',
  title: 'Step recurrence with the uniform Hessian average',
  source: 'arXiv 2604.20446, Thm 2.2; MATH.md §2',
  statement:
    'd_{k+1} = (I - \\eta \\bar H_k)\\, d_k,\\quad \\bar H_k = \\int_0^1 H(w_k + t d_k)\\,dt;\\quad |1 - \\eta\\lambda| < 1 \\iff 0 < \\lambda < 2/\\eta.',
  hypotheses: ['L is twice continuously differentiable along the steps', 'eta > 0', 'd_k != 0'],
  method:
    'Runs GD at the working precision, integrates the CAS Hessian over each step by Gauss-Legendre quadrature (nodes refined until quadrature and closed form agree) and compares d_{k+1} with (I - eta Hbar_k) d_k, scaled by the magnitudes of the terms.',
  check: check(false),
  mutant: { description: 'the triangular average Htilde in place of Hbar', check: check(true) },
  inputs: randomInputs,
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '19/20', start: ['1/10', '3/2'] },
};
