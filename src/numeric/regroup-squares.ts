import { bin, neg, rational, type Expr } from '../symbolic/ast.js';
import { hashCons } from './hash-cons.js';

/** The factors of a product chain, left to right. */
function factors(e: Expr, into: Expr[]): Expr[] {
  if (e.kind === 'mul') {
    factors(e.left, into);
    factors(e.right, into);
  } else into.push(e);
  return into;
}

const isTwo = (e: Expr): boolean => e.kind === 'num' && e.num === 2n && e.den === 1n;

const product = (fs: readonly Expr[]): Expr => fs.reduce((a, b) => bin('mul', a, b));

/**
 * a^2 * b^2 * c -> c * (a*b)^2 in every product chain (CAS derivatives of polynomials are full of
 * x^2 y^2): one product fewer per extra square, the dearest operation of a decimal evaluation. The
 * value is not the same to the last digit, but the error bound is: three roundings of at most half
 * an ulp either way, round(round(a b)^2) against round(round(a^2) round(b^2)). A square that
 * occurs anywhere else in the roots is left alone: compile() computes it once anyway, and
 * regrouping it would add a product instead of saving one.
 */
export function regroupSquares(roots: readonly Expr[]): Expr[] {
  const { idOf, uses } = hashCons(roots);
  const single = (e: Expr): boolean => uses[idOf.get(e) as number] === 1;
  const rewrite = (e: Expr): Expr => {
    switch (e.kind) {
      case 'num':
      case 'sym':
        return e;
      case 'neg':
        return neg(rewrite(e.arg));
      case 'call':
        return { kind: 'call', fn: e.fn, args: e.args.map(rewrite) };
      case 'mul': {
        const bases: Expr[] = [];
        const others: Expr[] = [];
        for (const f of factors(e, [])) {
          if (f.kind === 'pow' && isTwo(f.right) && single(f)) bases.push(f.left);
          else others.push(f);
        }
        if (bases.length < 2) return bin('mul', rewrite(e.left), rewrite(e.right));
        return product([...others.map(rewrite), bin('pow', product(bases.map(rewrite)), rational(2n))]);
      }
      default:
        return bin(e.kind, rewrite(e.left), rewrite(e.right));
    }
  };
  return roots.map(rewrite);
}
