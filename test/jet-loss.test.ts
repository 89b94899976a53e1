import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/numeric/compile.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { parsePoint } from '../src/numeric/evaluate.js';
import { jetLoss } from '../src/numeric/jet-loss.js';
import type { Expr } from '../src/symbolic/ast.js';
import { differentiate } from '../src/symbolic/cas.js';
import { derivativeTable, distinctEntries, lazyDerivativeTable } from '../src/symbolic/derivatives.js';
import { parseLoss } from '../src/symbolic/loss.js';
import { parseExpr } from '../src/symbolic/parse.js';
import { printExpr } from '../src/symbolic/print.js';

/*
 * The shortcuts of the §1 searches (issue 8) against the routes they replace: jetLoss against the
 * CAS-compiled loss, the lazy derivative table against the eager one, and differentiate's dropping
 * of the terms that do not contain the variable against a hand derivative.
 */
const ctx = numericContext(30);
const close = (a: Decimal, b: Decimal | undefined): boolean => b !== undefined && a.minus(b).abs().lt('1e-28');

describe('jetLoss', () => {
  const loss = parseLoss('log(1+exp(x-k*y)) + tanh(x*y)/3 + sqrt(2+sin(y))', { vars: ['x', 'y'], params: { k: '3/2' } });
  const w = parsePoint(['7/10', '-13/10'], loss, ctx);
  const jets = jetLoss(loss, ctx, 3);
  const cas = compileLoss(loss, ctx, 3);

  it('gives the value, gradient, Hessian, third tensor and GD step of the CAS route', () => {
    expect(close(jets.value(w), cas.value(w))).toBe(true);
    jets.gradient(w).forEach((g, i) => expect(close(g, cas.gradient(w)[i]), `d/d${loss.vars[i]}`).toBe(true));
    jets.hessian(w).forEach((row, i) => row.forEach((h, j) => expect(close(h, cas.hessian(w)[i]![j]), `H[${i}][${j}]`).toBe(true)));
    const t3 = (f: typeof jets) => (f.tensor(3, w) as Decimal[][][]).flat(2);
    const third = t3(cas);
    t3(jets).forEach((t, k) => expect(close(t, third[k]), `D^3 entry ${k}`).toBe(true));
    const eta = new ctx.D(5).div(2);
    jets.gdStep(w, eta).forEach((x, i) => expect(close(x, cas.gdStep(w, eta)[i])).toBe(true));
  });

  it('refuses orders above the one it was built for', () => {
    expect(() => jets.tensor(4, w)).toThrow(RangeError);
  });

  it('reports an undefined point as a DomainError, like the CAS route', () => {
    const log = parseLoss('log(x)', { vars: ['x'] });
    const at = parsePoint(['-1'], log, ctx);
    expect(() => jetLoss(log, ctx).gradient(at)).toThrow(/log is undefined/);
  });
});

describe('lazyDerivativeTable', () => {
  it('derives the same entries as the eager table, each on first use', () => {
    const loss = parseLoss('sin(x*y) + x^3*y/4 + exp(y/3)', { vars: ['x', 'y'] });
    const eager = derivativeTable(loss.expr, loss.vars, 3);
    const lazy = lazyDerivativeTable(loss.expr, loss.vars, 3);
    for (const indices of distinctEntries(2, 0, 3)) {
      expect(printExpr(lazy.entry([...indices].reverse())), `[${indices.join(',')}]`).toBe(printExpr(eager.entry(indices)));
    }
    expect(() => lazy.entry([0, 0, 0, 0])).toThrow(/order 4/);
    expect(() => lazy.entry([2])).toThrow(RangeError);
  });
});

describe('differentiate drops the terms without the variable', () => {
  it.each([
    // The dropped left side of a - b - (c - x^2) leaves -(-x^2).
    ['a - b - (c - x^2)', 'x', '2*x'],
    ['sin(y) - x^3 + y^2', 'x', '-3*x^2'],
    ['y + z', 'x', '0'],
    ['x_1^2 + sin(y_2) - 2*(x_1 - x_2)^2', 'x_1', '-2*x_1 + 4*x_2'],
  ])('d(%s)/d%s', (src, v, expected) => {
    const vars = ['a', 'b', 'c', 'x', 'y', 'z', 'x_1', 'x_2', 'y_2'];
    const point = vars.map((_, i) => new ctx.D(i + 1).div(7));
    const at = (e: Expr) => compile(e, decimalAlgebra(ctx), vars)(point);
    expect(close(at(differentiate(parseExpr(src), v)), at(parseExpr(expected)))).toBe(true);
  });
});
