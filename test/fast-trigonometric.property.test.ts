import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/algebra.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { fastElementary, makeFastElementary } from '../src/numeric/fast-elementary.js';
import { fastTrigonometric, makeFastTrigonometric } from '../src/numeric/fast-trigonometric.js';

/*
 * The fixed-point sin, cos, atan, asin, acos (fast-trigonometric.ts) and atanh, asinh, acosh
 * (fast-elementary.ts) against decimal.js computed 20
 * digits beyond the working precision, over the arguments where fixed point is delicate: full
 * precision mantissas, tiny arguments (relative accuracy), arguments next to a multiple of pi/2
 * (sin and cos near their zeros), next to +-1 (asin, acos, atanh) and next to 1 (acosh), large
 * ones (atan, and sin and cos up to 10^guard). The references avoid cancellation where decimal.js's
 * own formula would have it (asin and acos near +-1, acosh near 1; its asinh of a negative argument
 * is wrong, see src/interval/interval.ts). The bound is 0.51 ulp; fast-check prints seed and path on failure.
 */
const RUNS = Number(process.env['EOSKIT_RUNS'] ?? 60);
const BOUND_ULP = 0.51;
type Fn = 'sin' | 'cos' | 'atan' | 'asin' | 'acos' | 'atanh' | 'asinh' | 'acosh';
const FNS: readonly Fn[] = ['sin', 'cos', 'atan', 'asin', 'acos', 'atanh', 'asinh', 'acosh'];

interface Case {
  readonly digits: number;
  readonly x: string;
}

const mantissa = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 80, maxLength: 80 }).map((d) => d.join(''));

// decimal.js's sin and cos at 20 more digits need p + max(exponent, digits) + 7 <= 1025 digits of
// its pi: digits up to 300.
const caseArb: fc.Arbitrary<Case> = fc.record({
  digits: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 10, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 10, max: 300 }) }),
  kind: fc.constantFrom('plain', 'tiny', 'halfPi', 'nearOne', 'large'),
  m: mantissa,
  k: fc.integer({ min: 1, max: 2000 }),
  zeros: fc.integer({ min: 0, max: 400 }),
  exponent: fc.integer({ min: -3, max: 1 }),
  negative: fc.boolean(),
}).map(({ digits, kind, m, k, zeros, exponent, negative }) => {
  const sign = negative ? '-' : '';
  const z = zeros % (digits + 12);
  switch (kind) {
    case 'tiny':
      return { digits, x: `${sign}0.${m}e-${z}` };
    case 'halfPi':
      // k pi/2 to 100 more digits plus a perturbation below the working precision.
      return { digits, x: `${sign}halfPi*${k}+0.${m}e-${digits + (z % 30)}` };
    case 'nearOne':
      return { digits, x: `${sign}0.${'9'.repeat(z)}${m}` };
    case 'large':
      return { digits, x: `${sign}0.${m}e${1 + (z % 12)}` };
    default:
      return { digits, x: `${sign}0.${m}e${exponent}` };
  }
});

/** The argument at the working precision, and its value at the reference precision (exactly the same number). */
function argument(c: Case): { x: Decimal; ref: Decimal.Constructor } {
  const ctx = numericContext(c.digits);
  const ref = numericContext(c.digits + 20).D;
  const big = numericContext(Math.min(900, c.digits + 120)).D;
  const m = /^(-?)halfPi\*(\d+)\+(.*)$/.exec(c.x);
  const exact = m ? big.acos(-1).div(2).times(m[2]!).plus(m[3]!).times(m[1] ? -1 : 1) : new big(c.x);
  return { x: new ctx.D(exact.toSignificantDigits(ctx.precision).toString()), ref };
}

