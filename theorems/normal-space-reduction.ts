import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { parseBox } from '../src/dynamics/box.js';
import { traceManifolds } from '../src/dynamics/manifolds.js';
import { dot, scale, sub } from '../src/dynamics/vectors.js';
import type { Vector } from '../src/numeric/linalg.js';
import type { Nested } from '../src/symbolic/derivatives.js';
import { orbitNear } from './reduction-at.js';
import { convergenceVerdict, onInstance, show, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/** T[a,a,.] and Q4[a,a,a,a] for nested 2-D tensors. */
function contractions(t: Nested<Decimal>, q: Nested<Decimal>, a: Vector): { taa: Vector; q4: Decimal } {
  const t3 = t as readonly (readonly (readonly Decimal[])[])[];
  const t4 = q as readonly (readonly (readonly (readonly Decimal[])[])[])[];
  const idx = [0, 1];
  const taa = idx.map((k) => idx.reduce((s, i) => idx.reduce((s2, j) => s2.plus(t3[i]![j]![k]!.times(a[i]!).times(a[j]!)), s), a[0]!.times(0)));
  let q4 = a[0]!.times(0);
  for (const i of idx) for (const j of idx) for (const k of idx) for (const l of idx) q4 = q4.plus(t4[i]![j]![k]![l]!.times(a[i]!).times(a[j]!).times(a[k]!).times(a[l]!));
  return { taa, q4 };
}

/**
 * Prop 2.6 in 2-D: at the flattest point p of a curve of minima (sharpness lambda, unit normal n =
 * the top eigenvector of H), the reduction lives on the normal line: Q_perp(n) = Q4[n,n,n,n]/6 -
 * <T[n,n,.], H^+ T[n,n,.]>/2, and the period-two orbit born at eta* = 2/lambda has half-amplitude
 * alpha^2 = (2/eta - lambda)/Q_perp + o(|eta - eta*|), on the side of eta* the sign of Q_perp gives.
 * The flattest point comes from classify's manifold tracing (src/dynamics/manifolds.ts) from the
 * start; the orbit is solved by Newton at eta = eta* (1 -+ epsilon) and its relative amplitude
 * error must shrink like epsilon. The mutant halves alpha^2. (Dropping the cubic coupling, Q4/6
 * alone, is no good control: it flips the sign of Q_perp on (xy - 1)^2/2, so the mutant looks for the
 * orbit on the side where there is none and Newton's failure only makes the instance undecided.)
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 4, (i) => {
      const { D } = i.ctx;
      if (i.f.n !== 2) return { kind: 'undecided', reason: 'the manifold tracing is 2-D' };
      const box = parseBox(['-4', '4'], i.f.loss, i.ctx);
      const manifolds = traceManifolds(i.f, box, i.eta, [i.start]);
      const p = manifolds[0]?.flattest;
      if (!p || p.kind !== 'refined') return { kind: 'undecided', reason: 'no curve of critical points with an interior flattest point through the start' };
      const n = p.normal;
      const { taa, q4 } = contractions(i.f.tensor(3, p.point), i.f.tensor(4, p.point), n);
      // H = lambda n n^T on the curve: H^+ T[n,n,.] keeps the normal component only.
      const hPlus = scale(dot(n, taa).div(p.sharpness), n);
      const q = q4.div(6).minus(dot(taa, hPlus).div(2));
      if (q.abs().lt('1e-8')) return { kind: 'undecided', reason: 'Q_perp = 0: degenerate at quartic order' };
      const e1 = new D(10).pow(-Math.ceil(i.ctx.digits / 8));
      const errors: Decimal[] = [];
      const found: string[] = [];
      for (const epsilon of [e1, e1.div(2)]) {
        const eta = p.criticalEta.times(new D(1).plus(q.isNegative() ? epsilon : epsilon.neg()));
        const alpha2 = D.div(2, eta).minus(p.sharpness).div(q.times(mutant ? 2 : 1));
        const alpha = alpha2.sqrt();
        const orbit = orbitNear(i, eta, sub(p.point, scale(alpha2.div(2), hPlus)), scale(alpha, n));
        if (!orbit) return { kind: 'undecided', reason: `Newton found no period-two orbit near the prediction at eta = ${show(eta, 8)}` };
        errors.push(orbit.halfAmplitude.div(alpha).minus(1).abs());
        found.push(`${show(orbit.halfAmplitude, 10)} (predicted ${show(alpha, 10)})`);
      }
      const floor = new D(10).pow(6 - i.ctx.digits);
      return convergenceVerdict([errors[0]!, errors[1]!], floor, 1.5, {
        flattest: show(p.point),
        'sharpness, eta*': `${show(p.sharpness)}, ${show(p.criticalEta)}`,
        'Q_perp(n)': show(q, 10),
        'solved half-amplitudes': found.join(', '),
        'centre shift / alpha^2 = -(1/2) H^+ T[n,n,.]': show(scale(new D(-1).div(2), hPlus), 8),
      });
    });
}

/**
 * L = (xy + d x^2 - c)^2/2: the curve y = c/x - d x (x > 0) of minima, with sharpness
 * (c/x + d x)^2 + x^2 -> infinity at both ends, so an interior flattest point; the start (1, c - d)
 * lies on the curve.
 */
function inputs(): fc.Arbitrary<TheoremInput> {
  return fc
    .record({ c: fc.integer({ min: 2, max: 16 }), d: fc.integer({ min: -3, max: 3 }) })
    .map(({ c, d }) => ({
      loss: `(x*y + (${d}/8)*x^2 - ${c}/8)^2/2`,
      vars: ['x', 'y'],
      eta: '1',
      start: ['1', `${c}/8 - (${d}/8)`],
    }));
}

export const normalSpaceReduction: Theorem = {
  id: 'normal-space-reduction',
  title: 'At the flattest point of a curve of minima the reduction lives on the normal line: alpha^2 = (2/eta - 2/eta*)/Q_perp',
  source: 'arXiv 2604.20446, Prop 2.6 (Morse-Bott minima); MATH.md §4',
  statement:
    'Q_\\perp(n) = \\tfrac16 Q_4[n,n,n,n] - \\tfrac12 \\langle T[n,n,\\cdot], H^{+} T[n,n,\\cdot]\\rangle,\\quad \\alpha(\\eta)^2 = \\frac{2/\\eta - 2/\\eta^*}{Q_\\perp(n)} + o(|\\eta - \\eta^*|),\\quad \\eta^* = 2/\\lambda_{\\max}.',
  hypotheses: [
    'a curve of critical points (Morse-Bott: H has rank 1 on it, its kernel the tangent) through the start',
    'p its flattest point (sharpness stationary along the curve, interior to the box [-4, 4]^2), n the unit normal',
    'Q_perp(n) != 0',
  ],
  method:
    'Traces the curve from the start and refines its flattest point at working precision (classify\'s manifold tracing), computes Q_perp there, sets eta = eta* (1 -+ epsilon) on the side the sign of Q_perp predicts, solves the orbit by Newton from {m - alpha n, m + alpha n} and requires the relative amplitude error to shrink like epsilon (the learning rate of the input is not used).',
  check: check(false),
  mutant: { description: 'alpha^2 = (2/eta - 2/eta*)/(2 Q_perp(n)) (factor 2)', check: check(true) },
  inputs,
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '1', start: ['2', '1/2'] },
};
