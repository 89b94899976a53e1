import type { Decimal } from 'decimal.js';
import type { Expr } from '../symbolic/ast.js';
import { InputError, parseConstant, withParamValues, type Loss } from '../symbolic/loss.js';
import { compile } from './compile.js';
import type { NumericContext } from './context.js';
import { decimalAlgebra } from './decimal-algebra.js';
import { compileDecimal } from './fast-decimal-algebra.js';

/** Value of a constant expression such as "7/10" or "pi/4" at the context's working precision. */
export function constantValue(text: string, what: string, ctx: NumericContext): Decimal {
  return compile(parseConstant(text, what), decimalAlgebra(ctx), [])([]);
}

/** A learning rate: an exact positive constant ("5/2"). */
export function parseEta(text: string, ctx: NumericContext): Decimal {
  const eta = constantValue(text, 'eta', ctx);
  if (eta.isZero() || eta.isNegative()) throw new InputError(`eta must be positive, got ${text}`);
  return eta;
}

/** A point given as exact strings, one per variable of the loss. */
export function parsePoint(texts: readonly string[], loss: Loss, ctx: NumericContext, what = 'point'): readonly Decimal[] {
  if (texts.length !== loss.vars.length) {
    throw new InputError(`${what} has ${texts.length} coordinate(s) but the loss has ${loss.vars.length} variable(s) (${loss.vars.join(', ')})`);
  }
  return texts.map((t, i) => constantValue(t, `${what} coordinate ${loss.vars[i]}`, ctx));
}

/**
 * Compiles an expression of the loss's variables (and any `extra` symbols, such as eta or a step
 * d) into a decimal function, with the loss's parameters substituted by their exact values (the
 * decimal algebra's values, computed in its BigInt form: fast-decimal-algebra.ts).
 */
export function decimalFunction(
  loss: Loss,
  e: Expr,
  ctx: NumericContext,
  extra: readonly string[] = [],
): (values: readonly Decimal[]) => Decimal {
  const f = compileDecimal([withParamValues(loss, e)], ctx, [...loss.vars, ...extra]);
  return (values) => f(values)[0]!;
}
