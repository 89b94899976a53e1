import type { Decimal } from 'decimal.js';
import type { NumericContext } from '../numeric/context.js';
import { constantValue } from '../numeric/evaluate.js';
import type { Vector } from '../numeric/linalg.js';
import { parseConstant, InputError, type Loss } from '../symbolic/loss.js';
import { rat, type Rational } from './rational-polynomial.js';

/** The search region: a closed box, one interval per variable. */
export interface Box {
  /** The bounds as the user wrote them, [lower, upper] per variable. */
  readonly text: readonly (readonly [string, string])[];
  readonly lower: Vector;
  readonly upper: Vector;
  /** Exact bounds where every bound is a rational literal (the Sturm path needs them). */
  readonly exact?: readonly (readonly [Rational, Rational])[];
}

export const DEFAULT_BOX: readonly string[] = ['-10', '10'];

function exactBound(text: string, what: string): Rational | undefined {
  const e = parseConstant(text, what);
  return e.kind === 'num' ? rat(e.num, e.den) : undefined;
}

/**
 * `lo,hi` (the same interval on every axis) or one `lo,hi` pair per variable, exact strings.
 * An empty or inverted interval is an input error.
 */
export function parseBox(texts: readonly string[], loss: Loss, ctx: NumericContext): Box {
  const n = loss.vars.length;
  if (texts.length !== 2 && texts.length !== 2 * n) {
    throw new InputError(`--box expects lo,hi or one lo,hi pair per variable (${2 * n} numbers), got ${texts.length} number(s)`);
  }
  const pairs = Array.from({ length: n }, (_, i) => [texts[texts.length === 2 ? 0 : 2 * i]!, texts[texts.length === 2 ? 1 : 2 * i + 1]!] as const);
  const lower: Decimal[] = [];
  const upper: Decimal[] = [];
  pairs.forEach(([lo, hi], i) => {
    const what = `box bound for ${loss.vars[i]}`;
    const [a, b] = [constantValue(lo, what, ctx), constantValue(hi, what, ctx)];
    if (!a.lt(b)) throw new InputError(`the box interval for ${loss.vars[i]} is empty: need lo < hi, got ${lo},${hi}`);
    lower.push(a);
    upper.push(b);
  });
  const exact = pairs.map(([lo, hi]) => [exactBound(lo, 'box'), exactBound(hi, 'box')] as const);
  const allExact = exact.every(([a, b]) => a !== undefined && b !== undefined);
  return { text: pairs, lower, upper, ...(allExact && { exact: exact as readonly (readonly [Rational, Rational])[] }) };
}

/** Whether w lies in the closed box, up to `slack` on every side. */
export function inBox(box: Box, w: Vector, slack: Decimal.Value = 0): boolean {
  return w.every((x, i) => x.gte(box.lower[i]!.minus(slack)) && x.lte(box.upper[i]!.plus(slack)));
}

/** Rounding room at the box's faces: a root on a face, refined to working precision, may land a unit outside. */
export function boxSlack(box: Box, ctx: NumericContext): Decimal {
  return new ctx.D(10).pow(-ctx.digits).times(ctx.D.max(1, ...box.lower.map((x) => x.abs()), ...box.upper.map((x) => x.abs())));
}
