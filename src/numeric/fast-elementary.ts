import type { Decimal } from 'decimal.js';
import type { NumericContext } from './context.js';
import { sinhCosh } from './elementary.js';
import { bitLength, fixedPointConverter, halvedArcSeries, isqrt, leadingZeroBits, scaled } from './fixed-point.js';

/*
 * exp, ln, sinh, cosh, tanh and sech at a context's working precision, computed in binary fixed
 * point (BigInt) and rounded once to a Decimal: 5-30x faster than decimal.js's own at 43 digits
 * (more at more digits), whose series divide by a factorial in decimal at every term and retry
 * until the rounding is certain.
 *
 * Error: every result is within 0.5 ulp (rounding to `precision` digits) plus about 2^-guardBits
 * relative (the fixed-point work), so within 0.51 ulp at the default guard; test/fast-elementary
 * compares with decimal.js at 20 more digits. Beyond |x| = 1e16 (overflow and underflow of the
 * Decimal exponent) decimal.js's own functions decide, so NaN, Infinity and 0 come out exactly as
 * before. asinh and acosh (below) build on ln.
 */
export interface FastElementary {
  readonly exp: (x: Decimal) => Decimal;
  /** ln x for x > 0 (the caller refuses the rest). */
  readonly ln: (x: Decimal) => Decimal;
  readonly hyperbolic: (x: Decimal) => Hyperbolic;
  readonly asinh: (x: Decimal) => Decimal;
  /** acosh x (NaN below 1, as decimal.js's: the caller refuses it). */
  readonly acosh: (x: Decimal) => Decimal;
  /** atanh x (decimal.js's +-Infinity or NaN from |x| = 1 on: the caller refuses them). */
  readonly atanh: (x: Decimal) => Decimal;
}

/**
 * sinh, cosh, tanh and sech of one argument, each rounded on first use: CAS derivatives of tanh(u)
 * hold tanh(u), sech(u)^2, ... of one shared u, and tanh and sech from the fixed-point pair cost a
 * BigInt division instead of a decimal one.
 */
export interface Hyperbolic {
  readonly sinh: () => Decimal;
  readonly cosh: () => Decimal;
  readonly tanh: () => Decimal;
  readonly sech: () => Decimal;
}

function memo(f: () => Decimal): () => Decimal {
  let value: Decimal | undefined;
  return () => (value ??= f());
}

/** Bits beyond the working precision: 2^-40 relative keeps the result within 0.51 ulp. */
export const GUARD_BITS = 40;

const LOG2_10 = Math.log2(10);
/** Arguments from 1e16 on go to decimal.js (the result's exponent leaves Number's exact range). */
const LARGE_EXPONENT = 16;

/** e^r * 2^w for r = value * 2^-w, |value| up to 2.5: Taylor series of r / 2^s, then s squarings. */
function expFixed(r: bigint, w: number): bigint {
  // About sqrt(w) halvings balance the number of series terms against the squarings; the integer r
  // read at scale w + s is r / 2^s, and the s extra bits absorb the doubling error of each squaring.
  const s = Math.ceil(Math.sqrt(w));
  const scale = BigInt(w + s);
  const one = 1n << scale;
  let term = one;
  let sum = one;
  for (let j = 1n; term !== 0n; j++) {
    term = ((term * r) >> scale) / j;
    sum += term;
  }
  for (let i = 0; i < s; i++) sum = (sum * sum) >> scale;
  return sum >> BigInt(s);
}

/** atanh(1/n) * 2^w for an integer n >= 2: sum of n^-(2k+1) / (2k+1), small divisions only. */
function atanhInverse(n: bigint, w: number): bigint {
  let power = (1n << BigInt(w)) / n;
  let sum = power;
  const n2 = n * n;
  for (let k = 3n; power !== 0n; k += 2n) {
    power /= n2;
    sum += power / k;
  }
  return sum;
}

const cache = new WeakMap<NumericContext, FastElementary>();

/** The fast functions of a context (its constants computed once). */
export function fastElementary(ctx: NumericContext): FastElementary {
  let f = cache.get(ctx);
  if (!f) {
    f = makeFastElementary(ctx, GUARD_BITS);
    cache.set(ctx, f);
  }
  return f;
}

