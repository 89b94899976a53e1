import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/algebra.js';
import { makeArithmetic, type BigDecimalArithmetic } from '../src/numeric/big-decimal.js';
import { compile, compileAll } from '../src/numeric/compile.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { compileDecimal } from '../src/numeric/fast-decimal-algebra.js';
import { derivativeTable } from '../src/symbolic/derivatives.js';
import { constantValue } from '../src/numeric/evaluate.js';
import { parseLoss, withParamValues } from '../src/symbolic/loss.js';
import { parseExpr } from '../src/symbolic/parse.js';
import { coordinate, smoothExpression } from '../theorems/arbitraries.js';

/*
 * The BigInt decimal arithmetic against decimal.js: the same value and sign (a -0 included) to the
 * last digit for plus, minus, times, div and sqrt, over operands built to hit what rounding gets
 * wrong: exact ties (a 5 followed by zeros just past the precision), carries into a new digit
 * (9s), operands longer than the precision, far-apart exponents and zeros. Then whole compiled
 * expressions (random losses and their CAS derivatives) in both algebras: the same digits.
 * fast-check prints seed and path on failure.
 */
const RUNS = Number(process.env['EOSKIT_RUNS'] ?? 400);

/** An operand's text for a working precision p (one of the lengths that matter, with a chosen tail). */
const operand = (p: number): fc.Arbitrary<string> =>
  fc
    .record({
      length: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(p - 1, p, p + 1, p + 2), fc.integer({ min: 1, max: 3 * p })),
      digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3 * p + 2, maxLength: 3 * p + 2 }),
      tail: fc.constantFrom('', '5', '50', '49', '51', '9', '99'),
      nines: fc.boolean(),
      exponent: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) }, fc.integer({ min: -2 * p, max: 2 * p }), fc.integer({ min: -1e6, max: 1e6 })),
      negative: fc.boolean(),
      zero: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, fc.constantFrom('0', '-0')),
    })
    .map(({ length, digits, tail, nines, exponent, negative, zero }) => {
      if (zero) return zero;
      const body = (nines ? '9'.repeat(length) : `${1 + (digits[0]! % 9)}${digits.slice(1, length).join('')}`).slice(0, Math.max(1, length - tail.length));
      return `${negative ? '-' : ''}${body}${tail}e${exponent}`;
    });

/** Precisions: mostly near the default 30 digits (43 working digits), some far from it. */
const precision = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 10, max: 60 }) }, fc.integer({ min: 61, max: 400 }));

const caseArb = precision.chain((p) => fc.record({ p: fc.constant(p), a: operand(p), b: operand(p) }));

const same = (x: Decimal, y: Decimal): boolean => x.eq(y) && x.isNegative() === y.isNegative() && x.toString() === y.toString();

type Op = 'plus' | 'minus' | 'times' | 'div' | 'sqrt';

/** One operation both ways at precision p; undefined where it does not apply (a zero divisor, sqrt of a value <= 0). */
function both(p: number, a: string, b: string, op: Op, ties: 'even' | 'up' = 'even'): [Decimal, Decimal] | undefined {
  const { D } = numericContext(10);
  const Dp = D.clone({ precision: p });
  const arith: BigDecimalArithmetic = makeArithmetic(Dp, p, ties);
  const x = new Dp(a);
  const y = new Dp(b);
  if (op === 'div' && y.isZero()) return undefined;
  if (op === 'sqrt' && (x.isZero() || x.isNegative())) return undefined;
  const [bx, by] = [arith.fromDecimal(x), arith.fromDecimal(y)];
  const mine = { plus: () => arith.add(bx, by), minus: () => arith.sub(bx, by), times: () => arith.mul(bx, by), div: () => arith.div(bx, by), sqrt: () => arith.sqrt(bx) }[op]();
  return [arith.toDecimal(mine), op === 'sqrt' ? x.sqrt() : x[op](y)];
}

const OPS: readonly Op[] = ['plus', 'minus', 'times', 'div', 'sqrt'];

