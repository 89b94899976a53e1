import type { Decimal } from 'decimal.js';
import { distinctEntries, type DerivativeTable } from '../symbolic/derivatives.js';
import { withParamValues, type Loss } from '../symbolic/loss.js';
import { compile } from './compile.js';
import type { NumericContext } from './context.js';
import { decimalFunction } from './evaluate.js';
import { jetAlgebra, jetSpace, partialByIndices } from './jet.js';

/** Numeric values of all partial derivatives up to some order at one point. */
export type DerivativeValues = (indices: readonly number[]) => Decimal;

/** Route 1: evaluate the CAS-derived expressions with the decimal evaluator. */
export function symbolicValues(loss: Loss, table: DerivativeTable, point: readonly Decimal[], ctx: NumericContext): DerivativeValues {
  const cache = new Map<string, Decimal>();
  return (indices) => {
    const key = [...indices].sort((x, y) => x - y).join(',');
    let v = cache.get(key);
    if (!v) {
      v = decimalFunction(loss, table.entry(indices), ctx)(point);
      cache.set(key, v);
    }
    return v;
  };
}

/** Route 2: one Taylor-mode jet evaluation of the loss itself gives every derivative to `order`. */
export function jetValues(loss: Loss, point: readonly Decimal[], order: number, ctx: NumericContext): DerivativeValues {
  const space = jetSpace(loss.vars.length, order);
  const alg = jetAlgebra(ctx, space);
  const f = compile(withParamValues(loss, loss.expr), alg, loss.vars);
  const jet = f(point.map((p, i) => alg.variable(i, p)));
  return (indices) => partialByIndices(space, jet, indices, ctx);
}

/**
 * Agreement of two routes to the same derivatives. The tolerance is mixed absolute/relative,
 * 10^-digits * max(1, |a|, |b|): the guard digits of the context leave room for the rounding and
 * cancellation of both routes, so any disagreement above it is a wrong derivative, not noise.
 */
export interface CrossCheck {
  readonly method: 'taylor-mode jets';
  readonly order: number;
  readonly entries: number;
  /** max |a - b| / max(1, |a|, |b|) over all entries. */
  readonly maxScaledDiscrepancy: Decimal;
  readonly tolerance: Decimal;
  readonly agree: boolean;
  /** The multi-index with the largest scaled discrepancy. */
  readonly worst: readonly number[];
}

export function crossCheck(n: number, order: number, a: DerivativeValues, b: DerivativeValues, ctx: NumericContext): CrossCheck {
  const { D } = ctx;
  const unit = new D(10).pow(-ctx.digits);
  let worst: readonly number[] = [];
  let maxScaled = new D(0);
  const indices = distinctEntries(n, 0, order);
  for (const idx of indices) {
    const x = a(idx);
    const y = b(idx);
    const scaled = x.minus(y).abs().div(D.max(1, x.abs(), y.abs()));
    if (scaled.gt(maxScaled) || worst.length === 0) {
      maxScaled = scaled;
      worst = idx;
    }
  }
  return {
    method: 'taylor-mode jets',
    order,
    entries: indices.length,
    maxScaledDiscrepancy: maxScaled,
    tolerance: unit,
    agree: maxScaled.lte(unit),
    worst,
  };
}