function reference(fn: Fn, x: Decimal, R: Decimal.Constructor): Decimal | undefined {
  const one = new R(1);
  const a = x.abs();
  switch (fn) {
    case 'sin':
      return R.sin(x);
    case 'cos':
      return R.cos(x);
    case 'atan':
      return R.atan(x);
    case 'asin':
      // atan(x / sqrt((1 - x)(1 + x))): decimal.js's own asin loses digits next to +-1.
      return a.gt(1) ? undefined : a.eq(1) ? R.acos(-1).div(2).times(x.s) : R.atan(x.div(one.minus(x).times(one.plus(x)).sqrt()));
    case 'acos':
      // 2 atan(sqrt((1 - x)/(1 + x))): exact differences, no cancellation near 1.
      return a.gt(1) || x.eq(-1) ? undefined : R.atan(one.minus(x).div(one.plus(x)).sqrt()).times(2);
    case 'atanh':
      return a.gte(1) ? undefined : R.atanh(x);
    case 'asinh':
      // ln(|x| + sqrt(x^2 + 1)) cancels below 1/2, atanh(|x| / sqrt(x^2 + 1)) above.
      return (a.lt(0.5) ? R.atanh(a.div(a.times(a).plus(1).sqrt())) : R.ln(a.plus(a.times(a).plus(1).sqrt()))).times(x.isNegative() ? -1 : 1);
    case 'acosh':
      if (x.lte(1)) return undefined;
      return x.lt(1.5) ? R.atanh(x.minus(1).div(x.plus(1)).sqrt()).times(2) : R.ln(x.plus(x.times(x).minus(1).sqrt()));
  }
}

/** The eight functions of one context, from the two modules. */
type Functions = (fn: Fn, x: Decimal) => Decimal;

function functionsOf(trig: ReturnType<typeof fastTrigonometric>, hyperbolic: ReturnType<typeof fastElementary>): Functions {
  return (fn, x) => {
    if (fn === 'sin') return trig.circular(x).sin();
    if (fn === 'cos') return trig.circular(x).cos();
    if (fn === 'atanh' || fn === 'asinh' || fn === 'acosh') return hyperbolic[fn](x);
    return trig[fn](x);
  };
}

/** |got - want| in units of the last place of want at `precision` digits. */
function ulpError(got: Decimal, want: Decimal, precision: number, R: Decimal.Constructor): number {
  if (want.isZero()) return got.isZero() ? 0 : Infinity;
  return new R(got).minus(want).abs().div(new R(10).pow(want.e - precision + 1)).toNumber();
}

function worstError(c: Case, make: (digits: number) => Functions): { fn: Fn; error: number; x: string } {
  const { x, ref } = argument(c);
  const precision = numericContext(c.digits).precision;
  let worst = { fn: 'sin' as Fn, error: 0, x: x.toString() };
  for (const fn of FNS) {
    // sin and cos are refused from 10^guard on (elementary.ts, `reducible`).
    if ((fn === 'sin' || fn === 'cos') && x.e >= numericContext(c.digits).guard) continue;
    const want = reference(fn, new ref(x), ref);
    if (!want) continue;
    const error = ulpError(make(c.digits)(fn, x), want, precision, ref);
    if (!(error <= worst.error)) worst = { fn, error, x: x.toString() };
  }
  return worst;
}

const fast = (digits: number): Functions => functionsOf(fastTrigonometric(numericContext(digits)), fastElementary(numericContext(digits)));

describe('fast trigonometric functions', () => {
  it(`are within ${BOUND_ULP} ulp of decimal.js at 20 more digits`, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { fn, error, x } = worstError(c, fast);
        if (!(error <= BOUND_ULP)) throw new Error(`${fn}(${x}) at ${c.digits} digits: ${error} ulp`);
      }),
      { numRuns: RUNS },
    );
  }, 4_000 * RUNS);

  it('negative control: 60 bits short of the working precision, the same search finds an error', () => {
    const short = new Map<number, Functions>();
    const truncated = (digits: number): Functions => {
      let f = short.get(digits);
      if (!f) short.set(digits, (f = functionsOf(makeFastTrigonometric(numericContext(digits), -60), makeFastElementary(numericContext(digits), -60))));
      return f;
    };
    const result = fc.check(fc.property(caseArb, (c) => worstError(c, truncated).error <= BOUND_ULP), { numRuns: RUNS });
    expect(result.failed).toBe(true);
  });

  it('outside their domains: the decimal algebra refuses with a DomainError, as it did with decimal.js', () => {
    const ctx = numericContext(30);
    const alg = decimalAlgebra(ctx);
    for (const [fn, x] of [['asin', '1.5'], ['acos', '-1.0001'], ['atanh', '1'], ['atanh', '-2'], ['acosh', '0.5']] as const) {
      expect(() => alg.apply(fn, new ctx.D(x)), `${fn}(${x})`).toThrow(DomainError);
    }
    expect(alg.apply('acosh', new ctx.D(1)).isZero()).toBe(true);
    expect(alg.apply('acos', new ctx.D(-1)).eq(ctx.D.acos(-1))).toBe(true);
    expect(() => alg.apply('tan', ctx.D.acos(0))).toThrow(DomainError);
  });
});
