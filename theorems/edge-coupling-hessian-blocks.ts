import { maxAbs } from '../src/dynamics/vectors.js';
import { differentiate } from '../src/symbolic/cas.js';
import { couplingAt, randomInputs } from './coupling.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * The Hessian of A at any pair is [[H(x) - I/eta, I/eta], [I/eta, H(y) - I/eta]]. At a fixed point
 * (x = y = w*) this gives the quadratic forms 2 u.Hu on (u, u) and 2 u.(H - 2I/eta)u on (u, -u):
 * the second changes sign at eta = 2/lambda, the stability boundary. The mutant flips the sign of
 * the off-diagonal blocks.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const x = i.start;
      const y = i.partner ?? x;
      const A = couplingAt(i);
      const vars = [...A.coupling.first, ...A.coupling.second];
      const grads = [...A.coupling.gradFirst, ...A.coupling.gradSecond];
      const symbolic = grads.map((g) => vars.map((v) => A.compile(differentiate(g, v))(x, y)));
      const n = x.length;
      const hx = i.f.hessian(x);
      const hy = i.f.hessian(y);
      const inv = i.ctx.D.div(1, i.eta);
      const coupled = mutant ? inv.neg() : inv;
      const expected = vars.map((_, r) =>
        vars.map((_, c) => {
          const [br, bc, ir, ic] = [Math.floor(r / n), Math.floor(c / n), r % n, c % n];
          const identity = ir === ic ? 1 : 0;
          if (br === bc) return (br === 0 ? hx : hy)[ir]![ic]!.minus(inv.times(identity));
          return coupled.times(identity);
        }),
      );
      const diff = symbolic.flatMap((row, r) => row.map((v, c) => v.minus(expected[r]![c]!)));
      return compare(maxAbs(diff), tolerance(i.ctx, maxAbs(expected.flat())), {
        x: show(x),
        y: show(y),
        'Hess A (CAS)': symbolic.map((row) => show(row, 8)).join(' '),
        [mutant ? 'mutant blocks' : 'block formula']: expected.map((row) => show(row, 8)).join(' '),
      });
    }, { derivatives: 'jets' });
}

export const edgeCouplingHessianBlocks: Theorem = {
  id: 'edge-coupling-hessian-blocks',
  title: 'Block structure of the Hessian of the edge coupling',
  source: 'arXiv 2604.20446, §2; MATH.md §1',
  statement:
    '\\nabla^2 A_\\eta(x,y) = \\begin{pmatrix} H(x) - I/\\eta & I/\\eta \\\\ I/\\eta & H(y) - I/\\eta \\end{pmatrix};\\ \\text{at } (w^*,w^*):\\ (u,u) \\mapsto 2u^\\top H u,\\ (u,-u) \\mapsto 2u^\\top (H - \\tfrac{2}{\\eta} I) u.',
  hypotheses: ['L is twice differentiable at x and y', 'eta > 0'],
  method: 'Differentiates the CAS gradients of A once more and compares every entry with the block formula built from the Hessian of L at x and y (Taylor-mode jets, no CAS).',
  check: check(false),
  mutant: { description: 'off-diagonal blocks -I/eta', check: check(true) },
  inputs: randomInputs,
  example: { loss: '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3', vars: ['x', 'y'], eta: '1/2', start: ['0', '0'], partner: ['1/3', '-1/2'] },
};
