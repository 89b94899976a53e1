import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { intervalAlgebra } from '../src/interval/algebra.js';
import { intervalArithmetic, type Interval, type IntervalArithmetic } from '../src/interval/interval.js';
import { compile } from '../src/numeric/compile.js';
import { DomainError } from '../src/numeric/algebra.js';
import { directedContexts, numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { parseLoss } from '../src/symbolic/loss.js';
import { Arith, CheckFailure, type Iv } from '../src/verify/arith.js';
import { smoothExpression } from './support/random-loss.js';

/*
 * Arb-style tests of the interval arithmetic: random balls at random precisions, a point drawn from
 * each, and the true value at that point computed 60 digits higher must lie in the enclosure.
 * EOSKIT_RUNS=100000 runs every property that many times (the 10^5 cases); the default keeps
 * CI to a few seconds. Counts are printed at the end so a long run can be quoted.
 */
const RUNS = Number(process.env['EOSKIT_RUNS'] ?? 100);
const counted = { cases: 0, checked: 0, domain: 0, misses: 0 };
afterAll(() => {
  if (process.env['EOSKIT_RUNS']) console.log(`interval enclosures: ${counted.cases} cases, ${counted.checked} containment checks, ${counted.domain} domain refusals, ${counted.misses} misses`);
});

const EXTRA = 60;
const ref = (p: number): Decimal.Constructor => directedContexts(p + EXTRA).down.clone({ rounding: 6 });

/** A random decimal: mantissa of up to 15 digits, exponent -12..3 (values from 1e-12 to 1e18). */
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: -14, max: 3 }), fc.integer({ min: 0, max: 15 }))
  .map(([m, e, shift]) => `${m}e${e - shift}`);

/** A ball: centre, radius exponent (or a point), precision, and where in the ball the test point sits. */
const ball = fc.record({
  centre: decimalText,
  radiusExp: fc.option(fc.integer({ min: -40, max: 0 }), { nil: undefined }),
  precision: fc.constantFrom(15, 20, 30, 45, 80),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});
type Ball = typeof ball extends fc.Arbitrary<infer T> ? T : never;

function build(b: Ball): { ia: IntervalArithmetic; X: Interval; x: Decimal; R: Decimal.Constructor } {
  const ia = intervalArithmetic(b.precision);
  const R = ref(b.precision);
  const c = new R(b.centre);
  const X0 = ia.point(c);
  const X = b.radiusExp === undefined ? X0 : ia.add(X0, { lo: ia.down.mul(c.abs().plus(1), `-1e${b.radiusExp}`), hi: ia.up.mul(c.abs().plus(1), `1e${b.radiusExp}`) });
  // A point of X (endpoints included) with as many digits as the reference precision.
  // Re-made with R, so that instance methods in the reference formulas work at R's precision.
  const x = new R(b.at < 0.1 ? X.lo : b.at > 0.9 ? X.hi : R.add(X.lo, R.mul(R.sub(X.hi, X.lo), b.at)));
  return { ia, X, x, R };
}

function expectInside(Y: Interval, y: Decimal, what: string): void {
  counted.checked++;
  if (!(Y.lo.lte(y) && y.lte(Y.hi))) {
    counted.misses++;
    throw new Error(`${what}: true value ${y.toString()} outside [${Y.lo.toString()}, ${Y.hi.toString()}]`);
  }
}

