import { add, dot, sub } from '../src/dynamics/vectors.js';
import type { Decimal } from 'decimal.js';
import { couplingAt, randomInputs } from './coupling.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * In centre/half-amplitude coordinates, A(m - a, m + a) = 2 Psi(m, a) with
 * Psi = (L(m + a) + L(m - a))/2 - |a|^2/eta: |x - y|^2 = 4|a|^2, so the coupling term is
 * 4|a|^2/(2 eta). The mutant keeps the 2 eta of the original coordinates: |a|^2/(2 eta).
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const m = i.start;
      const a = i.partner ?? m;
      const coupling = couplingAt(i).value(sub(m, a), add(m, a));
      const divisor: Decimal = mutant ? i.eta.times(2) : i.eta;
      const psi = i.f.value(add(m, a)).plus(i.f.value(sub(m, a))).div(2).minus(dot(a, a).div(divisor));
      const twicePsi = psi.times(2);
      return compare(coupling.minus(twicePsi).abs(), tolerance(i.ctx, twicePsi), {
        m: show(m),
        a: show(a),
        'A(m - a, m + a)': show(coupling),
        '2 Psi(m, a)': show(twicePsi),
      });
    }, { derivatives: 'jets' });
}

export const centreHalfAmplitudeForm: Theorem = {
  id: 'centre-half-amplitude-form',
  title: 'The edge coupling in centre and half-amplitude coordinates',
  source: 'arXiv 2604.20446, §2.3; MATH.md §1',
  statement: 'A_\\eta(m - a, m + a) = 2\\Psi(m, a),\\quad \\Psi(m,a) = \\tfrac12\\big(L(m+a) + L(m-a)\\big) - \\frac{|a|^2}{\\eta}.',
  hypotheses: ['L is defined at m - a and m + a', 'eta > 0'],
  method: 'Evaluates the CAS expression of A at (m - a, m + a) and compares it with twice Psi computed from L.',
  check: check(false),
  mutant: { description: 'Psi with |a|^2/(2 eta)', check: check(true) },
  inputs: randomInputs,
  example: { loss: '(x^2 - mu)^2/4', vars: ['x'], params: { mu: '1' }, eta: '3/2', start: ['1/2'], partner: ['1/4'] },
};
