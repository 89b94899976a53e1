import type { Expr } from './ast.js';
import { differentiate } from './cas.js';

/** The highest derivative order eoskit derives (the quartic reduction of MATH.md §4 needs D^4 L). */
export const MAX_ORDER = 4;

/**
 * All partial derivatives of an expression up to `order`, one CAS differentiation per distinct
 * entry: a derivative tensor is symmetric, so only sorted multi-indices (i1 <= i2 <= ...) are
 * derived, each from its parent with the last index dropped.
 */
export interface DerivativeTable {
  readonly vars: readonly string[];
  readonly order: number;
  /** Entry for any multi-index (order 0 = the expression itself), in any index order. */
  entry(indices: readonly number[]): Expr;
}

/** Derives every entry up front, so that a CAS failure surfaces where the table is built. */
export function derivativeTable(e: Expr, vars: readonly string[], order: number): DerivativeTable {
  const table = lazyDerivativeTable(e, vars, order);
  for (const indices of distinctEntries(vars.length, 1, order)) table.entry(indices);
  return table;
}

/**
 * Derives each entry (and its parents) on first use and keeps it: a caller that needs only the
 * gradient makes no CAS call for the Hessian. Same entries as `derivativeTable`, derived the same way.
 */
export function lazyDerivativeTable(e: Expr, vars: readonly string[], order: number): DerivativeTable {
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) throw new RangeError(`derivative order must be 1..${MAX_ORDER}`);
  const table = new Map<string, Expr>([['', e]]);
  const derive = (sorted: readonly number[]): Expr => {
    const key = sorted.join(',');
    let hit = table.get(key);
    if (!hit) {
      hit = differentiate(derive(sorted.slice(0, -1)), vars[sorted[sorted.length - 1] as number] as string);
      table.set(key, hit);
    }
    return hit;
  };
  return {
    vars,
    order,
    entry: (indices) => {
      if (indices.length > order) throw new RangeError(`no derivative of order ${indices.length} (derived up to ${order})`);
      if (indices.some((i) => !Number.isInteger(i) || i < 0 || i >= vars.length)) throw new RangeError(`no variable index in [${indices.join(',')}] (${vars.length} variables)`);
      return derive([...indices].sort((a, b) => a - b));
    },
  };
}

/** A tensor as nested arrays (a scalar at order 0). */
export type Nested<T> = T | readonly Nested<T>[];

/** The order-k tensor over n variables with entries f(multi-index), e.g. k = 2 gives a Hessian. */
export function mapTensor<T>(n: number, k: number, f: (indices: readonly number[]) => T): Nested<T> {
  const build = (prefix: readonly number[]): Nested<T> =>
    prefix.length === k ? f(prefix) : Array.from({ length: n }, (_, i) => build([...prefix, i]));
  return build([]);
}

/** "d^3L/dx^2 dy" for the multi-index [0, 0, 1] over (x, y); "L" at order 0. */
export function derivativeLabel(vars: readonly string[], indices: readonly number[], f = 'L'): string {
  if (indices.length === 0) return f;
  const parts = vars
    .map((v, i) => [v, indices.filter((j) => j === i).length] as const)
    .filter(([, k]) => k > 0)
    .map(([v, k]) => (k === 1 ? `d${v}` : `d${v}^${k}`));
  const k = indices.length;
  return `${k === 1 ? 'd' : `d^${k}`}${f}/${parts.join(' ')}`;
}

/** The same label in LaTeX: \frac{\partial^3 L}{\partial x^2 \partial y}. */
export function derivativeLatex(vars: readonly string[], indices: readonly number[], f = 'L'): string {
  if (indices.length === 0) return f;
  const parts = vars
    .map((v, i) => [v, indices.filter((j) => j === i).length] as const)
    .filter(([, k]) => k > 0)
    .map(([v, k]) => (k === 1 ? `\\partial ${v}` : `\\partial ${v}^{${k}}`));
  const k = indices.length;
  return `\\frac{\\partial${k === 1 ? '' : `^{${k}}`} ${f}}{${parts.join(' ')}}`;
}

/** Sorted multi-indices of the distinct entries of orders from..to. */
export function distinctEntries(n: number, from: number, to: number): readonly (readonly number[])[] {
  const out: (readonly number[])[] = [];
  let frontier: number[][] = [[]];
  for (let k = 0; k <= to; k++) {
    if (k > 0) {
      frontier = frontier.flatMap((p) => {
        const start = p.length === 0 ? 0 : (p[p.length - 1] as number);
        return Array.from({ length: n - start }, (_, j) => [...p, start + j]);
      });
    }
    if (k >= from) out.push(...frontier);
  }
  return out;
}
