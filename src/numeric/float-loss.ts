import type { DerivativeTable } from '../symbolic/derivatives.js';
import { withParamValues, type Loss } from '../symbolic/loss.js';
import { compile, type Compiled } from './compile.js';
import { floatAlgebra } from './float-algebra.js';

/**
 * A loss with its gradient and Hessian compiled to float64 closures: the fast path for long GD
 * runs (10^5 to 10^6 steps), where the decimal evaluator would take hours. It reuses the derivative
 * table of a decimal CompiledLoss, so both paths evaluate the same CAS-derived (and jet-checked)
 * expressions. Values are float64: a run that needs more than 16 digits is refined at high
 * precision (src/dynamics/refine-windows.ts), never trusted as is.
 */
export interface FloatLoss {
  readonly n: number;
  value(w: ArrayLike<number>): number;
  /** Writes grad L(w) into `out`. */
  gradient(w: ArrayLike<number>, out: Float64Array): void;
  /** Writes the Hessian into `out` row by row (n x n). */
  hessian(w: ArrayLike<number>, out: Float64Array): void;
}

export function compileFloatLoss(loss: Loss, table: DerivativeTable): FloatLoss {
  const n = loss.vars.length;
  const fn = (indices: readonly number[]): Compiled<number> => compile(withParamValues(loss, table.entry(indices)), floatAlgebra, loss.vars);
  const value = fn([]);
  const grad = loss.vars.map((_, i) => fn([i]));
  // Only the upper triangle is compiled: the Hessian is symmetric.
  const hess = loss.vars.map((_, i) => loss.vars.map((__, j) => (j >= i ? fn([i, j]) : undefined)));
  const args = (w: ArrayLike<number>): number[] => Array.from(w);
  return {
    n,
    value: (w) => value(args(w)),
    gradient: (w, out) => {
      const a = args(w);
      for (let i = 0; i < n; i++) out[i] = grad[i]!(a);
    },
    hessian: (w, out) => {
      const a = args(w);
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const h = hess[i]![j]!(a);
          out[i * n + j] = h;
          out[j * n + i] = h;
        }
      }
    },
  };
}

/** Largest eigenvalue of a symmetric 1x1 or 2x2 matrix stored row by row. */
export function floatSharpness(h: Float64Array, n: number): number {
  if (n === 1) return h[0]!;
  const a = h[0]!;
  const b = h[1]!;
  const c = h[3]!;
  return (a + c) / 2 + Math.hypot((a - c) / 2, b);
}
