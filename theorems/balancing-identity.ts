import fc from 'fast-check';
import { coordinate, learningRate } from './arbitraries.js';
import { compare, onInstance, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * The balancing identity of L = (xy - 1)^2/2 (MATH.md §5): one GD step x' = x - eta r y,
 * y' = y - eta r x with r = xy - 1 gives x'^2 - y'^2 = (x^2 - y^2)(1 - eta^2 r^2), so the imbalance
 * x^2 - y^2 only shrinks while eta |r| < 1: the drift along the manifold towards x = y, the flattest
 * point. The step is taken with the compiled loss (the CAS's gradient), the right side from r by
 * hand. The mutant drops a factor eta: (1 - eta r^2).
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict =>
    onInstance(input, options, 2, (i) => {
      const { D } = i.ctx;
      const [x, y] = i.start as [typeof i.eta, typeof i.eta];
      const [xn, yn] = i.f.gdStep(i.start, i.eta) as [typeof i.eta, typeof i.eta];
      const r = x.times(y).minus(1);
      const before = x.pow(2).minus(y.pow(2));
      const after = xn.pow(2).minus(yn.pow(2));
      const factor = new D(1).minus((mutant ? i.eta : i.eta.pow(2)).times(r.pow(2)));
      const predicted = before.times(factor);
      return compare(after.minus(predicted).abs(), tolerance(i.ctx, D.max(after.abs(), predicted.abs(), xn.pow(2), yn.pow(2))), {
        "x'^2 - y'^2": show(after),
        [mutant ? '(x^2 - y^2)(1 - eta r^2)' : '(x^2 - y^2)(1 - eta^2 r^2)']: show(predicted),
        r: show(r),
      });
    });
}

function inputs(): fc.Arbitrary<TheoremInput> {
  return fc.record({ x: coordinate, y: coordinate, eta: learningRate }).map(({ x, y, eta }) => ({ loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta, start: [x, y] }));
}

export const balancingIdentity: Theorem = {
  id: 'balancing-identity',
  title: "Balancing on (xy - 1)^2/2: x'^2 - y'^2 = (x^2 - y^2)(1 - eta^2 (xy - 1)^2)",
  source: 'the two-layer scalar network (xy - 1)^2/2; MATH.md §5',
  statement: "x' = x - \\eta r y,\\ y' = y - \\eta r x,\\ r = xy - 1:\\quad x'^2 - y'^2 = (x^2 - y^2)\\,(1 - \\eta^2 r^2).",
  hypotheses: ['L = (xy - 1)^2/2', 'any point (x, y) and any eta > 0'],
  method: "Takes one GD step from a random rational point with the compiled gradient and compares x'^2 - y'^2 with (x^2 - y^2)(1 - eta^2 r^2) at working precision.",
  check: check(false),
  mutant: { description: '(x^2 - y^2)(1 - eta r^2) (one factor eta)', check: check(true) },
  inputs,
  example: { loss: '(x*y - 1)^2/2', vars: ['x', 'y'], eta: '11/10', start: ['2', '1/3'] },
};
