import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/algebra.js';
import { numericContext, type NumericContext } from '../src/numeric/context.js';
import { jetAlgebra, jetSpace, partialDerivative, type Jet, type JetAlgebra } from '../src/numeric/jet.js';

const ctx = numericContext(50);
const { D } = ctx;

/** Relative agreement to `digits` digits (absolute when the expected value is 0). */
function expectClose(actual: Decimal, expected: Decimal.Value, digits = 45): void {
  const e = new D(expected);
  const scale = e.isZero() ? new D(1) : e.abs();
  const ok = actual.minus(e).abs().lte(scale.times(`1e-${digits}`));
  expect(ok, `${actual.toString()} differs from ${e.toString()} before digit ${digits}`).toBe(true);
}

/** f^(k)(x0), k = 0..order, from a 1-variable jet. */
function derivatives(order: number, x0: Decimal.Value, f: (alg: JetAlgebra, x: Jet) => Jet, context: NumericContext = ctx): Decimal[] {
  const space = jetSpace(1, order);
  const alg = jetAlgebra(context, space);
  const r = f(alg, alg.variable(0, x0));
  return space.monomials.map((m) => partialDerivative(space, r, m, context));
}

function expectDerivatives(actual: Decimal[], expected: Decimal[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, k) => expectClose(a, expected[k]!));
}

const apply = (fn: Parameters<JetAlgebra['apply']>[0]) => (alg: JetAlgebra, x: Jet) => alg.apply(fn, x);
const one = new D(1);

