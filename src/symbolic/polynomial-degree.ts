import type { Expr } from './ast.js';

/**
 * Total degree of an expression as a polynomial in `vars`, or undefined when it is not one (a
 * function of a variable, a division by a variable, a non-integer or negative power of one).
 * Subtrees free of `vars` (numbers, parameters, e, pi, and functions of them) are constants of
 * degree 0. The degree is an upper bound: cancellation (x^2 - x^2) is not detected, which only
 * makes a rule chosen from it larger than needed, never too small.
 */
export function polynomialDegree(e: Expr, vars: readonly string[]): number | undefined {
  const walk = (e: Expr): number | undefined => {
    switch (e.kind) {
      case 'num':
        return 0;
      case 'sym':
        return vars.includes(e.name) ? 1 : 0;
      case 'neg':
        return walk(e.arg);
      case 'call':
        return e.args.every((a) => walk(a) === 0) ? 0 : undefined;
      case 'add':
      case 'sub': {
        const [a, b] = [walk(e.left), walk(e.right)];
        return a === undefined || b === undefined ? undefined : Math.max(a, b);
      }
      case 'mul': {
        const [a, b] = [walk(e.left), walk(e.right)];
        return a === undefined || b === undefined ? undefined : a + b;
      }
      case 'div':
        return walk(e.right) === 0 ? walk(e.left) : undefined;
      case 'pow': {
        const [base, exponent] = [walk(e.left), walk(e.right)];
        if (base === undefined || exponent !== 0) return undefined;
        if (base === 0) return 0;
        const k = e.right.kind === 'num' && e.right.den === 1n && e.right.num >= 0n ? Number(e.right.num) : undefined;
        return k === undefined ? undefined : base * k;
      }
    }
  };
  return walk(e);
}
