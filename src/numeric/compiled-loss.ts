import type { Decimal } from 'decimal.js';
import { derivativeTable, mapTensor, type DerivativeTable, type Nested } from '../symbolic/derivatives.js';
import type { Loss } from '../symbolic/loss.js';
import type { NumericContext } from './context.js';
import { decimalFunction } from './evaluate.js';
import type { Matrix, Vector } from './linalg.js';

/**
 * A loss with its derivatives compiled to decimal functions at one precision: what the dynamics
 * (GD, fixed points, orbits, trajectories) evaluate thousands of times. Derivatives come from the
 * CAS once; the property tests hold them to the Taylor-mode jets.
 */
export interface CompiledLoss {
  readonly loss: Loss;
  readonly context: NumericContext;
  readonly table: DerivativeTable;
  readonly n: number;
  value(w: Vector): Decimal;
  gradient(w: Vector): Vector;
  hessian(w: Vector): Matrix;
  /** The order-k derivative tensor (k <= the compiled order) as nested arrays. */
  tensor(k: number, w: Vector): Nested<Decimal>;
  /** The GD map G(w) = w - eta grad L(w). */
  gdStep(w: Vector, eta: Decimal): Vector;
}

/** The GD map w - eta grad L(w) of a gradient, as every CompiledLoss gives it. */
export function gdStepOf(gradient: (w: Vector) => Vector): CompiledLoss['gdStep'] {
  return (w, eta) => {
    const g = gradient(w);
    return w.map((wi, i) => wi.minus(eta.times(g[i]!)));
  };
}

export function compileLoss(loss: Loss, context: NumericContext, order = 2): CompiledLoss {
  const table = derivativeTable(loss.expr, loss.vars, Math.max(order, 2));
  const n = loss.vars.length;
  const compiled = new Map<string, (w: Vector) => Decimal>();
  const entry = (indices: readonly number[]): ((w: Vector) => Decimal) => {
    const key = [...indices].sort((a, b) => a - b).join(',');
    let f = compiled.get(key);
    if (!f) {
      f = decimalFunction(loss, table.entry(indices), context);
      compiled.set(key, f);
    }
    return f;
  };
  const gradient = (w: Vector): Vector => loss.vars.map((_, i) => entry([i])(w));
  return {
    loss,
    context,
    table,
    n,
    value: (w) => entry([])(w),
    gradient,
    hessian: (w) => {
      // The upper triangle, mirrored: H is symmetric, and entry (j, i) is the same compiled function.
      const h = loss.vars.map((_, i) => loss.vars.map((__, j) => (j >= i ? entry([i, j])(w) : undefined)));
      return h.map((row, i) => row.map((x, j) => x ?? h[j]![i]!));
    },
    tensor: (k, w) => mapTensor(n, k, (idx) => entry(idx)(w)),
    gdStep: gdStepOf(gradient),
  };
}
