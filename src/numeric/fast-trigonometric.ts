import type { Decimal } from 'decimal.js';
import type { NumericContext } from './context.js';
import { GUARD_BITS } from './fast-elementary.js';
import { bitLength, fixedPointConverter, halvedArcSeries, isqrt, leadingZeroBits, scaled } from './fixed-point.js';

/*
 * sin, cos, atan, asin and acos at a context's working precision, in binary fixed point (BigInt)
 * and rounded once to a Decimal, as fast-elementary.ts does for exp, ln and the hyperbolic
 * functions: decimal.js's own take 150-900 us each at 43 digits (series in decimal with a division
 * per term, atan and asin through repeated square roots), these 10-40 us. The jets keep
 * decimal.js's functions, so the two derivative routes stay independent.
 *
 * Accuracy: within 0.51 ulp (test/fast-trigonometric.property.test.ts, against decimal.js at 20 more
 * digits). Each function works at a scale of `bits` (the working precision and GUARD_BITS) plus as
 * many bits as its result has leading zeros, so a small result (sin near a multiple of pi, atan of
 * a small x, acos near 1) keeps its relative accuracy; where an argument would cancel (1 - x^2,
 * (1 - x)/(1 + x)) the difference is formed exactly from the decimal's integer digits.
 * Arguments that sin and cos refuse (elementary.ts, `reducible`) are refused by the caller first.
 */
export interface FastTrigonometric {
  /** sin and cos of one argument, from one reduction, each rounded on first use. */
  readonly circular: (x: Decimal) => Circular;
  readonly atan: (x: Decimal) => Decimal;
  /** NaN beyond [-1, 1], as decimal.js's: the caller refuses it. */
  readonly asin: (x: Decimal) => Decimal;
  /** NaN beyond [-1, 1], as decimal.js's. */
  readonly acos: (x: Decimal) => Decimal;
}

export interface Circular {
  readonly sin: () => Decimal;
  readonly cos: () => Decimal;
}

const LOG2_10 = Math.log2(10);

const cache = new WeakMap<NumericContext, FastTrigonometric>();

export function fastTrigonometric(ctx: NumericContext): FastTrigonometric {
  let f = cache.get(ctx);
  if (!f) cache.set(ctx, (f = makeFastTrigonometric(ctx, GUARD_BITS)));
  return f;
}

/** arctan(1/n) * 2^w for an integer n >= 2 (Machin's formula for pi). */
function atanInverse(n: bigint, w: number): bigint {
  let power = (1n << BigInt(w)) / n;
  let sum = power;
  const n2 = n * n;
  for (let k = 3n; power !== 0n; k += 4n) {
    power /= n2;
    sum -= power / k;
    power /= n2;
    sum += power / (k + 2n);
  }
  return sum;
}

