import { createRequire } from 'node:module';
import type { Decimal } from 'decimal.js';
import { InputError } from '../symbolic/loss.js';

// decimal.js ships CommonJS typings for an ESM build whose only export is the default; loading
// the CommonJS build keeps types and runtime in agreement under "moduleResolution": "nodenext".
const DecimalRoot = createRequire(import.meta.url)('decimal.js') as Decimal.Constructor;

/**
 * Digits the user may ask for. Below 10 is not "arbitrary precision". The ceiling is decimal.js's:
 * its pi and ln 10 constants end near 1025 digits, so sin, cos, tan and pi fail above a working
 * precision of about 1005; 900 digits plus 100 guard digits stays inside that.
 */
export const MIN_DIGITS = 10;
export const MAX_DIGITS = 900;

/**
 * A numeric context: a private Decimal constructor (never the global one) working at
 * `digits + guard` significant digits. Guard digits absorb the rounding of a few hundred operations
 * and the cancellation of derivative formulas, so results can be reported to `digits` digits.
 */
export interface NumericContext {
  readonly D: Decimal.Constructor;
  readonly digits: number;
  readonly guard: number;
  readonly precision: number;
}

export function guardDigitsFor(digits: number): number {
  return 10 + Math.ceil(digits / 10);
}

const cache = new Map<number, NumericContext>();

/** The only place in eoskit that builds a Decimal context. */
export function numericContext(digits: number): NumericContext {
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new InputError(`digits must be an integer from ${MIN_DIGITS} to ${MAX_DIGITS}, got ${digits}`);
  }
  const hit = cache.get(digits);
  if (hit) return hit;
  const guard = guardDigitsFor(digits);
  const precision = digits + guard;
  const D = DecimalRoot.clone({ precision, rounding: DecimalRoot.ROUND_HALF_EVEN, toExpNeg: -7, toExpPos: 21, minE: -9e15, maxE: 9e15 });
  const ctx: NumericContext = { D, digits, guard, precision };
  cache.set(digits, ctx);
  return ctx;
}

/**
 * Two Decimal constructors at one precision that round toward -infinity and +infinity: computing a
 * lower bound with `down` and an upper bound with `up` gives outward (directed) rounding, which is
 * what makes interval enclosures rigorous. `precision` is the working precision itself (no guard
 * digits added): interval code chooses it. Capped at 1010 for the same reason as MAX_DIGITS.
 */
export interface DirectedContexts {
  readonly down: Decimal.Constructor;
  readonly up: Decimal.Constructor;
  readonly precision: number;
}

const directedCache = new Map<number, DirectedContexts>();

export function directedContexts(precision: number): DirectedContexts {
  if (!Number.isInteger(precision) || precision < MIN_DIGITS || precision > MAX_DIGITS + 110) {
    throw new InputError(`interval precision must be an integer from ${MIN_DIGITS} to ${MAX_DIGITS + 110}, got ${precision}`);
  }
  const hit = directedCache.get(precision);
  if (hit) return hit;
  const base = { precision, toExpNeg: -7, toExpPos: 21, minE: -9e15, maxE: 9e15 };
  const made: DirectedContexts = {
    down: DecimalRoot.clone({ ...base, rounding: DecimalRoot.ROUND_FLOOR }),
    up: DecimalRoot.clone({ ...base, rounding: DecimalRoot.ROUND_CEIL }),
    precision,
  };
  directedCache.set(precision, made);
  return made;
}
