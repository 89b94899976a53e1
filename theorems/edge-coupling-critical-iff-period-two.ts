import { maxAbs, scale, sub } from '../src/dynamics/vectors.js';
import { couplingAt, randomInputs } from './coupling.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * At any pair (x, y): eta grad_x A = y - G(x) and eta grad_y A = x - G(y). Both vanish exactly when
 * y = G(x) and x = G(y): fixed points (x = y) and period-two orbits. The mutant swaps the roles in
 * the second identity (eta grad_y A = G(y) - x), a sign error the search must expose.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const x = i.start;
      const y = i.partner ?? i.f.gdStep(x, i.eta);
      const A = couplingAt(i);
      const lhsX = scale(i.eta, A.gradX(x, y));
      const lhsY = scale(i.eta, A.gradY(x, y));
      const rhsX = sub(y, i.f.gdStep(x, i.eta));
      const rhsY = mutant ? sub(i.f.gdStep(y, i.eta), x) : sub(x, i.f.gdStep(y, i.eta));
      const residual = maxAbs([...sub(lhsX, rhsX), ...sub(lhsY, rhsY)]);
      return compare(residual, tolerance(i.ctx, maxAbs([...rhsX, ...rhsY])), {
        x: show(x),
        y: show(y),
        'eta grad_x A': show(lhsX),
        'y - G(x)': show(rhsX),
        'eta grad_y A': show(lhsY),
        [mutant ? 'G(y) - x' : 'x - G(y)']: show(rhsY),
      });
    }, { derivatives: 'jets' });
}

export const edgeCouplingCriticalIffPeriodTwo: Theorem = {
  id: 'edge-coupling-critical-iff-period-two',
  title: 'Critical points of the edge coupling are the fixed points and period-two orbits of GD',
  source: 'arXiv 2604.20446, Thm 2.3; MATH.md §1',
  statement:
    '\\eta\\nabla_x A_\\eta(x,y) = y - G(x),\\quad \\eta\\nabla_y A_\\eta(x,y) = x - G(y),\\quad\\text{so}\\quad \\nabla A_\\eta(x,y) = 0 \\iff y = G(x),\\ x = G(y).',
  hypotheses: ['L is differentiable at x and y', 'eta > 0'],
  method:
    'Evaluates both CAS-derived gradients of A at a random pair (x, y) and compares eta times each with the GD residuals y - G(x) and x - G(y) computed from grad L by Taylor-mode jets (no CAS).',
  check: check(false),
  mutant: { description: 'eta grad_y A = G(y) - x (wrong sign)', check: check(true) },
  inputs: randomInputs,
  example: { loss: '1 - cos(x)', vars: ['x'], eta: '5/2', start: ['-1.1311025856512802'], partner: ['1.1311025856512802'] },
};
