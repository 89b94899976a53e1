import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { decimalFunction } from '../src/numeric/evaluate.js';
import type { Vector } from '../src/numeric/linalg.js';
import type { Expr } from '../src/symbolic/ast.js';
import { edgeCoupling, ETA, type EdgeCoupling } from '../src/symbolic/edge-coupling.js';
import { coordinate, learningRate, smoothExpression } from './arbitraries.js';
import type { Instance, TheoremInput } from './theorem.js';

/**
 * The edge coupling A on an instance, derived by the CAS from A itself and evaluated by the decimal
 * evaluator: the theorems compare it with GD computed from grad L, a different route.
 */
export interface CouplingAt {
  readonly coupling: EdgeCoupling;
  /** Compiles any expression in A's variables and eta (e.g. a further derivative of A). */
  compile(e: Expr): (x: Vector, y: Vector) => Decimal;
  value(x: Vector, y: Vector): Decimal;
  gradX(x: Vector, y: Vector): Vector;
  gradY(x: Vector, y: Vector): Vector;
}

export function couplingAt(i: Instance, weight?: Expr): CouplingAt {
  const coupling = edgeCoupling(i.f.loss, weight);
  const slots = [...coupling.first, ...coupling.second, ETA];
  const compileExpr = (e: Expr) => decimalFunction(i.f.loss, e, i.ctx, slots);
  // Slots are [loss vars, x_1.., x_2.., eta]; the loss's own variables do not occur in A, so any
  // value fills their slots.
  const at = (x: Vector, y: Vector): Vector => [...x, ...x, ...y, i.eta];
  const value = compileExpr(coupling.expr);
  const gx = coupling.gradFirst.map(compileExpr);
  const gy = coupling.gradSecond.map(compileExpr);
  return {
    coupling,
    compile: (e) => {
      const f = compileExpr(e);
      return (x, y) => f(at(x, y));
    },
    value: (x, y) => value(at(x, y)),
    gradX: (x, y) => gx.map((g) => g(at(x, y))),
    gradY: (x, y) => gy.map((g) => g(at(x, y))),
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
