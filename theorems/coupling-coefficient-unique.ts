import { maxAbs } from '../src/dynamics/vectors.js';
import { bin, rational, sym, type Expr } from '../src/symbolic/ast.js';
import { COUPLING_WEIGHT, ETA } from '../src/symbolic/edge-coupling.js';
import { couplingAt, randomInputs } from './coupling.js';
import { decided, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** alpha/2 with alpha = 11/(10 eta): a member of the family that is not the edge coupling. */
const OFF_WEIGHT: Expr = bin('div', rational(11n), bin('mul', rational(20n), sym(ETA)));
/** The negative control's weight 1/eta, i.e. coefficient 1/eta in place of 1/(2 eta). */
const MUTANT_WEIGHT: Expr = bin('div', rational(1n), sym(ETA));

/**
 * grad_x A(x, G(x)) = 0 for the weight 1/(2 eta); for the family weight alpha/2 the same gradient
 * is grad L(x) (1 - alpha eta), so it must be nonzero at alpha = 11/(10 eta) wherever grad L(x) != 0.
 */
function check(weight: Expr) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const y = i.f.gdStep(i.start, i.eta);
      const g = couplingAt(i, weight).gradX(i.start, y);
      const gradL = maxAbs(i.f.gradient(i.start));
      const tol = tolerance(i.ctx, gradL);
      const off = maxAbs(couplingAt(i, OFF_WEIGHT).gradX(i.start, y));
      const details = { x: show(i.start), 'y = G(x)': show(y), '|grad_x A(x, y)|': show(maxAbs(g)), '|grad_x A_alpha| at alpha = 1.1/eta': show(off) };
      const residual = maxAbs(g);
      // Uniqueness fails if a different alpha also makes the gradient vanish where grad L does not.
      const uniquenessFails = gradL.gt(tol) && off.lte(tol);
      return decided(residual.lte(tol) && !uniquenessFails, residual, tol, details);
    }, { derivatives: 'jets' });
}

export const couplingCoefficientUnique: Theorem = {
  id: 'coupling-coefficient-unique',
  title: 'The coupling coefficient 1/(2 eta) is fixed by the GD update',
  source: 'arXiv 2604.20446, eq. (2) and Thm 2.1; MATH.md §1',
  statement:
    'A_\\eta(x,y) = L(x) + L(y) - \\frac{|x-y|^2}{2\\eta}:\\quad \\nabla_x A_\\eta(x,y) = 0 \\iff y = x - \\eta\\nabla L(x); \\text{ in the family } L(x)+L(y)-\\tfrac{\\alpha}{2}|x-y|^2 \\text{ only } \\alpha = 1/\\eta \\text{ does this for every } L.',
  hypotheses: ['L is differentiable at x', 'eta > 0'],
  method:
    'Differentiates A symbolically (nerdamer, from A itself), evaluates grad_x A at (x, G(x)) with G computed from grad L by Taylor-mode jets (no CAS), and requires it to vanish; evaluates the family member alpha = 1.1/eta there and requires it not to vanish where grad L(x) != 0.',
  check: check(COUPLING_WEIGHT),
  mutant: { description: 'coefficient 1/eta in place of 1/(2 eta)', check: check(MUTANT_WEIGHT) },
  inputs: randomInputs,
  example: { loss: '1 - cos(x)', vars: ['x'], eta: '5/2', start: ['1/2'] },
};
