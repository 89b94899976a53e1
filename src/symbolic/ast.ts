/**
 * The expression tree shared by the loss language, the printers and the numeric compilers.
 * Numbers are exact rationals (decimal literals such as 2.5 become 5/2), so nothing is rounded
 * before a numeric context with an explicit precision evaluates the tree.
 */
export type Expr =
  | { readonly kind: 'num'; readonly num: bigint; readonly den: bigint }
  | { readonly kind: 'sym'; readonly name: string }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'add' | 'sub' | 'mul' | 'div' | 'pow'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'pow';

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A rational number node in lowest terms with a positive denominator. */
export function rational(num: bigint, den = 1n): Expr {
  if (den === 0n) throw new RangeError('zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { kind: 'num', num: (sign * num) / g, den: (sign * den) / g };
}

export const sym = (name: string): Expr => ({ kind: 'sym', name });
export const neg = (arg: Expr): Expr => ({ kind: 'neg', arg });
export const bin = (kind: BinaryKind, left: Expr, right: Expr): Expr => ({ kind, left, right });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

/** Sum of terms, with the empty sum being 0. */
export function sum(terms: readonly Expr[]): Expr {
  if (terms.length === 0) return rational(0n);
  return terms.slice(1).reduce((acc, t) => bin('add', acc, t), terms[0] as Expr);
}

/** Replace symbols by expressions (used for renaming variables and substituting parameters). */
export function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  switch (e.kind) {
    case 'num':
      return e;
    case 'sym':
      return map.get(e.name) ?? e;
    case 'neg':
      return neg(substitute(e.arg, map));
    case 'call':
      return { kind: 'call', fn: e.fn, args: e.args.map((a) => substitute(a, map)) };
    default:
      return bin(e.kind, substitute(e.left, map), substitute(e.right, map));
  }
}

/** Every symbol name that occurs in the tree. */
export function symbolsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'num':
      break;
    case 'sym':
      into.add(e.name);
      break;
    case 'neg':
      symbolsOf(e.arg, into);
      break;
    case 'call':
      for (const a of e.args) symbolsOf(a, into);
      break;
    default:
      symbolsOf(e.left, into);
      symbolsOf(e.right, into);
  }
  return into;
}

/** Number of nodes: the size bound that keeps symbolic work from running away. */
export function sizeOf(e: Expr): number {
  switch (e.kind) {
    case 'num':
    case 'sym':
      return 1;
    case 'neg':
      return 1 + sizeOf(e.arg);
    case 'call':
      return 1 + e.args.reduce((s, a) => s + sizeOf(a), 0);
    default:
      return 1 + sizeOf(e.left) + sizeOf(e.right);
  }
}
