import type { Expr } from '../symbolic/ast.js';
import { isEvaluableFunction } from '../symbolic/functions.js';
import type { Algebra } from './algebra.js';
import { hashCons } from './hash-cons.js';
import { regroupSquares } from './regroup-squares.js';

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
 * walked once, constants are built once at the algebra's precision, e^u becomes exp(u) (not
 * exp(u ln e)), and a subtree that occurs several times (CAS derivatives repeat sech(x*y),
 * e^(x-y), ...) is evaluated once per call.
 */
export function compile<T>(root: Expr, alg: Algebra<T>, slots: readonly string[]): Compiled<T> {
  const [f] = compileRoots([root], alg, slots);
  const next = f!.next;
  return (v) => {
    next();
    return f!.run(v);
  };
}

/**
 * Several trees over one shared cache: a subtree common to several roots (the Hessian entries of a
 * CAS derivative repeat sech(x*y), e^(x-y), ...) is evaluated once per call of the returned
 * function, which gives the roots' values in order.
 */
export function compileAll<T>(roots: readonly Expr[], alg: Algebra<T>, slots: readonly string[]): (values: readonly T[]) => T[] {
  const fs = compileRoots(roots, alg, slots);
  const next = fs[0]?.next ?? (() => undefined);
  return (v) => {
    next();
    return fs.map((f) => f.run(v));
  };
}

/** Each root's closure, and `next`, which starts a new call (invalidates the shared cache). */
function compileRoots<T>(trees: readonly Expr[], alg: Algebra<T>, slots: readonly string[]): { run: Compiled<T>; next: () => void }[] {
  const roots = alg.regroupSquares ? regroupSquares(trees) : trees;
  const { idOf, uses } = hashCons(roots);

  let stamp = 0;
  const stamps: number[] = [];
  const cache: T[] = [];
  const built = new Map<number, Compiled<T>>();
  const build = (e: Expr): Compiled<T> => {
    const id = idOf.get(e) as number;
    const hit = built.get(id);
    if (hit) return hit;
    const f = node(e);
    const shared = uses[id]! > 1 && e.kind !== 'num' && e.kind !== 'sym';
    const g: Compiled<T> = shared
      ? (v) => {
          if (stamps[id] === stamp) return cache[id] as T;
          const r = f(v);
          cache[id] = r;
          stamps[id] = stamp;
          return r;
        }
      : f;
    built.set(id, g);
    return g;
  };
  const node = (e: Expr): Compiled<T> => {
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
        const a = build(e.arg);
        return (v) => alg.neg(a(v));
      }
      case 'call': {
        const fn = e.fn;
        if (!isEvaluableFunction(fn) || e.args.length !== 1) throw new Error(`compile: cannot evaluate ${fn}/${e.args.length}`);
        const a = build(e.args[0] as Expr);
        return (v) => alg.apply(fn, a(v));
      }
      case 'pow': {
        const q = rationalExponent(e.right);
        if (e.left.kind === 'sym' && e.left.name === 'e' && !q) {
          const exponent = build(e.right);
          return (v) => alg.apply('exp', exponent(v));
        }
        const base = build(e.left);
        if (q) return (v) => alg.powRational(base(v), q.num, q.den);
        const exponent = build(e.right);
        return (v) => alg.pow(base(v), exponent(v));
      }
      default: {
        const a = build(e.left);
        const b = build(e.right);
        const op = alg[e.kind].bind(alg);
        return (v) => op(a(v), b(v));
      }
    }
  };
  const next = (): void => {
    stamp++;
  };
  return roots.map((root) => ({ run: build(root), next }));
}
