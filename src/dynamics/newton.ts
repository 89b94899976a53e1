import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { NumericContext } from '../numeric/context.js';
import { solve, type Matrix, type Vector } from '../numeric/linalg.js';
import { matrixMaxNorm, maxAbs, plus, tenTo } from './vector-ops.js';

/** A square system F(x) = 0 with its Jacobian, evaluated together (they share the point's work). */
export type System = (x: Vector) => { readonly value: Vector; readonly jacobian: Matrix };

export type NewtonResult =
  | {
      readonly kind: 'converged';
      readonly x: Vector;
      /** max |F_i(x)| at the returned point. */
      readonly residual: Decimal;
      readonly iterations: number;
      /**
       * Distance to the true root, estimated from the last steps: tiny after quadratic convergence,
       * about the last step times r/(1 - r) when convergence was linear with ratio r (a multiple root).
       */
      readonly errorEstimate: Decimal;
    }
  | { readonly kind: 'not-converged'; readonly reason: string; readonly x: Vector; readonly iterations: number };

/**
 * The residual at which F is zero to working precision: the rounding of F's terms is about
 * 10^-precision times their size, which |J| max(1, |x|) bounds to first order. Half the guard digits
 * stay as margin, so a converged residual means "zero to the requested digits and then some".
 */
export function residualTolerance(jacobian: Matrix, x: Vector, ctx: NumericContext): Decimal {
  const scale = matrixMaxNorm(jacobian).times(ctx.D.max(1, maxAbs(x))).plus(1);
  return tenTo(-(ctx.digits + Math.floor(ctx.guard / 2)), ctx).times(scale);
}

/**
 * Newton's method at the context's working precision. Stops when the residual is at working
 * precision, or when a step is below 10^-(digits+2) relative (the next one would be lost in the
 * guard digits). A point where F is undefined or J singular is reported, not guessed around:
 * callers start from seeds that a float search has already brought close to a root.
 */
export function newton(system: System, x0: Vector, ctx: NumericContext, maxIterations = 120): NewtonResult {
  const { D } = ctx;
  const stepFloor = tenTo(-(ctx.digits + 2), ctx);
  let x = x0;
  let last: Decimal | undefined;
  let previous: Decimal | undefined;
  // At the last point the Newton correction |J^-1 F| is the error to first order at a simple root;
  // at a multiple root (linear convergence, ratio r) the error is about the step times r/(1 - r).
  const estimate = (f: ReturnType<System>): Decimal => {
    let correction: Decimal | undefined;
    try {
      correction = maxAbs(solve(f.jacobian, f.value, ctx));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    const r = last && previous && !previous.isZero() ? D.min(last.div(previous), '0.99') : new D(0);
    if (r.lt('0.1')) return correction ?? last ?? new D(0);
    return D.max(correction ?? 0, last ?? 0).times(D.max(1, r.div(new D(1).minus(r))));
  };
  for (let it = 0; it <= maxIterations; it++) {
    let f: ReturnType<System>;
    try {
      f = system(x);
    } catch (err) {
      if (err instanceof DomainError) return { kind: 'not-converged', reason: `undefined at an iterate: ${err.message}`, x, iterations: it };
      throw err;
    }
    const residual = maxAbs(f.value);
    const small = residual.lte(residualTolerance(f.jacobian, x, ctx));
    const tinyStep = last !== undefined && last.lte(stepFloor.times(D.max(1, maxAbs(x))));
    if (small || tinyStep) return { kind: 'converged', x, residual, iterations: it, errorEstimate: estimate(f) };
    if (it === maxIterations) break;
    let step: Vector;
    try {
      step = solve(f.jacobian, f.value.map((v) => v.neg()), ctx);
    } catch (err) {
      if (err instanceof DomainError) return { kind: 'not-converged', reason: 'singular Jacobian', x, iterations: it };
      throw err;
    }
    previous = last;
    last = maxAbs(step);
    x = plus(x, step);
  }
  return { kind: 'not-converged', reason: `no convergence in ${maxIterations} iterations`, x, iterations: maxIterations };
}
