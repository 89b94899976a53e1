import { dot } from '../src/dynamics/vectors.js';
import { randomInputs } from './coupling.js';
import { onRun } from './gd-run.js';
import { decided, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * sum_{k<K} |d_k|^2 (2/eta - rtilde_k) = 2 (L(w_0) - L(w_K)): the loss-change formula summed, with
 * rtilde by quadrature. The residual is scaled by the magnitudes of the summed terms; the mutant
 * sums with rbar.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) =>
      onRun(i, (run) => {
        const { D } = i.ctx;
        const twoOverEta = D.div(2, i.eta);
        let sum = new D(0);
        let scale = run.steps[0]!.loss.abs().plus(run.final.loss.abs()).times(2);
        for (const st of run.steps) {
          const term = dot(st.step, st.step).times(twoOverEta.minus(mutant ? st.rbar : st.rtilde));
          sum = sum.plus(term);
          scale = scale.plus(term.abs());
        }
        const rhs = run.steps[0]!.loss.minus(run.final.loss).times(2);
        const residual = sum.minus(rhs).abs().div(D.max(1, scale));
        return decided(residual.lte(run.tolerance), residual, run.tolerance, {
          K: `${run.steps.length}`,
          [`sum |d_k|^2 (2/eta - ${mutant ? 'rbar' : 'rtilde'}_k)`]: show(sum),
          '2 (L_0 - L_K)': show(rhs),
        });
      }),
    );
}

export const telescopingCurvatureIdentity: Theorem = {
  id: 'telescoping-curvature-identity',
  title: 'Telescoping: the |d|^2-weighted mean of the triangular curvature',
  source: 'arXiv 2604.20446, §4; MATH.md §2',
  statement:
    '\\sum_{k<K} |d_k|^2 \\left(\\frac{2}{\\eta} - \\tilde r_k\\right) = 2\\big(L(w_0) - L(w_K)\\big),\\ \\text{so}\\ \\frac{\\sum_k |d_k|^2 \\tilde r_k}{E_K} = \\frac{2}{\\eta} - \\frac{2(L_0 - L_K)}{E_K},\\ E_K = \\sum_{k<K} |d_k|^2.',
  hypotheses: ['L is twice continuously differentiable along the run', 'eta > 0', 'd_k != 0'],
  method: 'Sums |d_k|^2 (2/eta - rtilde_k) over a GD run with rtilde_k by quadrature and compares with 2 (L_0 - L_K).',
  check: check(false),
  mutant: { description: 'the uniform average rbar in place of rtilde', check: check(true) },
  inputs: randomInputs,
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '19/20', start: ['1/10', '3/2'] },
};
