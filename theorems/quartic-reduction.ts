import { add, dot, scale, sub } from '../src/dynamics/vectors.js';
import type { Decimal } from 'decimal.js';
import { centreMap, reductionSetting } from './reduction-at.js';
import { plantedFixedPointInputs } from './arbitraries.js';
import { convergenceVerdict, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * P(a) = (L(m(a) + a) + L(m(a) - a))/2 = L(w*) + (1/2) a.Ha + (1/4) Q(a) + O(|a|^6) (P is even in a).
 * Along a = s u the remainder must shrink by about 64 when s halves (at least 32 is accepted, which
 * an O(s^4) error of 16 cannot reach). The mutant uses the loss restricted to the line w* + t u,
 * Q_line = Q4[u,u,u,u]/6 - T[u,u,u]^2/(2 u.Hu), the trap of MATH.md §4: right in 1-D, wrong in 2-D.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 4, (i) => {
      const setting = reductionSetting(i);
      if (typeof setting === 'string') return { kind: 'undecided', reason: setting };
      const { D } = i.ctx;
      const { star, h } = setting;
      // A direction that is not an eigenvector in 2-D, so the coupling term matters.
      const u = star.length === 1 ? [new D(1)] : [new D(3).div(5), new D(4).div(5)];
      const r = setting.reduce(u);
      const huu = dot(u, h.map((row) => dot(row, u)));
      const t = i.f.tensor(3, star) as readonly (readonly (readonly Decimal[])[])[];
      const tLine = dot(u, u.map((_, k) => dot(u, t.map((row) => dot(u, row.map((c) => c[k]!))))));
      const q = mutant ? r.quarticTerm.minus(tLine.pow(2).div(huu.times(2))) : r.Q;
      const l0 = i.f.value(star);
      const s1 = new D(10).pow(-Math.ceil(i.ctx.digits / 10));
      const errors: Decimal[] = [];
      for (const s of [s1, s1.div(2)]) {
        const a = scale(s, u);
        const m = centreMap(i, star, a);
        if (!m) return { kind: 'undecided', reason: 'Newton did not find the centre m(a)' };
        const p = i.f.value(add(m, a)).plus(i.f.value(sub(m, a))).div(2);
        const model = l0.plus(s.pow(2).times(huu).div(2)).plus(s.pow(4).times(q).div(4));
        errors.push(p.minus(model).abs());
      }
      const floor = new D(10).pow(4 - i.ctx.precision).times(D.max(1, l0.abs()));
      return convergenceVerdict([errors[0]!, errors[1]!], floor, 32, {
        'w*': show(star),
        u: show(u, 4),
        [mutant ? 'Q_line(u)' : 'Q(u)']: show(q, 10),
      });
    });
}

export const quarticReduction: Theorem = {
  id: 'quartic-reduction',
  title: 'The reduced function to fourth order: P(a) = L* + a.Ha/2 + Q(a)/4',
  source: 'arXiv 2604.20446, Prop 2.4; MATH.md §4',
  statement:
    'P(a) = \\tfrac12\\big(L(m+a) + L(m-a)\\big) = L(w^*) + \\tfrac12 a^\\top H a + \\tfrac14 Q(a) + o(|a|^4),\\quad Q(a) = \\tfrac16 Q_4[a,a,a,a] - \\tfrac12 \\langle T[a,a,\\cdot], H^{-1} T[a,a,\\cdot]\\rangle.',
  hypotheses: ['w* is a nondegenerate critical point', 'L is six times continuously differentiable near w*'],
  method:
    'Evaluates P(s u) with the centre map solved by Newton at s and s/2 and requires the remainder after the quartic model to shrink like s^6; Q(u) comes from D^3 L, D^4 L and H^{-1} (src/dynamics/branches.ts).',
  check: check(false),
  mutant: { description: 'Q from the loss restricted to the line w* + t u (no H^{-1} coupling)', check: check(true) },
  inputs: plantedFixedPointInputs,
  example: { loss: '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3', vars: ['x', 'y'], eta: '1/2', start: ['0', '0'] },
};
