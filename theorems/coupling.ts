import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { decimalFunction } from '../src/numeric/evaluate.js';
import type { Vector } from '../src/numeric/linalg.js';
import type { Expr } from '../src/symbolic/ast.js';
import { edgeCoupling, ETA, type EdgeCoupling } from '../src/symbolic/edge-coupling.js';
import { coordinate, learningRate, smoothExpression } from './arbitraries.js';
import type { Instance, TheoremInput } from './theorem.js';

/** A function of a pair (x, y), e.g. A or one of its derivatives at the instance's eta. */
export type AtPair = (x: Vector, y: Vector) => Decimal;

/**
 * The edge coupling A on an instance, derived by the CAS from A itself and evaluated by the decimal
 * evaluator: the theorems compare it with GD computed from grad L by Taylor-mode jets (jetLoss), an
 * independent route.
 */
export interface CouplingAt {
  readonly coupling: EdgeCoupling;
  /** Compiles any expression in A's variables and eta (e.g. a further derivative of A). */
  compile(e: Expr): AtPair;
  value(x: Vector, y: Vector): Decimal;
  gradX(x: Vector, y: Vector): Vector;
  gradY(x: Vector, y: Vector): Vector;
}

export function couplingAt(i: Instance, weight?: Expr): CouplingAt {
  const coupling = edgeCoupling(i.f.loss, weight);
  const slots = [...coupling.first, ...coupling.second, ETA];
  // Slots are [loss vars, x_1.., x_2.., eta]; the loss's own variables do not occur in A, so any
  // value fills their slots.
  const compile = (e: Expr): AtPair => {
    const f = decimalFunction(i.f.loss, e, i.ctx, slots);
    return (x, y) => f([...x, ...x, ...y, i.eta]);
  };
  // Compiled on first use, and A's gradients derived only then: each theorem reads only some of them.
  let value: AtPair | undefined;
  let gx: AtPair[] | undefined;
  let gy: AtPair[] | undefined;
  return {
    coupling,
    compile,
    value: (x, y) => (value ??= compile(coupling.expr))(x, y),
    gradX: (x, y) => (gx ??= coupling.gradFirst.map(compile)).map((g) => g(x, y)),
    gradY: (x, y) => (gy ??= coupling.gradSecond.map(compile)).map((g) => g(x, y)),
  };
}

/** Random instances in 1 or 2 variables: loss, learning rate, a start point and a partner point. */
export function randomInputs(): fc.Arbitrary<TheoremInput> {
  const ofDimension = (vars: readonly string[]) =>
    fc.record({
      loss: smoothExpression(vars, 2),
      vars: fc.constant(vars),
      eta: learningRate,
      start: fc.tuple(...vars.map(() => coordinate)),
      partner: fc.tuple(...vars.map(() => coordinate)),
    });
  return fc.oneof(ofDimension(['x']), ofDimension(['x', 'y']));
}
