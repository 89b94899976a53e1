import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { numericContext } from '../src/numeric/context.js';
import { decimalProduct } from '../src/numeric/decimal-product.js';

/*
 * decimalProduct against decimal.js's times: the same value to the last digit (both round the
 * exact product once), over random mantissas of 1 to 1000 digits, signs, exponents up to the
 * overflow and underflow of the Decimal exponent, zeros and infinities, at random digits.
 */
const RUNS = Number(process.env['EOSKIT_RUNS'] ?? 300);

const decimalText = fc
  .record({
    // Short mantissas (exact products) and long ones, up to 1000 digits (rounded products).
    digits: fc.oneof(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 1000, size: 'max' }),
    ),
    exponent: fc.oneof(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -9e15, max: 9e15 })),
    negative: fc.boolean(),
    // One case in 20: zero, an infinity or NaN.
    special: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('0', '-0', 'Infinity', '-Infinity', 'NaN') }),
  })
  .map(({ digits, exponent, negative, special }) => special ?? `${negative ? '-' : ''}0.${digits.join('')}e${exponent}`);

const caseArb = fc.record({ digits: fc.integer({ min: 10, max: 900 }), a: decimalText, b: decimalText });

const same = (x: Decimal, y: Decimal): boolean => (x.isNaN() ? y.isNaN() : x.eq(y) && x.isNegative() === y.isNegative());

describe('decimalProduct', () => {
  it('equals decimal.js times to the last digit', () => {
    fc.assert(
      fc.property(caseArb, ({ digits, a, b }) => {
        const ctx = numericContext(digits);
        const x = new ctx.D(a);
        const y = new ctx.D(b);
        const got = decimalProduct(ctx)(x, y);
        if (!same(got, x.times(y))) throw new Error(`${a} * ${b} at ${digits} digits: ${got.toString()} != ${x.times(y).toString()}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('negative control: rounding toward zero instead of half-even is caught by the same comparison', () => {
    const result = fc.check(
      fc.property(caseArb, ({ digits, a, b }) => {
        const ctx = numericContext(digits);
        const x = new ctx.D(a);
        const y = new ctx.D(b);
        return same(decimalProduct(ctx, ctx.D.ROUND_DOWN)(x, y), x.times(y));
      }),
      { numRuns: RUNS },
    );
    expect(result.failed).toBe(true);
  });
});
