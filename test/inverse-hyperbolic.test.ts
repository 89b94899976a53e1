import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/algebra.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { fastElementary } from '../src/numeric/fast-elementary.js';
import { jetAlgebra, jetSpace } from '../src/numeric/jet.js';

/*
 * asinh and acosh of the decimal algebra against ln(|x| + sqrt(x^2 +- 1)) from decimal.js's ln and
 * sqrt at 20 more digits (its own asinh takes seconds at 1e19000, the point of the fast route),
 * from just above 1 to a diverged 1e19000, on both sides of the switch to ln |x| + ln 2: within
 * 0.51 ulp since both are computed in fixed point with one rounding (fast-elementary.ts). The jets'
 * values, from decimal.js's ln and sqrt, must finish far out too.
 */
const BOUND_ULP = 0.51;

function reference(fn: 'asinh' | 'acosh', x: Decimal, R: Decimal.Constructor): Decimal {
  const a = new R(x).abs();
  const r = R.ln(a.plus(R.sqrt(fn === 'asinh' ? a.times(a).plus(1) : a.times(a).minus(1))));
  return x.isNegative() ? r.neg() : r;
}

function ulpError(got: Decimal, want: Decimal, precision: number, R: Decimal.Constructor): number {
  return new R(got).minus(want).abs().div(new R(10).pow(want.e - precision + 1)).toNumber();
}

/** Full-precision arguments m (1 + 1/7 10^-5) 10^k: short decimals would hide rounding. */
function argument(D: Decimal.Constructor, m: string, k: number): Decimal {
  return new D(m).times(new D(1).div(7e5).plus(1)).times(new D(10).pow(k));
}

describe('asinh and acosh of the decimal algebra', () => {
  for (const digits of [10, 30, 100, 300]) {
    it(`are within ${BOUND_ULP} ulp at ${digits} digits, from 1.1 to 1e19000`, () => {
      const ctx = numericContext(digits);
      const ref = numericContext(digits + 20);
      const alg = decimalAlgebra(ctx);
      const half = Math.ceil((ctx.precision + 1) / 2);
      const exponents = [0, 1, 2, 10, half - 2, half - 1, half, half + 1, 2 * ctx.precision, 19000];
      for (const k of exponents) {
        for (const m of ['1.1', '2', '3.7', '9.9']) {
          const x = argument(ctx.D, m, k);
          for (const fn of ['asinh', 'acosh'] as const) {
            for (const s of fn === 'asinh' ? [x, x.neg()] : [x]) {
              const error = ulpError(alg.apply(fn, s), reference(fn, s, ref.D), ctx.precision, ref.D);
              expect(error, `${fn}(${s.toSignificantDigits(8).toString()})`).toBeLessThanOrEqual(BOUND_ULP);
            }
          }
        }
      }
    });
  }

  it('negative control: ln |x| + ln 2 well below the switch (x ~ 10^(precision/4)) is caught by the same bound', () => {
    const ctx = numericContext(30);
    const ref = numericContext(50);
    const fast = fastElementary(ctx);
    const x = argument(ctx.D, '3.7', Math.ceil(ctx.precision / 4));
    const early = fast.ln(x).plus(fast.ln(new ctx.D(2)));
    expect(ulpError(early, reference('acosh', x, ref.D), ctx.precision, ref.D)).toBeGreaterThan(BOUND_ULP);
  });

  it('the jets take asinh and acosh at 10^(10^6) from ln and sqrt (decimal.js\'s own do not finish; deep search seed 751205833)', () => {
    const ctx = numericContext(30);
    const ref = numericContext(50);
    const jets = jetAlgebra(ctx, jetSpace(1, 2));
    for (const [fn, x] of [['acosh', argument(ctx.D, '3.7', 1_000_000)], ['asinh', argument(ctx.D, '-2.1', 1_000_000)], ['asinh', argument(ctx.D, '2.5', 0)]] as const) {
      const value = jets.apply(fn, jets.variable(0, x)).c[0]!;
      expect(ulpError(value, reference(fn, x, ref.D), ctx.precision, ref.D), `${fn}(${x.toSignificantDigits(6).toString()})`).toBeLessThanOrEqual(2);
    }
  });

  it('asinh is odd, acosh(1) = 0, and acosh below 1 is a DomainError', () => {
    const ctx = numericContext(30);
    const alg = decimalAlgebra(ctx);
    const one = new ctx.D(1);
    expect(alg.apply('asinh', one.neg()).eq(alg.apply('asinh', one).neg())).toBe(true);
    expect(alg.apply('asinh', one.neg()).isNegative()).toBe(true);
    expect(() => alg.apply('acosh', new ctx.D('0.5'))).toThrow(DomainError);
    expect(alg.apply('acosh', one).isZero()).toBe(true);
  });
});
