import { maxAbs, scale, sub } from '../src/dynamics/vectors.js';
import type { Decimal } from 'decimal.js';
import { plantedFixedPointInputs } from './arbitraries.js';
import { centreMap, reductionSetting } from './reduction-at.js';
import { convergenceVerdict, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * m(a) = w* - (1/2) H^{-1} T[a,a,.] + O(|a|^4): along a = s u, (m(s u) - w*)/s^2 tends to the shift
 * -(1/2) H^{-1} T[u,u,.] with an error O(s^2). Checked as a convergence order: halving s must cut the
 * error by about 4 (at least 2 is accepted), unless the error is already at the rounding floor.
 * The mutant flips the sign of the shift, an error that does not shrink.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 4, (i) => {
      const setting = reductionSetting(i);
      if (typeof setting === 'string') return { kind: 'undecided', reason: setting };
      const { D } = i.ctx;
      const u = setting.eigen.vectors.at(-1)!;
      const shift = scale(new D(mutant ? -1 : 1), setting.reduce(u).centreShift);
      const s1 = new D(10).pow(-Math.ceil(i.ctx.digits / 6));
      const errors: Decimal[] = [];
      for (const s of [s1, s1.div(2)]) {
        const m = centreMap(i, setting.star, scale(s, u));
        if (!m) return { kind: 'undecided', reason: 'Newton did not find the centre m(a)' };
        errors.push(maxAbs(sub(scale(new D(1).div(s.pow(2)), sub(m, setting.star)), shift)));
      }
      // Rounding floor of (m - w*)/s^2: the precision of m over s^2, with margin.
      const floor = new D(10).pow(4 - i.ctx.precision).times(D.max(1, maxAbs(setting.star))).div(s1.pow(2));
      return convergenceVerdict([errors[0]!, errors[1]!], floor, 2, { 'w*': show(setting.star), u: show(u, 8), [mutant ? 'mutant shift' : 'shift -(1/2) H^-1 T[u,u,.]']: show(shift, 10) });
    });
}

export const centreMapExpansion: Theorem = {
  id: 'centre-map-expansion',
  title: 'The centre of a small period-two orbit moves by -(1/2) H^{-1} T[a,a,.]',
  source: 'arXiv 2604.20446, Thm 2.3; MATH.md §4',
  statement: '\\nabla L(m + a) + \\nabla L(m - a) = 0 \\;\\Rightarrow\\; m(a) = w^* - \\tfrac12 H^{-1} T[a,a,\\cdot] + O(|a|^4).',
  hypotheses: ['w* is a nondegenerate critical point', 'L is four times continuously differentiable near w*'],
  method:
    'Solves grad L(m + s u) + grad L(m - s u) = 0 by Newton at two half-amplitudes s and s/2 (u the top eigenvector) and requires (m - w*)/s^2 to approach the predicted shift at the rate of the O(s^2) remainder.',
  check: check(false),
  mutant: { description: 'shift +(1/2) H^{-1} T[a,a,.] (wrong sign)', check: check(true) },
  inputs: plantedFixedPointInputs,
  example: { loss: '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3', vars: ['x', 'y'], eta: '1/2', start: ['0', '0'] },
};
