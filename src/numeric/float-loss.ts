import type { DerivativeTable } from '../symbolic/derivatives.js';
import { withParamValues, type Loss } from '../symbolic/loss.js';
import { compileFloatProgram } from './float-program.js';

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
  const program = (entries: readonly (readonly number[])[]) =>
    compileFloatProgram(
      entries.map((indices) => withParamValues(loss, table.entry(indices))),
      loss.vars,
    );
  const value = program([[]]);
  const grad = program(loss.vars.map((_, i) => [i]));
  // Only the upper triangle is compiled (the Hessian is symmetric), as one program sharing subexpressions.
  const upper = loss.vars.flatMap((_, i) => loss.vars.flatMap((__, j) => (j >= i ? [[i, j]] : [])));
  const hess = program(upper);
  const scalar = new Float64Array(1);
  const entries = new Float64Array(upper.length);
  return {
    n,
    value: (w) => {
      value(w, scalar);
      return scalar[0]!;
    },
    gradient: (w, out) => grad(w, out),
    hessian: (w, out) => {
      hess(w, entries);
      upper.forEach(([i, j], k) => {
        out[i! * n + j!] = entries[k]!;
        out[j! * n + i!] = entries[k]!;
      });
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