type Unary = [string, (ia: IntervalArithmetic, X: Interval) => Interval, (R: Decimal.Constructor, x: Decimal) => Decimal];
const sinhR = (R: Decimal.Constructor, x: Decimal) => R.sub(R.exp(x), R.exp(x.neg())).div(2);
const coshR = (R: Decimal.Constructor, x: Decimal) => R.add(R.exp(x), R.exp(x.neg())).div(2);
const UNARY: readonly Unary[] = [
  ['neg', (ia, X) => ia.neg(X), (_, x) => x.neg()],
  ['sqrt', (ia, X) => ia.sqrt(X), (R, x) => R.sqrt(x)],
  ['exp', (ia, X) => ia.exp(X), (R, x) => R.exp(x)],
  ['log', (ia, X) => ia.log(X), (R, x) => R.ln(x)],
  ['sin', (ia, X) => ia.sin(X), (R, x) => R.sin(x)],
  ['cos', (ia, X) => ia.cos(X), (R, x) => R.cos(x)],
  ['tan', (ia, X) => ia.tan(X), (R, x) => R.sin(x).div(R.cos(x))],
  ['tanh', (ia, X) => ia.tanh(X), (R, x) => sinhR(R, x).div(coshR(R, x))],
  ['sinh', (ia, X) => ia.sinh(X), sinhR],
  ['cosh', (ia, X) => ia.cosh(X), coshR],
  ['atan', (ia, X) => ia.atan(X), (R, x) => R.atan(x)],
  ['asin', (ia, X) => ia.asin(X), (R, x) => R.asin(x)],
  ['acos', (ia, X) => ia.acos(X), (R, x) => R.acos(x)],
  ['asinh', (ia, X) => ia.asinh(X), (R, x) => R.ln(x.plus(R.sqrt(x.times(x).plus(1))))],
  ['atanh', (ia, X) => ia.atanh(X), (R, x) => R.ln(R.add(1, x).div(R.sub(1, x))).div(2)],
  ['acosh', (ia, X) => ia.acosh(X), (R, x) => R.ln(x.plus(R.sqrt(x.times(x).minus(1))))],
];

/** Exponents that overflow or arguments whose reference is out of reach are domain refusals, not misses. */
function tryEnclose(f: () => Interval): Interval | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof DomainError) {
      counted.domain++;
      return undefined;
    }
    throw err;
  }
}

/** Keep arguments where the reference itself is cheap (decimal.js sin(1e18) at 140 digits is fine; exp(1e18) is not). */
const moderate = (b: Ball, name: string): boolean => {
  const c = Math.abs(Number(b.centre));
  if (['exp', 'sinh', 'cosh', 'tanh'].includes(name)) return c < 1e4;
  return c < 1e15;
};

