import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericContext } from '../src/numeric/context.js';
import { decimalFunction, parsePoint } from '../src/numeric/evaluate.js';
import { differentiate } from '../src/symbolic/cas.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * nerdamer 1.1.13's diff mutates the argument of sqrt in place (MATH.md §6); patches/ fixes it at
 * install time. These are the measured failing cases: red without the patch.
 */
const ctx = numericContext(40);

function derivativeAt(src: string, vars: string[], wrt: string[], point: string[]): string {
  const loss = parseLoss(src, { vars });
  const d = wrt.reduce((e, v) => differentiate(e, v), loss.expr);
  return decimalFunction(loss, d, ctx)(parsePoint(point, loss, ctx)).toSignificantDigits(30).toString();
}

describe('nerdamer sqrt-derivative patch', () => {
  it('d/dx (sqrt(x)+x)^3 = 135 at x = 4 (unpatched: 1215/16)', () => {
    expect(derivativeAt('(sqrt(x)+x)^3', ['x'], ['x'], ['4'])).toBe('135');
  });

  it('d2/dx2 sqrt(x^2+y^2+1) by nested diff = 0.4744 at (0.7, 1.3) (unpatched: 1.2490)', () => {
    // Exact: (1 + y^2)/(1 + x^2 + y^2)^(3/2) = 2.69/3.18^(3/2).
    const exact = new ctx.D('2.69').div(new ctx.D('3.18').pow('1.5')).toSignificantDigits(30).toString();
    expect(derivativeAt('sqrt(x^2+y^2+1)', ['x', 'y'], ['x', 'x'], ['0.7', '1.3'])).toBe(exact);
  });

  it('is applied from patches/ by patch-package on install', () => {
    const patch = readFileSync(new URL('../patches/nerdamer+1.1.13.patch', import.meta.url), 'utf8');
    expect(patch).toContain('symbol.multiplier = symbol.multiplier.multiply(fnCoefficient)');
    expect(patch).toContain('var s = symbol.args[0].clone()');
    const installed = readFileSync(new URL('../node_modules/nerdamer/Calculus.js', import.meta.url), 'utf8');
    expect(installed).toContain('var s = symbol.args[0].clone()');
  });
});

/*
 * Found by eoskit's own property test (seed 1958469580, shrunk counterexample
 * -asin(-x/(2+x^2)) + ... at 0): nerdamer 1.1.13 rebuilt the derivatives of asin, acos, atan,
 * asinh, acosh, atanh, csch and coth with a fresh parse and dropped the function's coefficient.
 */
describe('nerdamer coefficient-of-function patch', () => {
  const exact = (f: (D: typeof ctx.D) => InstanceType<typeof ctx.D>) => f(ctx.D).toSignificantDigits(30).toString();
  it.each([
    ['3*asin(x)', '1/2', (D: typeof ctx.D) => new D(3).div(D.sqrt('0.75'))],
    ['-2*acos(x)', '1/2', (D: typeof ctx.D) => new D(2).div(D.sqrt('0.75'))],
    ['-atan(x)', '1', () => new ctx.D('-0.5')],
    ['5*asinh(x)', '0', () => new ctx.D(5)],
    ['-5*atanh(x)', '1/2', (D: typeof ctx.D) => new D(-5).div('0.75')],
    ['2*acosh(x)', '2', (D: typeof ctx.D) => new D(2).div(D.sqrt(3))],
    // d/dx csch = -coth csch, d/dx coth = -csch^2.
    ['-3*csch(x)', '1', (D: typeof ctx.D) => new D(3).times(D.cosh(1)).div(D.sinh(1).pow(2))],
    ['4*coth(x)', '1', (D: typeof ctx.D) => new D(-4).div(D.sinh(1).pow(2))],
  ])('d/dx %s at %s', (src, at, value) => {
    expect(derivativeAt(src, ['x'], ['x'], [at])).toBe(exact(value));
  });
});
