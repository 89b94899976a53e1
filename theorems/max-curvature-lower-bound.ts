import { dot } from '../src/dynamics/vectors.js';
import { randomInputs } from './coupling.js';
import { onRun } from './gd-run.js';
import { decided, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Thm 4.1 on a finite run, with L_K in place of L_inf: max_k rtilde_k >= 2/eta - 2(L_0 - L_K)/E_K.
 * (The right side is the |d|^2-weighted mean of rtilde, by telescoping, and a maximum is at least a
 * mean; with L_inf <= L_K the paper's bound is weaker still.) The mutant claims the bound for the
 * minimum, which fails as soon as the curvature varies along the run.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run) => {
        const { D } = i.ctx;
        const energy = run.steps.reduce((s, st) => s.plus(dot(st.step, st.step)), new D(0));
        const bound = D.div(2, i.eta).minus(run.steps[0]!.loss.minus(run.final.loss).times(2).div(energy));
        const rtildes = run.steps.map((st) => st.rtilde);
        const extreme = mutant ? D.min(...rtildes) : D.max(...rtildes);
        // The bound equals the weighted mean up to rounding: allow the tolerance, relative to 2/eta.
        const slack = run.tolerance.times(D.max(1, D.div(2, i.eta), extreme.abs()));
        const shortfall = D.max(0, bound.minus(extreme));
        return decided(shortfall.lte(slack), shortfall, slack, {
          K: `${run.steps.length}`,
          [`${mutant ? 'min' : 'max'}_k rtilde_k`]: show(extreme),
          '2/eta - 2(L_0 - L_K)/E_K': show(bound),
        });
      }),
    );
}

export const maxCurvatureLowerBound: Theorem = {
  id: 'max-curvature-lower-bound',
  title: 'The largest triangular curvature along a run is at least 2/eta minus the loss decrease per energy',
  source: 'arXiv 2604.20446, Thm 4.1; MATH.md §2',
  statement: '\\max_{k<K} \\tilde r_k \\;\\ge\\; \\frac{2}{\\eta} - \\frac{2\\big(L(w_0) - L_\\infty\\big)}{E_K},\\quad E_K = \\sum_{k<K}|d_k|^2,\\ L_\\infty \\le L(w_K).',
  hypotheses: ['L is twice continuously differentiable along the run', 'eta > 0', 'E_K > 0'],
  method: 'Runs GD, takes rtilde_k by quadrature, and checks the inequality with L_K for L_inf (the sharpest finite-run form).',
  check: check(false),
  mutant: { description: 'the same bound claimed for min_k rtilde_k', check: check(true) },
  inputs: randomInputs,
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '19/20', start: ['1/10', '3/2'] },
};
