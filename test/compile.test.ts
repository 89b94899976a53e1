import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Algebra } from '../src/numeric/algebra.js';
import { compile } from '../src/numeric/compile.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { parseExpr } from '../src/symbolic/parse.js';

const ctx = numericContext(30);

/** The decimal algebra, counting calls of the elementary functions and powers. */
function counting(): { alg: Algebra<Decimal>; calls: string[] } {
  const base = decimalAlgebra(ctx);
  const calls: string[] = [];
  return {
    calls,
    alg: {
      ...base,
      apply: (fn, a) => (calls.push(fn), base.apply(fn, a)),
      pow: (a, b) => (calls.push('pow'), base.pow(a, b)),
    },
  };
}

describe('compile', () => {
  it('evaluates a repeated subtree once per call', () => {
    const { alg, calls } = counting();
    const f = compile(parseExpr('sech(x*y)^2*tanh(x*y) + 1/3*sech(x*y)^2 - exp(x-y)/(1+exp(x-y))'), alg, ['x', 'y']);
    const v = f([new ctx.D('0.7'), new ctx.D('-1.3')]);
    expect(calls.sort()).toEqual(['exp', 'sech', 'tanh']);
    f([new ctx.D('0.5'), new ctx.D('0.25')]);
    expect(calls).toHaveLength(6);
    // Same value as without sharing (decimal.js directly).
    const { D } = ctx;
    const s = new D(1).div(D.cosh(new D('-0.91')));
    const expected = s.pow(2).times(D.tanh(new D('-0.91'))).plus(s.pow(2).div(3)).minus(D.exp(2).div(D.exp(2).plus(1)));
    expect(v.minus(expected).abs().lt('1e-35')).toBe(true);
  });

  it('turns e^u into exp(u)', () => {
    const { alg, calls } = counting();
    const v = compile(parseExpr('e^(2*x)'), alg, ['x'])([new ctx.D('0.5')]);
    expect(calls).toEqual(['exp']);
    expect(v.minus(ctx.D.exp(1)).abs().lt('1e-35')).toBe(true);
  });

  it('reports a symbol without a slot', () => {
    expect(() => compile(parseExpr('x + z'), decimalAlgebra(ctx), ['x'])).toThrow("symbol 'z' has no value");
  });
});