describe('interval enclosures contain the true value (reference 60 digits higher)', () => {
  it.each(UNARY.map((u) => [u[0], u] as const))('%s', (name, [, f, truth]) => {
    fc.assert(
      fc.property(ball, (b) => {
        fc.pre(moderate(b, name));
        counted.cases++;
        const { ia, X, x, R } = build(b);
        const Y = tryEnclose(() => f(ia, X));
        if (!Y) return;
        expectInside(Y, truth(R, x), `${name}(${x.toString()}) at ${b.precision} digits`);
      }),
      { numRuns: RUNS },
    );
  });

  const BINARY: [string, (ia: IntervalArithmetic, X: Interval, Y: Interval) => Interval, (R: Decimal.Constructor, x: Decimal, y: Decimal) => Decimal][] = [
    ['add', (ia, X, Y) => ia.add(X, Y), (R, x, y) => R.add(x, y)],
    ['sub', (ia, X, Y) => ia.sub(X, Y), (R, x, y) => R.sub(x, y)],
    ['mul', (ia, X, Y) => ia.mul(X, Y), (R, x, y) => R.mul(x, y)],
    ['div', (ia, X, Y) => ia.div(X, Y), (R, x, y) => R.div(x, y)],
    ['pow', (ia, X, Y) => ia.pow(X, Y), (R, x, y) => R.exp(R.mul(y, R.ln(x)))],
  ];
  it.each(BINARY.map((b) => [b[0], b] as const))('%s', (name, [, f, truth]) => {
    fc.assert(
      fc.property(ball, ball, (b1, b2) => {
        const second = { ...b2, precision: b1.precision };
        if (name === 'pow') fc.pre(Math.abs(Number(b2.centre)) < 1e3);
        counted.cases++;
        const { ia, X, x, R } = build(b1);
        const { X: Y, x: y } = build(second);
        const Z = tryEnclose(() => f(ia, X, Y));
        if (!Z) return;
        expectInside(Z, truth(R, x, y), `${name}(${x.toString()}, ${y.toString()}) at ${b1.precision} digits`);
      }),
      { numRuns: RUNS },
    );
  });

  it('integer and rational powers', () => {
    fc.assert(
      fc.property(ball, fc.integer({ min: -7, max: 9 }), fc.constantFrom(1, 2, 3), (b, num, den) => {
        fc.pre(Math.abs(Number(b.centre)) < 1e12);
        // Exponents come from the parser in lowest terms; 2/2 would make an exact [9, 9] meet an inexact exp(ln 9).
        fc.pre(den === 1 || num % den !== 0);
        counted.cases++;
        const { ia, X, x, R } = build(b);
        const Y = tryEnclose(() => ia.powRational(X, BigInt(num), BigInt(den)));
        if (!Y) return;
        const t = den === 1 ? R.pow(x, num) : den === 2 ? R.pow(R.sqrt(x), num) : R.pow(R.cbrt(x), num);
        expectInside(Y, t, `(${x.toString()})^(${num}/${den})`);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('interval identities and agreement across precisions', () => {
  it('sin^2 + cos^2 contains 1, exp(log x) contains x, tanh = sinh/cosh overlap', () => {
    fc.assert(
      fc.property(ball, (b) => {
        fc.pre(Math.abs(Number(b.centre)) < 1e4);
        counted.cases++;
        const { ia, X } = build(b);
        const s = ia.sin(X);
        const c = ia.cos(X);
        counted.checked += 3;
        expect(ia.contains(ia.add(ia.powInt(s, 2n), ia.powInt(c, 2n)), new ia.up(1))).toBe(true);
        if (X.lo.gt(0)) expect(ia.subset(X, ia.exp(ia.log(X)))).toBe(true);
        expect(ia.overlaps(ia.tanh(X), ia.div(ia.sinh(X), ia.cosh(X)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('enclosures of one ball at two precisions overlap, and the higher one is not wider by more than rounding', () => {
    fc.assert(
      fc.property(ball, fc.constantFrom(...UNARY), (b, [name, f]) => {
        fc.pre(moderate(b, name));
        counted.cases++;
        const low = build({ ...b, precision: 20 });
        const high = intervalArithmetic(60);
        const A = tryEnclose(() => f(low.ia, low.X));
        const B = tryEnclose(() => f(high, low.X));
        if (!A || !B) return;
        counted.checked++;
        expect(low.ia.overlaps(A, B), `${name} on [${low.X.lo.toString()}, ${low.X.hi.toString()}]`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('compiled random losses: the interval value on a box contains the decimal value (60 digits higher) at a point of the box', () => {
    const precision = 30;
    const alg = intervalAlgebra(precision);
    const reference = decimalAlgebra(numericContext(precision + EXTRA));
    fc.assert(
      fc.property(smoothExpression(['x', 'y'], 3), ball, ball, (src, bx, by) => {
        fc.pre(Math.abs(Number(bx.centre)) < 10 && Math.abs(Number(by.centre)) < 10);
        counted.cases++;
        const loss = parseLoss(src, { vars: ['x', 'y'] });
        const { X, x } = build({ ...bx, precision });
        const { X: Y, x: y } = build({ ...by, precision });
        const Z = tryEnclose(() => compile(loss.expr, alg, loss.vars)([X, Y]));
        if (!Z) return;
        const { D } = numericContext(precision + EXTRA);
        let truth: Decimal;
        try {
          truth = compile(loss.expr, reference, loss.vars)([new D(x), new D(y)]);
        } catch {
          return;
        }
        expectInside(Z, truth, `${src} at (${x.toString()}, ${y.toString()})`);
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });
});

describe("the re-checker's own arithmetic (src/verify) encloses too", () => {
  type Op = [string, (A: Arith, X: Iv) => Iv, (R: Decimal.Constructor, x: Decimal) => Decimal];
  const OPS: readonly Op[] = [
    ['exp', (A, X) => A.exp(X), (R, x) => R.exp(x)],
    ['log', (A, X) => A.log(X), (R, x) => R.ln(x)],
    ['sin', (A, X) => A.sin(X), (R, x) => R.sin(x)],
    ['cos', (A, X) => A.cos(X), (R, x) => R.cos(x)],
    ['tanh', (A, X) => A.tanh(X), (R, x) => sinhR(R, x).div(coshR(R, x))],
    ['atan', (A, X) => A.atan(X), (R, x) => R.atan(x)],
    ['sqrt', (A, X) => A.sqrt(X), (R, x) => R.sqrt(x)],
    ['cube', (A, X) => A.powInt(X, 3n), (R, x) => R.pow(x, 3)],
    ['inverse square', (A, X) => A.powInt(X, -2n), (R, x) => R.div(1, R.mul(x, x))],
    ['x / (1 + x^2)', (A, X) => A.div(X, A.add(A.ratio(1n, 1n), A.sqr(X))), (R, x) => R.div(x, R.add(1, R.mul(x, x)))],
  ];
  it.each(OPS.map((o) => [o[0], o] as const))('%s', (name, [, f, truth]) => {
    fc.assert(
      fc.property(ball, (b) => {
        fc.pre(moderate(b, name === 'tanh' ? 'tanh' : name === 'exp' ? 'exp' : 'other'));
        counted.cases++;
        const { X, x, R } = build(b);
        const A = new Arith(b.precision);
        let Y: Iv;
        try {
          Y = f(A, X);
        } catch (err) {
          if (err instanceof CheckFailure) return void counted.domain++;
          throw err;
        }
        expectInside(Y, truth(R, x), `verify ${name}(${x.toString()}) at ${b.precision} digits`);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('interval domain and negative controls', () => {
  const ia = intervalArithmetic(30);
  const I = (a: string, b: string) => ia.make(new ia.down(a), new ia.up(b));
  it.each([
    ['log of an interval reaching 0', () => ia.log(I('0', '1'))],
    ['division by an interval containing 0', () => ia.div(I('1', '2'), I('-1', '1'))],
    ['sqrt of an interval reaching 0', () => ia.sqrt(I('0', '1'))],
    ['tan across pi/2', () => ia.tan(I('1.5', '1.6'))],
    ['atanh reaching 1', () => ia.atanh(I('0.5', '1'))],
  ])('%s is a DomainError', (_, f) => {
    expect(f).toThrow(DomainError);
  });

  it('sin and cos include the extremum inside the interval', () => {
    expect(ia.sin(I('1.5', '1.6')).hi.eq(1)).toBe(true);
    expect(ia.cos(I('3', '3.2')).lo.eq(-1)).toBe(true);
    expect(ia.cos(I('-0.1', '0.1')).hi.eq(1)).toBe(true);
  });

  it('negative control: an enclosure without the widening misses the true value', () => {
    // The centre value of sin at 20 digits, as a zero-width interval, cannot contain sin(1/3) exactly.
    const x = new (ref(20))(1).div(3);
    const narrow = ia.point(new (directedContexts(20).down)(x).sin());
    expect(ia.contains(narrow, ref(20).sin(x))).toBe(false);
    expect(ia.contains(ia.sin(ia.point(x)), ref(20).sin(x))).toBe(true);
  });

  it('encloses pi and e tightly', () => {
    const R = ref(30);
    expect(ia.contains(ia.pi(), R.acos(-1))).toBe(true);
    expect(ia.contains(ia.e(), R.exp(1))).toBe(true);
    // Two ulps at 30 digits: the widening is far below the final outward rounding.
    expect(ia.width(ia.pi()).lte('2e-29')).toBe(true);
  });
});
