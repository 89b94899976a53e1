import { describe, expect, it } from 'vitest';
import { parseExpr, ExprSyntaxError } from '../src/symbolic/parse.js';
import { printExpr } from '../src/symbolic/print.js';

describe('parser and printer', () => {
  it.each([
    ['-x^2', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['2^-1', '2^(-1)'],
    ['a-(b-c)', 'a-(b-c)'],
    ['a/(b*c)', 'a/(b*c)'],
    ['x^y^z', 'x^y^z'],
    ['(x^y)^z', '(x^y)^z'],
    ['2.5*x + 1e-3', '5/2*x+1/1000'],
    ['x**3', 'x^3'],
    ['pow(x, 1/2)', 'x^(1/2)'],
    ['(1/2)*x^(-1/2)', '1/2*x^(-1/2)'],
    ['sqrt(1+x^2+y^2)^(-1)', 'sqrt(1+x^2+y^2)^(-1)'],
  ])('%s prints as %s and re-parses to the same tree', (src, printed) => {
    const e = parseExpr(src);
    expect(printExpr(e)).toBe(printed);
    expect(parseExpr(printExpr(e))).toEqual(e);
  });

  it('keeps decimal literals exact', () => {
    expect(parseExpr('0.1')).toEqual({ kind: 'num', num: 1n, den: 10n });
    expect(parseExpr('2.50')).toEqual({ kind: 'num', num: 5n, den: 2n });
  });

  it.each([
    ['x +', 'end of input'],
    ['(x', "expected ')'"],
    ['2x', 'missing operator'],
    ['x $ y', "unexpected character '$'"],
    ['', 'empty expression'],
    ['sin(x))', "unexpected ')'"],
  ])('rejects %j with a message naming the problem', (src, fragment) => {
    expect(() => parseExpr(src)).toThrow(ExprSyntaxError);
    expect(() => parseExpr(src)).toThrow(fragment);
  });
});