describe('jet spaces', () => {
  it('orders monomials by degree, then lexicographically descending', () => {
    const space = jetSpace(2, 4);
    expect(space.monomials).toHaveLength(15);
    expect(space.monomials.slice(0, 6)).toEqual([[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]);
    space.monomials.forEach((m, i) => expect(space.index(m)).toBe(i));
    expect(jetSpace(1, 8).monomials).toHaveLength(9);
    expect(jetSpace(3, 3).monomials).toHaveLength(20);
  });

  it('caches spaces and algebras', () => {
    expect(jetSpace(2, 4)).toBe(jetSpace(2, 4));
    expect(jetAlgebra(ctx, jetSpace(2, 4))).toBe(jetAlgebra(ctx, jetSpace(2, 4)));
  });

  it('rejects bad shapes and exponents', () => {
    expect(() => jetSpace(0, 4)).toThrow(RangeError);
    expect(() => jetSpace(2, 0)).toThrow(RangeError);
    expect(() => jetSpace(2, 4).index([5, 0])).toThrow(RangeError);
    expect(() => jetSpace(2, 4).index([1])).toThrow(RangeError);
    expect(() => jetSpace(2, 4).index([-1, 1])).toThrow(RangeError);
    expect(() => jetAlgebra(ctx, jetSpace(2, 4)).variable(2, 1)).toThrow(RangeError);
    expect(() => jetAlgebra(ctx, { nvars: 1, order: 1, monomials: [[0], [1]], index: () => 0 })).toThrow(TypeError);
  });
});

describe('univariate derivatives against closed forms at 50 digits', () => {
  it('exp at order 8', () => {
    const e = D.exp('0.7');
    expectDerivatives(derivatives(8, '0.7', apply('exp')), Array<Decimal>(9).fill(e));
  });

  it('sin, cos, sinh, cosh cycle through their derivatives', () => {
    const [s, c] = [D.sin('1.3'), D.cos('1.3')];
    expectDerivatives(derivatives(6, '1.3', apply('sin')), [s, c, s.neg(), c.neg(), s, c, s.neg()]);
    expectDerivatives(derivatives(6, '1.3', apply('cos')), [c, s.neg(), c.neg(), s, c, s.neg(), c.neg()]);
    const [sh, ch] = [D.sinh('-0.4'), D.cosh('-0.4')];
    expectDerivatives(derivatives(5, '-0.4', apply('sinh')), [sh, ch, sh, ch, sh, ch]);
    const [sh3, ch3] = [D.sinh('3.25'), D.cosh('3.25')];
    expectDerivatives(derivatives(5, '3.25', apply('cosh')), [ch3, sh3, ch3, sh3, ch3, sh3]);
  });

  it('tan: sec^2 and its derivatives', () => {
    const t = D.tan('0.4');
    const t2 = t.pow(2);
    expectDerivatives(derivatives(4, '0.4', apply('tan')), [
      t,
      one.plus(t2),
      t.times(2).times(one.plus(t2)),
      new D(2).plus(t2.times(8)).plus(t2.pow(2).times(6)),
      t.times(8).times(t2.times(3).plus(2)).times(one.plus(t2)),
    ]);
  });

  it('tan close to, but not at, a pole', () => {
    const x = '1.5707963267948966';
    // decimal.js's own tan keeps only about 40 of 65 digits this close to a pole, so the reference
    // is sin/cos at 200 digits.
    const { D: D200 } = numericContext(200);
    const t = new D(D200.sin(x).div(D200.cos(x)));
    expectDerivatives(derivatives(2, x, apply('tan')), [t, one.plus(t.pow(2)), t.times(2).times(one.plus(t.pow(2)))]);
  });

  it('tanh', () => {
    const t = D.tanh('0.8');
    const s = one.minus(t.pow(2));
    expectDerivatives(derivatives(4, '0.8', apply('tanh')), [
      t,
      s,
      t.times(-2).times(s),
      t.pow(2).times(6).minus(2).times(s),
      t.times(8).times(new D(2).minus(t.pow(2).times(3))).times(s),
    ]);
  });

  it('sec, csc, cot, sech, csch, coth: two derivatives', () => {
    const x = '0.9';
    const [sin, cos, sinh, cosh] = [D.sin(x), D.cos(x), D.sinh(x), D.cosh(x)];
    const [sec, csc, tan, cot] = [one.div(cos), one.div(sin), sin.div(cos), cos.div(sin)];
    const [sech, csch, tanh, coth] = [one.div(cosh), one.div(sinh), sinh.div(cosh), cosh.div(sinh)];
    const cases: [Parameters<JetAlgebra['apply']>[0], Decimal[]][] = [
      ['sec', [sec, sec.times(tan), sec.times(tan.pow(2).plus(sec.pow(2)))]],
      ['csc', [csc, csc.times(cot).neg(), csc.times(cot.pow(2).plus(csc.pow(2)))]],
      ['cot', [cot, csc.pow(2).neg(), csc.pow(2).times(cot).times(2)]],
      ['sech', [sech, sech.times(tanh).neg(), sech.times(tanh.pow(2).minus(sech.pow(2)))]],
      ['csch', [csch, csch.times(coth).neg(), csch.times(coth.pow(2).plus(csch.pow(2)))]],
      ['coth', [coth, csch.pow(2).neg(), csch.pow(2).times(coth).times(2)]],
    ];
    for (const [fn, expected] of cases) expectDerivatives(derivatives(2, x, apply(fn)), expected);
  });

  it('log', () => {
    const x = new D('2.5');
    expectDerivatives(derivatives(5, x, apply('log')), [D.ln(x), one.div(x), x.pow(-2).neg(), x.pow(-3).times(2), x.pow(-4).times(-6), x.pow(-5).times(24)]);
  });

  it('sqrt and rational powers: falling factorials', () => {
    const x = new D('1.7');
    const falling = (p: Decimal, k: number): Decimal => {
      let f = one;
      for (let j = 0; j < k; j++) f = f.times(p.minus(j));
      return f;
    };
    const powerDerivatives = (p: Decimal, order: number): Decimal[] =>
      Array.from({ length: order + 1 }, (_, k) => falling(p, k).times(x.pow(p.minus(k))));
    expectDerivatives(derivatives(4, x, apply('sqrt')), powerDerivatives(new D('0.5'), 4));
    expectDerivatives(derivatives(4, x, (alg, t) => alg.powRational(t, 5n, 2n)), powerDerivatives(new D('2.5'), 4));
    expectDerivatives(derivatives(4, x, (alg, t) => alg.powRational(t, -3n, 1n)), powerDerivatives(new D(-3), 4));
    expectDerivatives(derivatives(4, x, (alg, t) => alg.powRational(t, 1n, -3n)), powerDerivatives(new D(-1).div(3), 4));
  });

  it('integer powers of zero and of negative numbers', () => {
    expectDerivatives(derivatives(4, 0, (alg, t) => alg.powRational(t, 3n, 1n)), [0, 0, 0, 6, 0].map((v) => new D(v)));
    expectDerivatives(derivatives(4, 0, (alg, t) => alg.powRational(t, 0n, 1n)), [1, 0, 0, 0, 0].map((v) => new D(v)));
    expectDerivatives(derivatives(3, -2, (alg, t) => alg.powRational(t, -3n, 1n)), [-1 / 8, -3 / 16, -12 / 32, -60 / 64].map((v) => new D(v)));
    // 6/2 is the integer 3, so a negative base is fine.
    expectDerivatives(derivatives(3, -2, (alg, t) => alg.powRational(t, 6n, 2n)), [-8, 12, -12, 6].map((v) => new D(v)));
  });

  it('atan', () => {
    const x = new D('0.6');
    const q = one.plus(x.pow(2));
    expectDerivatives(derivatives(4, x, apply('atan')), [
      D.atan(x),
      one.div(q),
      x.times(-2).div(q.pow(2)),
      x.pow(2).times(6).minus(2).div(q.pow(3)),
      x.times(24).times(one.minus(x.pow(2))).div(q.pow(4)),
    ]);
  });

  it.each(['0.35', '-0.999'])('asin and acos at %s', (x0) => {
    const x = new D(x0);
    const q = one.minus(x.pow(2));
    const asin = [
      D.asin(x),
      q.pow('-0.5'),
      x.times(q.pow('-1.5')),
      one.plus(x.pow(2).times(2)).times(q.pow('-2.5')),
      x.times(9).plus(x.pow(3).times(6)).times(q.pow('-3.5')),
    ];
    expectDerivatives(derivatives(4, x, apply('asin')), asin);
    expectDerivatives(derivatives(4, x, apply('acos')), [D.acos(x), ...asin.slice(1).map((d) => d.neg())]);
  });

  it('asinh, acosh, atanh', () => {
    const x = new D('1.25');
    expectDerivatives(derivatives(2, x, apply('asinh')), [D.asinh(x), one.plus(x.pow(2)).pow('-0.5'), x.neg().times(one.plus(x.pow(2)).pow('-1.5'))]);
    expectDerivatives(derivatives(2, x, apply('acosh')), [D.acosh(x), x.pow(2).minus(1).pow('-0.5'), x.neg().times(x.pow(2).minus(1).pow('-1.5'))]);
    const y = new D('-0.3');
    const q = one.minus(y.pow(2));
    expectDerivatives(derivatives(2, y, apply('atanh')), [D.atanh(y), one.div(q), y.times(2).div(q.pow(2))]);
  });

  it('abs away from 0', () => {
    expectDerivatives(derivatives(2, '-1.5', apply('abs')), [1.5, -1, 0].map((v) => new D(v)));
    expectDerivatives(derivatives(2, '1.5', apply('abs')), [1.5, 1, 0].map((v) => new D(v)));
  });

  it('cosh and sinh far from 0 stay fast and accurate', () => {
    const [ch, sh] = derivatives(1, '1e8', apply('cosh'));
    expectClose(ch!, D.exp('1e8').div(2));
    expectClose(sh!, D.exp('1e8').div(2));
  });

  it('keeps 890 digits at 900', () => {
    const big = numericContext(900);
    const t = big.D.tan('0.4');
    const expected = t.times(8).times(t.pow(2).times(3).plus(2)).times(t.pow(2).plus(1));
    const got = derivatives(4, '0.4', apply('tan'), big)[4]!;
    expect(got.minus(expected).abs().lte(expected.times('1e-890'))).toBe(true);
  });
});

describe('multivariate jets', () => {
  const alg = jetAlgebra(ctx, jetSpace(2, 4));
  const space = alg.space;
  const d = (f: Jet, exponents: number[]): Decimal => partialDerivative(space, f, exponents, ctx);

  it('d^4/dx^2dy^2 of exp(xy)/(1+y^2)', () => {
    const [x0, y0] = [new D('0.3'), new D('-0.7')];
    const x = alg.variable(0, x0);
    const y = alg.variable(1, y0);
    const f = alg.div(alg.apply('exp', alg.mul(x, y)), alg.add(alg.rational(1n, 1n), alg.mul(y, y)));
    // d_x^2 gives u g with u = y^2 e^(xy), g = 1/(1+y^2); then d_y^2 (u g) = u'' g + 2 u' g' + u g''.
    const xy = x0.times(y0);
    const q = one.plus(y0.pow(2));
    const u0 = y0.pow(2);
    const u1 = y0.times(2).plus(x0.times(y0.pow(2)));
    const u2 = new D(2).plus(xy.times(4)).plus(xy.pow(2));
    const expected = D.exp(xy).times(
      u2.div(q).plus(u1.times(2).times(y0.times(-2)).div(q.pow(2))).plus(u0.times(y0.pow(2).times(6).minus(2)).div(q.pow(3))),
    );
    expectClose(d(f, [2, 2]), expected);
    expectClose(d(f, [0, 0]), D.exp(xy).div(q));
  });

  it('every partial of sin(x + 2y) and of exp(x) cos(y)', () => {
    const [x0, y0] = [new D('0.2'), new D('1.1')];
    const x = alg.variable(0, x0);
    const y = alg.variable(1, y0);
    const f = alg.apply('sin', alg.add(x, alg.mul(alg.rational(2n, 1n), y)));
    const g = alg.mul(alg.apply('exp', x), alg.apply('cos', y));
    const s = x0.plus(y0.times(2));
    const sinDerivative = (k: number): Decimal => [D.sin(s), D.cos(s), D.sin(s).neg(), D.cos(s).neg()][k % 4]!;
    const cosDerivative = (k: number): Decimal => [D.cos(y0), D.sin(y0).neg(), D.cos(y0).neg(), D.sin(y0)][k % 4]!;
    for (const m of space.monomials) {
      const [a, b] = m as [number, number];
      expectClose(d(f, [a, b]), sinDerivative(a + b).times(2 ** b));
      expectClose(d(g, [a, b]), D.exp(x0).times(cosDerivative(b)));
    }
  });

  it('quotients and x^y', () => {
    const [x0, y0] = [new D('1.7'), new D('0.6')];
    const x = alg.variable(0, x0);
    const y = alg.variable(1, y0);
    const q = alg.div(x, y);
    expectClose(d(q, [1, 1]), y0.pow(-2).neg());
    expectClose(d(q, [1, 3]), y0.pow(-4).times(-6));
    expectClose(d(q, [0, 3]), x0.times(-6).div(y0.pow(4)));
    const p = alg.pow(x, y);
    const ln = D.ln(x0);
    expectClose(d(p, [1, 1]), x0.pow(y0.minus(1)).times(one.plus(y0.times(ln))));
    expectClose(d(p, [0, 2]), x0.pow(y0).times(ln.pow(2)));
    expectClose(d(p, [2, 0]), y0.times(y0.minus(1)).times(x0.pow(y0.minus(2))));
  });

  it('d^3/dxdydz of exp(xyz) in 3 variables', () => {
    const alg3 = jetAlgebra(ctx, jetSpace(3, 3));
    const [x0, y0, z0] = [new D('0.5'), new D('-1.2'), new D('0.8')];
    const f = alg3.apply('exp', alg3.mul(alg3.mul(alg3.variable(0, x0), alg3.variable(1, y0)), alg3.variable(2, z0)));
    const p = x0.times(y0).times(z0);
    expectClose(partialDerivative(alg3.space, f, [1, 1, 1], ctx), D.exp(p).times(one.plus(p.times(3)).plus(p.pow(2))));
  });

  it('order 1 gives the gradient', () => {
    const alg1 = jetAlgebra(ctx, jetSpace(2, 1));
    const f = alg1.mul(alg1.apply('log', alg1.variable(0, 2)), alg1.variable(1, 3));
    expect(f.c).toHaveLength(3);
    expectClose(partialDerivative(alg1.space, f, [1, 0], ctx), new D('1.5'));
    expectClose(partialDerivative(alg1.space, f, [0, 1], ctx), D.ln(2));
  });

  it('inverse pairs and reciprocal pairs compose to identities in every coefficient at order 8', () => {
    const alg8 = jetAlgebra(ctx, jetSpace(2, 8));
    const x = alg8.variable(0, '0.3');
    const y = alg8.variable(1, '-0.2');
    // A jet with linear and quadratic terms in both variables, moved so that its value is c0.
    const base = alg8.add(alg8.mul(x, alg8.add(y, alg8.rational(4n, 3n))), alg8.mul(y, y));
    const shifted = (c: string): Jet => alg8.add(base, alg8.constantJet(new D(c).minus(base.c[0]!)));
    const pairs: [Parameters<JetAlgebra['apply']>[0], Parameters<JetAlgebra['apply']>[0], string][] = [
      ['exp', 'log', '1.9'],
      ['sin', 'asin', '0.4'],
      ['cos', 'acos', '-0.7'],
      ['tan', 'atan', '2.5'],
      ['sinh', 'asinh', '-1.3'],
      ['cosh', 'acosh', '1.8'],
      ['tanh', 'atanh', '0.6'],
    ];
    for (const [f, inverse, c0] of pairs) {
      const g = shifted(c0);
      const roundTrip = alg8.apply(f, alg8.apply(inverse, g));
      roundTrip.c.forEach((v, i) => expectClose(v, g.c[i]!, 44));
    }
    const reciprocals: [Parameters<JetAlgebra['apply']>[0], Parameters<JetAlgebra['apply']>[0]][] = [
      ['sec', 'cos'],
      ['csc', 'sin'],
      ['cot', 'tan'],
      ['sech', 'cosh'],
      ['csch', 'sinh'],
      ['coth', 'tanh'],
    ];
    const g = shifted('0.7');
    for (const [f, r] of reciprocals) {
      const product = alg8.mul(alg8.apply(f, g), alg8.apply(r, g));
      product.c.forEach((v, i) => expectClose(v, i === 0 ? 1 : 0, 44));
    }
    const squared = alg8.powRational(alg8.apply('sqrt', g), 2n, 1n);
    squared.c.forEach((v, i) => expectClose(v, g.c[i]!, 44));
  });

  it('constants are constant jets at full precision', () => {
    const pi = alg.constant('pi');
    expect(pi.c[0]!.eq(D.acos(-1))).toBe(true);
    expect(pi.c.slice(1).every((v) => v.isZero())).toBe(true);
    expect(alg.constant('e').c[0]!.eq(D.exp(1))).toBe(true);
    expectClose(alg.rational(-7n, 3n).c[0]!, new D(-7).div(3));
  });
});

describe('domain errors', () => {
  const alg = jetAlgebra(ctx, jetSpace(2, 4));
  const at = (value: Decimal.Value): Jet => alg.add(alg.variable(0, value), alg.variable(1, 0));
  const halfPi = (): Jet => alg.div(alg.constant('pi'), alg.rational(2n, 1n));

  it.each<[string, () => unknown, string]>([
    ['log at 0', () => alg.apply('log', at(0)), 'log is undefined at 0'],
    ['log at -2', () => alg.apply('log', at(-2)), 'log is undefined at -2'],
    ['sqrt at 0', () => alg.apply('sqrt', at(0)), 'sqrt is not smooth at 0'],
    ['sqrt at -1', () => alg.apply('sqrt', at(-1)), 'sqrt is undefined at -1'],
    ['x^(1/3) at 0', () => alg.powRational(at(0), 1n, 3n), 'the power with exponent 1/3 is not smooth at 0'],
    ['x^(1/3) at -8', () => alg.powRational(at(-8), 1n, 3n), 'the power with exponent 1/3 is undefined at -8'],
    ['x^(2/4) at -1', () => alg.powRational(at(-1), 2n, 4n), 'the power with exponent 1/2 is undefined at -1'],
    ['x^-2 at 0', () => alg.powRational(at(0), -2n, 1n), 'division by zero'],
    ['x^(1/0)', () => alg.powRational(at(2), 1n, 0n), 'division by zero'],
    ['1/x at 0', () => alg.div(at(1), at(0)), 'division by zero'],
    ['rational 1/0', () => alg.rational(1n, 0n), 'division by zero'],
    ['x^y at base 0', () => alg.pow(at(0), at(2)), 'needs a positive base, got 0'],
    ['x^y at base -1', () => alg.pow(at(-1), at(2)), 'needs a positive base, got -1'],
    ['tan at pi/2', () => alg.apply('tan', halfPi()), 'tan is undefined at 1.5708, where cos = 0'],
    ['sec at 3pi/2', () => alg.apply('sec', alg.mul(halfPi(), alg.rational(3n, 1n))), 'sec is undefined at 4.71239, where cos = 0'],
    ['cot at 0', () => alg.apply('cot', at(0)), 'cot is undefined at 0, where sin = 0'],
    ['csc at pi', () => alg.apply('csc', alg.constant('pi')), 'csc is undefined at 3.14159, where sin = 0'],
    ['coth at 0', () => alg.apply('coth', at(0)), 'coth is undefined at 0'],
    ['csch at 0', () => alg.apply('csch', at(0)), 'csch is undefined at 0'],
    ['asin at 1', () => alg.apply('asin', at(1)), 'asin is not smooth at 1'],
    ['asin at 1.5', () => alg.apply('asin', at('1.5')), 'asin is undefined at 1.5'],
    ['acos at -1', () => alg.apply('acos', at(-1)), 'acos is not smooth at -1'],
    ['acosh at 1', () => alg.apply('acosh', at(1)), 'acosh is not smooth at 1'],
    ['acosh at 0.5', () => alg.apply('acosh', at('0.5')), 'acosh is undefined at 0.5'],
    ['atanh at 1', () => alg.apply('atanh', at(1)), 'atanh is undefined at 1'],
    ['atanh at -2', () => alg.apply('atanh', at(-2)), 'atanh is undefined at -2'],
    ['abs at 0', () => alg.apply('abs', at(0)), 'abs is not smooth at 0'],
    ['exp overflow', () => alg.apply('exp', at('1e20')), 'exp at 100000000000000000000 is not finite'],
    ['cosh overflow', () => alg.apply('cosh', at('-1e20')), 'cosh at -100000000000000000000 is not finite'],
    ['a NaN variable', () => alg.variable(0, NaN), 'the value NaN is not finite'],
    ['an infinite constant', () => alg.constantJet(Infinity), 'the constant Infinity is not finite'],
  ])('%s', (_name, thunk, message) => {
    expect(thunk).toThrow(DomainError);
    expect(thunk).toThrow(message);
  });
});