describe('BigDecimal arithmetic', () => {
  for (const op of OPS) {
    it(`${op}: the same digits and sign as decimal.js`, () => {
      fc.assert(
        fc.property(caseArb, ({ p, a, b }) => {
          const r = both(p, a, b, op);
          if (r && !same(r[0], r[1])) throw new Error(`${op}(${a}, ${b}) at precision ${p}: ${r[0].toString()} != decimal.js ${r[1].toString()}`);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('converts to and from Decimal without changing value, sign or behaviour', () => {
    fc.assert(
      fc.property(caseArb, ({ p, a, b }) => {
        const Dp = numericContext(10).D.clone({ precision: p });
        const arith = makeArithmetic(Dp, p);
        const x = new Dp(a);
        const back = arith.toDecimal(arith.fromDecimal(x));
        // A malformed internal representation would print right and compute wrong: use it too.
        expect(same(back, x) && same(back.plus(b), x.plus(b)) && same(back.times(b), x.times(b))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses NaN and the infinities with a DomainError (the decimal algebra refuses them too)', () => {
    const { D } = numericContext(30);
    const arith = makeArithmetic(D, 43);
    for (const x of [NaN, Infinity, -Infinity]) expect(() => arith.fromDecimal(new D(x))).toThrow(DomainError);
  });

  it('negative control: ties rounded up instead of to even are caught by the same comparison', () => {
    const result = fc.check(
      fc.property(caseArb, fc.constantFrom<Op>('plus', 'times'), ({ p, a, b }, op) => {
        const r = both(p, a, b, op, 'up');
        return !r || same(r[0], r[1]);
      }),
      { numRuns: RUNS },
    );
    expect(result.failed).toBe(true);
  });
});

/** Every value of the trees, or the DomainError's message, in one algebra. */
function outcomes(run: () => Decimal[]): string[] {
  try {
    return run().map((v) => `${v.isNegative() ? 'neg ' : ''}${v.toString()}`);
  } catch (err) {
    if (err instanceof DomainError) return [`DomainError: ${err.message}`];
    throw err;
  }
}

describe('compileDecimal (the fast algebra) against the decimal algebra', () => {
  it('random losses, their gradients and Hessians: the same digits or the same domain error', () => {
    const vars = ['x', 'y'];
    fc.assert(
      fc.property(smoothExpression(vars), coordinate, coordinate, fc.integer({ min: 10, max: 120 }), (src, x, y, digits) => {
        const ctx = numericContext(digits);
        const loss = parseLoss(src, { vars });
        const table = derivativeTable(loss.expr, vars, 2);
        const roots = [[], [0], [1], [0, 0], [0, 1], [1, 1]].map((ij) => withParamValues(loss, table.entry(ij)));
        const point = [constantValue(x, 'x', ctx), constantValue(y, 'y', ctx).div(3)];
        // compileAll, as compileDecimal: subexpressions shared across the roots are regrouped the same way.
        const slow = outcomes(() => compileAll(roots, decimalAlgebra(ctx), vars)(point));
        const fast = outcomes(() => compileDecimal(roots, ctx, vars)(point));
        expect(fast, `${src} at (${x}, ${y}/3), ${digits} digits`).toEqual(slow);
      }),
      { numRuns: Number(process.env['EOSKIT_RUNS'] ?? 60) },
    );
  });

  it('pinned: powers, half-integer powers and quotients of the CAS forms', () => {
    const ctx = numericContext(30);
    const vars = ['x', 'y'];
    for (const src of ['(1+16*x^2)^(-3/2)*x^2 + sqrt(1+16*x^2)^(-1)', '(2+y^2)^(-3)*y^3 - x^7 + (x*y)^(5/2)', 'tanh(x*y)^2 + sech(x*y)^2 - 1', 'abs(x) + x^(1/3)']) {
      const e = parseExpr(src);
      const point = [new ctx.D('0.7'), new ctx.D(13).div(10)];
      expect(outcomes(() => compileDecimal([e], ctx, vars)(point)), src).toEqual(outcomes(() => [compile(e, decimalAlgebra(ctx), vars)(point)]));
    }
  });
});