/**
 * The functions with `guardBits` bits beyond the working precision. Exported for the negative
 * control: with too few guard bits the accuracy test must fail.
 */
export function makeFastElementary(ctx: NumericContext, guardBits: number): FastElementary {
  const { D, precision } = ctx;
  const { pow10, toFixed, toDecimal } = fixedPointConverter(D, precision);
  const one = new D(1);
  const bits = Math.ceil(precision * LOG2_10) + guardBits;
  // ln 2 and ln 10 to 2 * bits + 160 bits: ln near 1 works at up to 2 * bits + 40 (see below), and
  // k ln 10 for |k| < 2^54 needs 64 more bits than the scale it is used at.
  const constantBits = 2 * bits + 160;
  const ln2 = 2n * atanhInverse(3n, constantBits);
  const ln10 = 3n * ln2 + 2n * atanhInverse(9n, constantBits); // ln 10 = 3 ln 2 + ln(5/4)
  /** k ln 10 at scale w, to within a unit for |k| < 2^54. */
  const kLn10 = (k: number, w: number): bigint => (BigInt(k) * ln10) >> BigInt(constantBits - w);
  const toNumber = (n: bigint, w: number): number => Number(n >> BigInt(w - 53)) / 2 ** 53;

  /** |x| = e^r 10^k with |r| <= ln(10)/2: the fixed-point r at scale `bits` and k. */
  const reduce = (x: Decimal): { r: bigint; k: number } => {
    const a = toFixed(scaled(x), bits);
    const k = Math.round(toNumber(a, bits) / Math.LN10);
    return { r: a - kLn10(k, bits), k };
  };

  /**
   * ln(m 2^-w) * 2^w for m 2^-w within a factor of about 3.2 of 1. y0 = ln m to double precision;
   * then ln m = y0 + ln(1 + t), t = m e^-y0 - 1 ~ 1e-16, and ln(1 + t) = 2 atanh(u), u = t / (2 + t):
   * a few terms of u^(2k+1) / (2k+1) finish it. Within 2^-12 of 1, t = m - 1 itself converges as
   * fast as the exp would take (no exp).
   */
  const lnNearOne = (m: bigint, w: number): bigint => {
    const unit = 1n << BigInt(w);
    const y0 = Math.log(toNumber(m, w));
    const y = Math.abs(y0) < 2 ** -12 ? 0n : BigInt(Math.round(y0 * 2 ** 53)) << BigInt(w - 53);
    const t = y === 0n ? m - unit : ((m * expFixed(-y, w)) >> BigInt(w)) - unit;
    // atanh is odd: the series runs on |u| (a negative power would floor to -1 forever).
    const u = ((t < 0n ? -t : t) << BigInt(w)) / (2n * unit + t);
    const u2 = (u * u) >> BigInt(w);
    let atanh = u;
    let power = u;
    for (let k = 3n; power !== 0n; k += 2n) {
      power = (power * u2) >> BigInt(w);
      atanh += power / k;
    }
    return y + (t < 0n ? -2n : 2n) * atanh;
  };

  const exp = (x: Decimal): Decimal => {
    if (x.e >= LARGE_EXPONENT || !x.isFinite()) return D.exp(x);
    // |x| < 10^-(precision+1): e^x = 1 + x rounds to 1.
    if (x.isZero() || x.e < -precision - 1) return one;
    const { r, k } = reduce(x);
    return x.isNegative() ? toDecimal(expFixed(-r, bits), bits, -k) : toDecimal(expFixed(r, bits), bits, k);
  };

  /** ln x for a finite x > 0 other than 1, at a scale w (returned) that keeps its relative accuracy. */
  const lnAtScale = (x: Decimal): { value: bigint; w: number } => {
    // Near 1 the result is small and fixed point would lose its relative accuracy: as many extra
    // bits as ln x has leading zero bits (for x of at most `precision` digits |x - 1| >=
    // 10^-precision, so at most bits + 40 more; there e10 = 0 and ln 10 is not needed).
    let w = bits;
    if (x.e === 0 || x.e === -1) {
      const d = x.minus(one);
      if (d.e < 0) w += Math.ceil(-d.e * LOG2_10);
    }
    // x = m 10^e10 with m in [1/sqrt(10), sqrt(10)), so |ln m| <= 1.16.
    const s = scaled(x);
    let e10 = s.exponent + s.digits;
    let m = (s.mantissa << BigInt(w)) / pow10(s.digits);
    if (toNumber(m, w) < 1 / Math.sqrt(10)) {
      m *= 10n;
      e10 -= 1;
    }
    return { value: kLn10(e10, w) + lnNearOne(m, w), w };
  };

  const ln = (x: Decimal): Decimal => {
    if (!x.isFinite()) return D.ln(x);
    if (x.eq(1)) return new D(0);
    const { value, w } = lnAtScale(x);
    return toDecimal(value, w, 0);
  };

  /** sinh = sn 2^-bits 10^se and cosh = cn 2^-bits 10^ce, as fixed-point pairs, to four Decimals. */
  const quartet = (sn: bigint, se: number, cn: bigint, ce: number): Hyperbolic => ({
    sinh: memo(() => toDecimal(sn, bits, se)),
    cosh: memo(() => toDecimal(cn, bits, ce)),
    tanh: memo(() => toDecimal((sn << BigInt(bits)) / cn, bits, se - ce)),
    sech: memo(() => toDecimal((1n << BigInt(2 * bits)) / cn, bits, -ce)),
  });
  const fromDecimals = (sinh: Decimal, cosh: Decimal): Hyperbolic => ({
    sinh: () => sinh,
    cosh: () => cosh,
    tanh: memo(() => sinh.div(cosh)),
    sech: memo(() => one.div(cosh)),
  });

  const hyperbolic = (x: Decimal): Hyperbolic => {
    if (x.e >= LARGE_EXPONENT || !x.isFinite()) {
      const { sinh, cosh } = sinhCosh(D, x);
      return fromDecimals(sinh, cosh);
    }
    // |x| < 10^-(precision/2 + 1): sinh x = x (1 + x^2/6 + ...) and cosh x = 1 + x^2/2 round to x and 1.
    if (x.isZero() || x.e < -precision / 2 - 1) return fromDecimals(x, one);
    const unit = 1n << BigInt(bits);
    if (x.e < 0 && x.abs().lt(0.5)) {
      // Below 1/2, e^x - e^-x would cancel: the series cosh x = sum x^2k/(2k)! and
      // sinh x = x sum x^2k/(2k+1)!, the latter scaled by x at the end for relative accuracy.
      const s = scaled(x);
      const x2 = ((s.mantissa * s.mantissa) << BigInt(bits)) / pow10(-2 * s.exponent);
      let term = unit;
      let cosh = unit;
      let sinhOverX = unit;
      for (let k = 1n; term !== 0n; k += 2n) {
        term = ((term * x2) >> BigInt(bits)) / (k * (k + 1n));
        cosh += term;
        sinhOverX += term / (k + 2n);
      }
      return quartet((s.negative ? -s.mantissa : s.mantissa) * sinhOverX, s.exponent, cosh, 0);
    }
    // From 1/2 on, both from one e^|x| = f 10^k: e^-|x| = 10^-k / f is negligible once 10^-2k is.
    const { r, k } = reduce(x);
    const f = expFixed(r, bits);
    const g = 2 * k > precision + 4 ? 0n : (unit * unit) / f / pow10(2 * k);
    const sinh = (f - g) >> 1n;
    return quartet(x.isNegative() ? -sinh : sinh, k, (f + g) >> 1n, k);
  };

  // v 2^-w = f 2^k with f in [1/sqrt 2, sqrt 2).
  const lnFixed = (v: bigint, w: number): bigint => {
    let k = bitLength(v) - 1 - w;
    const at = (j: number): bigint => (j >= 0 ? v >> BigInt(j) : v << BigInt(-j));
    if (toNumber(at(k), w) > Math.SQRT2) k += 1;
    return ((BigInt(k) * ln2) >> BigInt(constantBits - w)) + lnNearOne(at(k), w);
  };

  const atanhFixed = (y: bigint, w: number): bigint => halvedArcSeries(y, w, -1);

  /*
   * The inverse hyperbolic functions in fixed point, one rounding each. decimal.js's own raise
   * their precision by the argument's exponent (a 19000-digit square root at a diverged point
   * |x| ~ 1e19000: seconds per call), and its asinh of a negative argument is wrong
   * (src/interval/interval.ts). Where a formula would cancel, the difference is formed exactly from
   * the decimal's integer digits (1 - x, x - 1), and a small result gets as many more bits as it
   * has leading zeros.
   */
  // Below 10^-(precision/2 + 1), atanh x and asinh x = x (1 + O(x^2)) round to x.
  const tiny = (x: Decimal): boolean => x.e < -precision / 2 - 1;
  const integerForm = (x: Decimal): { m: bigint; unit: bigint } => {
    const s = scaled(x);
    // x = m / unit exactly (x is not an integer here, so its exponent is negative).
    return { m: s.mantissa, unit: pow10(-s.exponent) };
  };
  const withSign = (x: Decimal, n: bigint, w: number): Decimal => toDecimal(x.isNegative() ? -n : n, w, 0);
  // From 10^ceil((precision + 1)/2) on, x^2 +- 1 rounds to x^2: ln |x| + ln 2, off by 1/(4x^2) <
  // 10^-(precision+1); below, ln(|x| + sqrt(x^2 +- 1)) has no cancellation from |x| = 1/2 (asinh)
  // or 3/2 (acosh) on: its argument exceeds 1.6.
  const large = Math.ceil((precision + 1) / 2);
  const lnSum = (a: Decimal, plusOne: boolean): Decimal => {
    if (a.e >= large) {
      const { value, w } = lnAtScale(a);
      return toDecimal(value + (ln2 >> BigInt(constantBits - w)), w, 0);
    }
    const w = bits + 16;
    const unit2 = 1n << BigInt(2 * w);
    const y = toFixed(scaled(a), w);
    return toDecimal(lnFixed(y + isqrt(plusOne ? y * y + unit2 : y * y - unit2), w), w, 0);
  };

  // asinh |x| = atanh(|x| / sqrt(1 + x^2)) up to 1/2 (that ratio stays below 0.45), then lnSum.
  const asinh = (x: Decimal): Decimal => {
    if (!x.isFinite() || x.isZero() || tiny(x)) return x.isFinite() ? x.toSignificantDigits(precision) : D.asinh(x);
    const a = x.abs();
    if (a.gt(0.5)) {
      const r = lnSum(a, true);
      return x.isNegative() ? r.neg() : r;
    }
    const w = bits + leadingZeroBits(a) + 16;
    const W = BigInt(w);
    const y = toFixed(scaled(a), w);
    return withSign(x, atanhFixed((y << W) / isqrt((1n << (2n * W)) + y * y), w), w);
  };

  // acosh x = 2 atanh(sqrt((x - 1)/(x + 1))) below 3/2 (the root below 0.45), then lnSum.
  const acosh = (x: Decimal): Decimal => {
    if (!x.isFinite() || x.lt(1)) return D.acosh(x);
    if (x.eq(1)) return new D(0);
    if (x.gte(1.5)) return lnSum(x, false);
    const { m, unit } = integerForm(x);
    const [num, den] = [m - unit, m + unit];
    const w = bits + Math.max(0, Math.ceil((bitLength(den) - bitLength(num)) / 2)) + 16;
    return toDecimal(2n * atanhFixed(isqrt((num << (2n * BigInt(w))) / den), w), w, 0);
  };

  // atanh |x| = (ln(1 + |x|) - ln(1 - |x|)) / 2 from 1/2 on (exact differences), the halved series below.
  const atanh = (x: Decimal): Decimal => {
    if (!x.isFinite() || x.isZero() || tiny(x)) return x.isFinite() ? x.toSignificantDigits(precision) : D.atanh(x);
    const a = x.abs();
    if (a.gte(1)) return D.atanh(x);
    const w = bits + leadingZeroBits(a) + 16;
    if (a.lte(0.5)) return withSign(x, atanhFixed(toFixed(scaled(a), w), w), w);
    const { m, unit } = integerForm(a);
    const W = BigInt(w);
    return withSign(x, (lnFixed((unit + m) << W, w) - lnFixed((unit - m) << W, w)) >> 1n, w);
  };

  return { exp, ln, hyperbolic, asinh, acosh, atanh };
}
