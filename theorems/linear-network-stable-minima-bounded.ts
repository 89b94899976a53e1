import fc from 'fast-check';
import { sharpnessBound } from '../src/dynamics/linear-network/stable-minima.js';
import { numericContext } from '../src/numeric/context.js';
import { constantValue, parseEta } from '../src/numeric/evaluate.js';
import { networkInput, networkOf, product, ratio, show as showRational } from './linear-network-instances.js';
import { decided, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Seed 004: the stable minima form a bounded set. The checked inequality is
 * sharpness >= max(|W1|_op^2, |W2|_op^2) at a minimiser (derived in
 * src/dynamics/linear-network/stable-minima.ts), which confines a minimum with sharpness <= 2/eta to
 * |W1|_op, |W2|_op <= sqrt(2/eta). The mutant claims twice the Cauchy-Schwarz upper bound,
 * sharpness >= 2 (|W1|_op^2 + |W2|_op^2), which no nonzero minimiser satisfies.
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict => {
    const of = networkOf(input);
    if (of.kind !== 'network') return of;
    const ctx = numericContext(options.digits);
    const { D } = ctx;
    const eta = parseEta(input.eta, ctx);
    const w = input.start.map((x, i) => constantValue(x, `weight ${i + 1}`, ctx));
    const b = sharpnessBound(of.net, w, ctx);
    const tol = tolerance(ctx, b.sharpness);
    if (b.residual.gt(tol)) return { kind: 'undecided', reason: `not a minimiser: |W2 W1 - M|_F = ${show(b.residual, 3)}` };
    const bound = mutant ? b.w1Op2.plus(b.w2Op2).times(2) : D.max(b.w1Op2, b.w2Op2);
    const radius = D.sqrt(D.div(2, eta));
    return decided(b.sharpness.gte(bound.minus(tol)), D.max(0, bound.minus(b.sharpness)), tol, {
      sharpness: show(b.sharpness),
      'op(W1)^2, op(W2)^2': `${show(b.w1Op2)}, ${show(b.w2Op2)}`,
      [mutant ? '2 (op(W1)^2 + op(W2)^2)' : 'max(op(W1)^2, op(W2)^2)']: show(bound),
      'stable at eta (sharpness <= 2/eta)': b.sharpness.lte(D.div(2, eta)) ? 'yes' : 'no',
      'bound on op(W1), op(W2) at stable minima: sqrt(2/eta)': show(radius),
    });
  };
}

/** Random weights in halves; the target is their product, so the point is a minimiser exactly. */
function inputs(): fc.Arbitrary<TheoremInput> {
  const half = fc.integer({ min: -6, max: 6 }).map((k) => ratio(BigInt(k), 2n));
  return fc
    .record({ d0: fc.integer({ min: 1, max: 3 }), d1: fc.integer({ min: 1, max: 3 }), d2: fc.integer({ min: 1, max: 3 }), eta: fc.integer({ min: 1, max: 8 }) })
    .chain(({ d0, d1, d2, eta }) =>
      fc.record({ w1: fc.array(half, { minLength: d1 * d0, maxLength: d1 * d0 }), w2: fc.array(half, { minLength: d2 * d1, maxLength: d2 * d1 }) }).map(({ w1, w2 }) => {
        const W1 = Array.from({ length: d1 }, (_, i) => w1.slice(i * d0, (i + 1) * d0));
        const W2 = Array.from({ length: d2 }, (_, i) => w2.slice(i * d1, (i + 1) * d1));
        return networkInput([d0, d1, d2], product(W2, W1).flat(), `1/${eta}`, [...w1, ...w2].map(showRational));
      }),
    );
}

export const linearNetworkStableMinimaBounded: Theorem = {
  id: 'linear-network-stable-minima-bounded',
  title: 'Linear networks: sharpness >= max(op(W1)^2, op(W2)^2) at every minimiser (op the operator norm), so stable minima are bounded',
  source: 'Craciun & Ghoshdastidar 2024 (seed 004), stable minima form a bounded set; MATH.md §5',
  statement:
    'W_2W_1 = M:\\quad \\lambda_{\\max}(H) \\ge \\max(\\|W_1\\|_{op}^2, \\|W_2\\|_{op}^2),\\ \\text{so}\\ \\lambda_{\\max}(H) \\le 2/\\eta \\Rightarrow \\|W_1\\|_{op}, \\|W_2\\|_{op} \\le \\sqrt{2/\\eta}.',
  hypotheses: ['the point is a global minimiser, W2 W1 = M (the random instances take M as the product of random W2 and W1)'],
  method:
    'Builds the closed-form Hessian at the minimiser, takes its top eigenvalue and the top eigenvalues of W1^T W1 and W2^T W2 (Jacobi over decimal.js), and requires sharpness >= max(|W1|_op^2, |W2|_op^2) up to the precision; reports whether the minimum is stable at eta and the weight bound sqrt(2/eta).',
  check: check(false),
  mutant: { description: 'sharpness >= 2 (|W1|_op^2 + |W2|_op^2) (twice the upper bound)', check: check(true) },
  inputs,
  example: networkInput([2, 2, 2], [ratio(2n), ratio(1n), ratio(0n), ratio(1n, 2n)], '1/4', ['2', '0', '0', '1', '1', '1', '0', '1/2']),
};
