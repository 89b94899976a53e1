import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
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
 * Found by the deep search (`npm run check:deep`, seed 750367783, the §1 edge-coupling theorems at
 * the loss x/(2+((y x)^3)^2) + ...): nerdamer 1.1.13's pow "multiplies out" the square of a product
 * factor by factor with the factors' own powers, dropping the product's power: ((x y)^3)^2 became
 * x^2 y^2, so every derivative of such a loss was wrong. The patch distributes only a bare product.
 */
describe('nerdamer square-of-a-powered-product patch', () => {
  const D = ctx.D;
  it.each([
    // d/dx x/(2 + (x y)^6) = 1/(2 + x^6 y^6) - 6 x^6 y^6/(2 + x^6 y^6)^2 at (1, 1): 1/3 - 6/9 (unpatched: 1/3 - 2/9).
    ['x/(2+((y*x)^3)^2)', ['x'], ['1', '1'], new D(1).div(3).minus(new D(6).div(9))],
    // d/dx ((x y)^(-3))^2 = -6 x^-7 y^-6 at (1, 2): -6/64 (unpatched: d/dx x^2 y^2 = 16).
    ['((x*y)^(-3))^2', ['x'], ['1', '2'], new D(-6).div(64)],
    // d2/dxdy ((x^2 y)^3)^2 = d2/dxdy x^12 y^6 = 72 x^11 y^5 at (1, 1) (unpatched: 8).
    ['((x^2*y)^3)^2', ['x', 'y'], ['1', '1'], new D(72)],
  ] as const)('derivative of %s', (src, wrt, at, value) => {
    expect(derivativeAt(src, ['x', 'y'], [...wrt], [...at])).toBe(value.toSignificantDigits(30).toString());
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

/*
 * nerdamer 1.1.13 sorts the terms of a sum or product with the default Array sort, which prints
 * both symbols on every comparison, and printed a sum's terms once as sort keys and once more as
 * the text it joins: each level of a nested expression printed its subtree several times over,
 * most of the time of a derivation (diff re-hashes a sum on every term it adds). The patch prints
 * each term once. Counted through Symbol.prototype.toString, which the default sort calls.
 */
describe('nerdamer printing patch', () => {
  interface CasSymbol {
    collectSymbols(): CasSymbol[];
    text(): string;
  }
  const nerdamer = createRequire(import.meta.url)('nerdamer/all.js') as (e: string) => { symbol: CasSymbol };
  const proto = (nerdamer as unknown as { getCore(): { Symbol: { prototype: { toString(): string } } } }).getCore().Symbol.prototype;
  const countPrints = <T>(f: () => T): [T, number] => {
    const original = proto.toString;
    let prints = 0;
    proto.toString = function (this: unknown) {
      prints++;
      return original.call(this);
    };
    try {
      return [f(), prints];
    } finally {
      proto.toString = original;
    }
  };
  const sum = () => nerdamer('cos(h)+a+f*g+b^2+sin(x*y)+c^3+d^4+e').symbol;
  afterEach(() => (nerdamer as unknown as { flush(): void }).flush());

  it('collects the 8 terms of a sum with 8 prints, in the default sort order (unpatched: 30 prints)', () => {
    const s = sum();
    const [terms, prints] = countPrints(() => s.collectSymbols());
    expect(prints).toBe(8);
    // The order the default sort gave (by printed form), in which diff's product rule iterates.
    const printed = terms.map(String);
    expect(printed).toHaveLength(8);
    expect(printed).toEqual([...printed].sort());
  });

  it('prints a sum without printing its terms as sort keys (unpatched: 30 prints)', () => {
    const s = sum();
    const [text, prints] = countPrints(() => s.text());
    expect(prints).toBe(0);
    expect(text).toBe('a+b^2+c^3+cos(h)+d^4+e+f*g+sin(x*y)');
  });

  it('is in the patch file', () => {
    const patch = readFileSync(new URL('../patches/nerdamer+1.1.13.patch', import.meta.url), 'utf8');
    expect(patch).toContain('eoskit patch: the default sort converts both symbols');
  });
});
