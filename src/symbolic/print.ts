import type { Expr } from './ast.js';

const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4 } as const;
const OPERATOR = { add: '+', sub: '-', mul: '*', div: '/', pow: '^' } as const;

function precedenceOf(e: Expr): number {
  if (e.kind === 'num') return e.den === 1n && e.num >= 0n ? 5 : e.num < 0n ? PRECEDENCE.neg : PRECEDENCE.div;
  if (e.kind === 'sym' || e.kind === 'call') return 5;
  return PRECEDENCE[e.kind];
}

/**
 * Prints a tree in the loss language (which is also nerdamer's input syntax), with only the
 * parentheses precedence needs. Rationals print as p/q, so printing and re-parsing is exact.
 */
export function printExpr(e: Expr): string {
  const wrap = (child: Expr, min: number): string => {
    const s = printExpr(child);
    return precedenceOf(child) < min ? `(${s})` : s;
  };
  // A negative right operand gets parentheses (x^(-1), a*(-b)): legal without them, but easy to misread.
  const wrapRight = (child: Expr, min: number): string =>
    child.kind === 'neg' || (child.kind === 'num' && child.num < 0n) ? `(${printExpr(child)})` : wrap(child, min);
  switch (e.kind) {
    case 'num':
      return e.den === 1n ? `${e.num}` : `${e.num}/${e.den}`;
    case 'sym':
      return e.name;
    case 'call':
      return `${e.fn}(${e.args.map(printExpr).join(',')})`;
    case 'neg':
      return `-${wrap(e.arg, PRECEDENCE.pow)}`;
    case 'pow':
      // Right-associative: the base needs parentheses at equal precedence, the exponent does not.
      return `${wrap(e.left, PRECEDENCE.pow + 1)}^${wrapRight(e.right, PRECEDENCE.neg)}`;
    default: {
      const p = PRECEDENCE[e.kind];
      // Left-associative: a-(b-c) and a/(b*c) keep their parentheses on the right.
      const rightMin = e.kind === 'sub' || e.kind === 'div' ? p + 1 : p;
      return `${wrap(e.left, p)}${OPERATOR[e.kind]}${wrapRight(e.right, rightMin)}`;
    }
  }
}
