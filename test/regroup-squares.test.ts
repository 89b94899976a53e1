import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Algebra } from '../src/numeric/algebra.js';
import { compile, compileAll } from '../src/numeric/compile.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { regroupSquares } from '../src/numeric/regroup-squares.js';
import { parseExpr } from '../src/symbolic/parse.js';
import { printExpr } from '../src/symbolic/print.js';

const ctx = numericContext(30);
const point = [new ctx.D(1).div(3e5).plus('0.7'), new ctx.D(-1).div(7e5).minus('1.3'), new ctx.D(2).div(3)];

/** The decimal algebra (regrouping as it does, or not), recording the name of each product and power it computes. */
function counting(regroup: boolean): { alg: Algebra<Decimal>; calls: string[] } {
  const calls: string[] = [];
  const alg = new Proxy(decimalAlgebra(ctx), {
    get: (target, key: keyof Algebra<Decimal>) => {
      if (key === 'regroupSquares') return regroup;
      if (key !== 'mul' && key !== 'powRational') return target[key];
      const op = target[key] as (...args: unknown[]) => Decimal;
      return (...args: unknown[]) => (calls.push(key), op(...args));
    },
  });
  return { alg, calls };
}

describe('regroupSquares', () => {
  it('turns the squares of a product chain into one square, constants first', () => {
    const [e] = regroupSquares([parseExpr('9/5*x^2*y^2 + 2*x')]);
    expect(printExpr(e!)).toBe(printExpr(parseExpr('9/5*(x*y)^2 + 2*x')));
    const [f] = regroupSquares([parseExpr('x^2*sin(z^2*w^2)*z^3*y^2')]);
    expect(printExpr(f!)).toBe(printExpr(parseExpr('sin((z*w)^2)*z^3*(x*y)^2')));
    // y^2 twice in one tree: computed once, so not regrouped.
    const [g] = regroupSquares([parseExpr('x^2*y^2 + sin(y^2)')]);
    expect(printExpr(g!)).toBe(printExpr(parseExpr('x^2*y^2 + sin(y^2)')));
  });

  it('the decimal algebra evaluates 9/5 x^2 y^2 with one product fewer; without the flag, as written (negative control)', () => {
    const src = parseExpr('9/5*x^2*y^2 + 2*x');
    const on = counting(true);
    const off = counting(false);
    compile(src, on.alg, ['x', 'y'])(point);
    compile(src, off.alg, ['x', 'y'])(point);
    expect(on.calls.sort()).toEqual(['mul', 'mul', 'mul', 'powRational']);
    expect(off.calls.sort()).toEqual(['mul', 'mul', 'mul', 'powRational', 'powRational']);
  });

  it('leaves a square alone that another root also uses (compile computes it once anyway)', () => {
    const { alg, calls } = counting(true);
    compileAll([parseExpr('x^2*y^2'), parseExpr('x^2 + 1')], alg, ['x', 'y'])(point);
    expect(calls.sort()).toEqual(['mul', 'powRational', 'powRational']);
  });

  it('keeps the value within the same error bound: a few ulp of a 20-digit-wider evaluation', () => {
    const ref = numericContext(50);
    const refPoint = point.map((p) => new ref.D(p));
    for (const src of ['9/5*x^2*y^2 + 2*x', 'x^2*y^2*z^2', '(x-y)^2*(x+z)^2/3 - y^2*x^2*z', 'exp(x^2*y^2) - z^2*sin(x)^2']) {
      const got = compile(parseExpr(src), decimalAlgebra(ctx), ['x', 'y', 'z'])(point);
      const want = compile(parseExpr(src), decimalAlgebra(ref), ['x', 'y', 'z'])(refPoint);
      const ulps = new ref.D(got).minus(want).abs().div(new ref.D(10).pow(want.e - ctx.precision + 1));
      expect(ulps.toNumber(), src).toBeLessThan(8);
    }
  });
});
