import type { Expr } from '../symbolic/ast.js';
import { isEvaluableFunction } from '../symbolic/functions.js';
import type { Algebra } from './algebra.js';

export type Compiled<T> = (values: readonly T[]) => T;

/** The exact rational exponent of x^(p/q), if the exponent is a literal (possibly negated). */
function rationalExponent(e: Expr): { num: bigint; den: bigint } | undefined {
  if (e.kind === 'num') return e;
  if (e.kind === 'neg' && e.arg.kind === 'num') return { num: -e.arg.num, den: e.arg.den };
  return undefined;
}

/**
 * Compiles a tree into a closure over an algebra, with each symbol bound to a slot of the value
 * array. Compiling once and calling many times is what makes decimal evaluation fast: the tree is
 * walked once, constants are built once at the algebra's precision.
 */
export function compile<T>(e: Expr, alg: Algebra<T>, slots: readonly string[]): Compiled<T> {
  switch (e.kind) {
    case 'num': {
      const value = alg.rational(e.num, e.den);
      return () => value;
    }
    case 'sym': {
      if (e.name === 'e' || e.name === 'pi') {
        const value = alg.constant(e.name);
        return () => value;
      }
      const i = slots.indexOf(e.name);
      if (i < 0) throw new Error(`compile: symbol '${e.name}' has no value (slots: ${slots.join(', ')})`);
      return (v) => v[i] as T;
    }
    case 'neg': {
      const a = compile(e.arg, alg, slots);
      return (v) => alg.neg(a(v));
    }
    case 'call': {
      const fn = e.fn;
      if (!isEvaluableFunction(fn) || e.args.length !== 1) throw new Error(`compile: cannot evaluate ${fn}/${e.args.length}`);
      const a = compile(e.args[0] as Expr, alg, slots);
      return (v) => alg.apply(fn, a(v));
    }
    case 'pow': {
      const base = compile(e.left, alg, slots);
      const q = rationalExponent(e.right);
      if (q) return (v) => alg.powRational(base(v), q.num, q.den);
      const exponent = compile(e.right, alg, slots);
      return (v) => alg.pow(base(v), exponent(v));
    }
    default: {
      const a = compile(e.left, alg, slots);
      const b = compile(e.right, alg, slots);
      const op = alg[e.kind].bind(alg);
      return (v) => op(a(v), b(v));
    }
  }
}
