import { add, maxAbs, scale, sub } from '../src/dynamics/vectors.js';
import { couplingAt, randomInputs } from './coupling.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** -eta grad_y A(w_k, w_{k+1}) = w_{k+2} - w_k = d_k + d_{k+1}; the mutant forgets d_k. */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const w0 = i.start;
      const w1 = i.f.gdStep(w0, i.eta);
      const w2 = i.f.gdStep(w1, i.eta);
      const lhs = scale(i.eta.neg(), couplingAt(i).gradY(w0, w1));
      const d0 = sub(w1, w0);
      const d1 = sub(w2, w1);
      const rhs = mutant ? d1 : add(d0, d1);
      return compare(maxAbs(sub(lhs, rhs)), tolerance(i.ctx, maxAbs(rhs)), {
        w0: show(w0),
        '-eta grad_y A(w0, w1)': show(lhs),
        [mutant ? 'd1' : 'd0 + d1']: show(rhs),
      });
    }, { derivatives: 'jets' });
}

export const edgeCouplingBackwardGradient: Theorem = {
  id: 'edge-coupling-backward-gradient',
  title: 'The y-gradient of the edge coupling along GD is the two-step displacement',
  source: 'arXiv 2604.20446, Thm 2.1; MATH.md §1',
  statement: '-\\eta\\,\\nabla_y A_\\eta(w_k, w_{k+1}) = w_{k+2} - w_k = d_k + d_{k+1}.',
  hypotheses: ['L is differentiable along the first three iterates', 'eta > 0'],
  method: 'Runs two GD steps from w0 with grad L (Taylor-mode jets, no CAS) and compares w2 - w0 with -eta times the CAS-derived grad_y A at (w0, w1).',
  check: check(false),
  mutant: { description: '-eta grad_y A(w_k, w_{k+1}) = d_{k+1} (d_k forgotten)', check: check(true) },
  inputs: randomInputs,
  example: { loss: 'x^2/2 + x^4/4', vars: ['x'], eta: '9/5', start: ['1/2'] },
};