/** The functions with `guardBits` bits beyond the working precision (few bits: the tests' negative control). */
export function makeFastTrigonometric(ctx: NumericContext, guardBits: number): FastTrigonometric {
  const { D, precision } = ctx;
  const { toFixed, toDecimal, pow10 } = fixedPointConverter(D, precision);
  const bits = Math.ceil(precision * LOG2_10) + guardBits;
  // pi to the largest scale a reduction may need: the argument's integer bits (below 10^guard, see
  // `reducible`) plus twice the precision for an argument close to a multiple of pi/2.
  const piBits = 3 * bits + Math.ceil(ctx.guard * LOG2_10) + 256;
  const pi = 16n * atanInverse(5n, piBits + 8) - 4n * atanInverse(239n, piBits + 8);
  const halfPi = (w: number): bigint => pi >> BigInt(piBits + 8 - w + 1);
  // Below 10^-(precision/2 + 1), f(x) = x (1 + O(x^2)) rounds to x for sin, atan and asin.
  const tiny = (x: Decimal): boolean => x.e < -precision / 2 - 1;
  const rounded = (x: Decimal): Decimal => x.toSignificantDigits(precision);
  const one = new D(1);

  /** atan(y 2^-w) 2^w for y >= 0: pi/2 - atan(1/y) above 1, halvedArcSeries below. */
  const atanFixed = (y: bigint, w: number): bigint => {
    const unit = 1n << BigInt(w);
    return y > unit ? halfPi(w) - halvedArcSeries((unit << BigInt(w)) / y, w, 1) : halvedArcSeries(y, w, 1);
  };

  /** A fixed-point result at scale w, with x's sign, to a Decimal. */
  const signed = (x: Decimal, n: bigint, w: number): Decimal => toDecimal(x.isNegative() ? -n : n, w, 0);

  /** m and q of x = m 10^q (m a signed integer). */
  const integerForm = (x: Decimal): { m: bigint; q: number } => {
    const s = scaled(x);
    return { m: s.negative ? -s.mantissa : s.mantissa, q: s.exponent };
  };

  const circular = (x: Decimal): Circular => {
    if (x.isZero() || tiny(x)) return { sin: () => rounded(x), cos: () => one };
    const s = scaled(x);
    const integerBits = Math.max(0, Math.ceil((x.e + 1) * LOG2_10));
    let w = bits + leadingZeroBits(x) + integerBits + 16;
    for (;;) {
      // |x| = k pi/2 + r, |r| <= pi/4; r is off by at most k + 1 units at scale w.
      const a = toFixed(s, w);
      const hp = halfPi(w);
      const k = (a + (hp >> 1n)) / hp;
      const r = a - k * hp;
      const good = bitLength(r) - bitLength(k) - 1;
      if (good < bits + 8 && w < piBits) {
        // An argument close to a multiple of pi/2: as many more bits as r has leading zeros.
        w = Math.min(piBits, w + bits + 8 - good + 16);
        continue;
      }
      const W = BigInt(w);
      const unit = 1n << W;
      const r2 = (r * r) >> W;
      let sinR = r;
      let term = r;
      for (let j = 2n; term !== 0n; j += 2n) {
        term = -((term * r2) >> W) / (j * (j + 1n));
        sinR += term;
      }
      let cosR = unit;
      term = unit;
      for (let j = 1n; term !== 0n; j += 2n) {
        term = -((term * r2) >> W) / (j * (j + 1n));
        cosR += term;
      }
      // sin and cos of |x| by the quadrant k mod 4, then sin is odd.
      const quadrant = Number(k % 4n);
      const sinA = [sinR, cosR, -sinR, -cosR][quadrant]!;
      const cosA = [cosR, -sinR, -cosR, sinR][quadrant]!;
      let sin: Decimal | undefined;
      let cos: Decimal | undefined;
      return { sin: () => (sin ??= signed(x, sinA, w)), cos: () => (cos ??= toDecimal(cosA, w, 0)) };
    }
  };

  const atan = (x: Decimal): Decimal => {
    if (x.isZero() || tiny(x)) return rounded(x);
    // Beyond 10^(precision + 2), atan x = pi/2 - 1/x + ... rounds to pi/2.
    if (x.e > precision + 2) return signed(x, halfPi(bits), bits);
    const w = bits + leadingZeroBits(x) + 16;
    return signed(x, atanFixed(toFixed(scaled(x), w), w), w);
  };

  // asin x = atan(x / sqrt(1 - x^2)) = atan(m / sqrt(10^-2q - m^2)) for x = m 10^q: exact up to the root.
  const asin = (x: Decimal): Decimal => {
    if (x.isZero() || tiny(x)) return rounded(x);
    const a = x.abs();
    if (a.gt(1)) return new D(NaN);
    if (a.eq(1)) return signed(x, halfPi(bits), bits);
    const { m, q } = integerForm(a);
    const w = bits + leadingZeroBits(x) + 16;
    const W = BigInt(w);
    const root = isqrt((pow10(-2 * q) - m * m) << (2n * W));
    return signed(x, atanFixed((m << (2n * W)) / root, w), w);
  };

  // acos x = 2 atan(sqrt((1 - x)/(1 + x))), both exact for x = m 10^q: no cancellation near x = 1.
  const acos = (x: Decimal): Decimal => {
    if (x.abs().gt(1)) return new D(NaN);
    if (x.isZero()) return toDecimal(halfPi(bits), bits, 0);
    const { m, q } = integerForm(x);
    const unitQ = q < 0 ? pow10(-q) : 1n;
    const scaledM = q < 0 ? m : m * pow10(q);
    const [num, den] = [unitQ - scaledM, unitQ + scaledM];
    if (num === 0n) return new D(0);
    if (den === 0n) return toDecimal(pi, piBits + 8, 0);
    const extra = Math.max(0, Math.ceil((bitLength(den) - bitLength(num)) / 2));
    const w = bits + extra + 16;
    return toDecimal(2n * atanFixed(isqrt((num << (2n * BigInt(w))) / den), w), w, 0);
  };

  return { circular, atan, asin, acos };
}
