import type { Decimal } from 'decimal.js';
import { lazyDerivativeTable, mapTensor } from '../symbolic/derivatives.js';
import { withParamValues, type Loss } from '../symbolic/loss.js';
import { compile, type Compiled } from './compile.js';
import { gdStepOf, type CompiledLoss } from './compiled-loss.js';
import type { NumericContext } from './context.js';
import { decimalFunction } from './evaluate.js';
import { jetAlgebra, jetSpace, partialByIndices, type Jet } from './jet.js';
import type { Vector } from './linalg.js';

/**
 * A loss whose derivatives come from Taylor-mode jets of the loss itself (one jet evaluation per
 * point, of the lowest order that a call needs) instead of CAS derivatives: for checks whose other
 * side is a CAS derivation (the edge coupling's gradients), so that the two sides share no
 * derivation and the search makes no CAS call for L. The `table` is the CAS's, derived only if a
 * caller reads it.
 */
export function jetLoss(loss: Loss, context: NumericContext, order = 2): CompiledLoss {
  const n = loss.vars.length;
  const maxOrder = Math.max(order, 2);
  const expr = withParamValues(loss, loss.expr);
  // Per order: the loss compiled over jets, and its jets by point (checks evaluate G(x) and
  // grad L(x) at the same immutable vector).
  const byOrder = new Map<number, { readonly f: Compiled<Jet>; readonly at: WeakMap<Vector, Jet> }>();
  /** Every partial derivative of order <= k at w. */
  const derivativesAt = (k: number, w: Vector): ((indices: readonly number[]) => Decimal) => {
    if (!Number.isInteger(k) || k < 1 || k > maxOrder) throw new RangeError(`no derivative of order ${k} (jets up to ${maxOrder})`);
    const space = jetSpace(n, k);
    const alg = jetAlgebra(context, space);
    let compiled = byOrder.get(k);
    if (!compiled) {
      compiled = { f: compile(expr, alg, loss.vars), at: new WeakMap() };
      byOrder.set(k, compiled);
    }
    let jet = compiled.at.get(w);
    if (!jet) {
      jet = compiled.f(w.map((x, i) => alg.variable(i, x)));
      compiled.at.set(w, jet);
    }
    const found = jet;
    return (indices) => partialByIndices(space, found, indices, context);
  };
  const value = decimalFunction(loss, loss.expr, context);
  const gradient = (w: Vector): Vector => {
    const d = derivativesAt(1, w);
    return loss.vars.map((_, i) => d([i]));
  };
  return {
    loss,
    context,
    table: lazyDerivativeTable(loss.expr, loss.vars, maxOrder),
    n,
    value,
    gradient,
    hessian: (w) => {
      const d = derivativesAt(2, w);
      return loss.vars.map((_, i) => loss.vars.map((__, j) => d([i, j])));
    },
    tensor: (k, w) => {
      if (k === 0) return value(w);
      const d = derivativesAt(k, w);
      return mapTensor(n, k, d);
    },
    gdStep: gdStepOf(gradient),
  };
}
