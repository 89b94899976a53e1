import type { Decimal } from 'decimal.js';
import { DomainError } from './algebra.js';
import type { NumericContext } from './context.js';
import { bitLength, DOUBLE_RANGE, isqrt } from './fixed-point.js';

/*
 * Decimal floating point with a BigInt coefficient: the same numbers and the same rounding as
 * decimal.js at a context's precision (every operation correctly rounded, half to even), 5-20x
 * cheaper per operation at 43 digits, because a 150-bit BigInt product or quotient costs a tenth
 * of a microsecond while decimal.js allocates, works in base 10^7 and (for a quotient or a square
 * root) iterates. Each operation forms the exact result, or an exact truncation with a sticky
 * remainder, and rounds it once, which is what decimal.js's documentation promises for plus,
 * minus, times, div and sqrt; test/big-decimal.property.test.ts holds the two to the same digits.
 * Compiled expressions run in this arithmetic and convert to Decimal only at their inputs and
 * outputs (src/numeric/fast-decimal-algebra.ts).
 */

/** (s < 0 ? -1 : 1) * c * 10^q, with n the number of digits of c (0 for zero, which keeps its sign as decimal.js's -0 does). */
export interface BigDecimal {
  readonly s: 1 | -1;
  readonly c: bigint;
  readonly q: number;
  readonly n: number;
}

export interface BigDecimalArithmetic {
  readonly precision: number;
  readonly fromDecimal: (x: Decimal) => BigDecimal;
  readonly toDecimal: (x: BigDecimal) => Decimal;
  readonly add: (a: BigDecimal, b: BigDecimal) => BigDecimal;
  readonly sub: (a: BigDecimal, b: BigDecimal) => BigDecimal;
  readonly mul: (a: BigDecimal, b: BigDecimal) => BigDecimal;
  /** a / b for b != 0 (the caller refuses a zero divisor). */
  readonly div: (a: BigDecimal, b: BigDecimal) => BigDecimal;
  /** sqrt a for a > 0 (the caller refuses the rest). */
  readonly sqrt: (a: BigDecimal) => BigDecimal;
  readonly neg: (a: BigDecimal) => BigDecimal;
  readonly abs: (a: BigDecimal) => BigDecimal;
}

/** decimal.js's exponent range in numericContext: beyond it a value is Infinity or 0 there. */
const MAX_E = 9e15;
const MIN_E = -9e15;
const LOG10_2 = Math.log10(2);
const WORD = 10_000_000n;
const WORD2 = WORD * WORD;

const cache = new WeakMap<NumericContext, BigDecimalArithmetic>();

export function bigDecimalArithmetic(ctx: NumericContext): BigDecimalArithmetic {
  let hit = cache.get(ctx);
  if (!hit) cache.set(ctx, (hit = makeArithmetic(ctx.D, ctx.precision)));
  return hit;
}

/**
 * The arithmetic at any precision (exported for the tests, which also run it against decimal.js
 * at odd precisions). `ties` is only for the negative control.
 */
export function makeArithmetic(D: Decimal.Constructor, p: number, ties: 'even' | 'up' = 'even'): BigDecimalArithmetic {
  const table: bigint[] = [1n];
  const pow10 = (k: number): bigint => {
    for (let i = table.length; i <= k; i++) table.push(table[i - 1]! * 10n);
    return table[k]!;
  };
  const zero = (s: 1 | -1): BigDecimal => ({ s, c: 0n, q: 0, n: 0 });

  /** Digits of c > 0: a double's log10 guesses, comparisons with powers of ten settle it. */
  const digitCount = (c: bigint): number => {
    let d = c < DOUBLE_RANGE ? Math.floor(Math.log10(Number(c))) + 1 : Math.floor((bitLength(c) - 1) * LOG10_2) + 1;
    while (c >= pow10(d)) d++;
    while (d > 1 && c < pow10(d - 1)) d--;
    return d;
  };

  /**
   * s * (c + sticky) * 10^q rounded half to even to p digits, where n = digits of c and `sticky`
   * says a nonzero remainder below c's last digit was dropped (then n > p, so that digit is below
   * the rounding point and the remainder can only break a tie).
   */
  const round = (s: 1 | -1, c: bigint, q: number, n: number, sticky = false): BigDecimal => {
    let out: BigDecimal = { s, c, q, n };
    if (n > p) {
      const k = n - p;
      const unit = pow10(k);
      let t = c / unit;
      const twice = (c - t * unit) * 2n;
      if (twice > unit || (twice === unit && (sticky || ties === 'up' || (t & 1n) === 1n))) t += 1n;
      out = t === pow10(p) ? { s, c: pow10(p - 1), q: q + k + 1, n: p } : { s, c: t, q: q + k, n: p };
    }
    const e = out.q + out.n - 1;
    if (e > MAX_E) throw new DomainError('the value overflows the decimal exponent range (beyond 10^9e15)');
    return e < MIN_E ? zero(s) : out;
  };

  const neg = (a: BigDecimal): BigDecimal => ({ ...a, s: a.s === 1 ? -1 : 1 });
  const abs = (a: BigDecimal): BigDecimal => (a.s === 1 ? a : { ...a, s: 1 });
  const signed = (a: BigDecimal): bigint => (a.s === 1 ? a.c : -a.c);
  const rounded = (a: BigDecimal): BigDecimal => round(a.s, a.c, a.q, a.n);

  /** a + b for nonzero a, b, exactly, then rounded once. */
  const sumOf = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    const big = a.q + a.n >= b.q + b.n ? a : b;
    let small = big === a ? b : a;
    // A term entirely below both the other's last digit and p + 2 digits under its leading digit
    // moves the sum by less than a unit there, and every rounding boundary of the result is a
    // multiple of that unit: one unit just below it (same sign) rounds the same, and keeps the
    // exact sum short when the exponents are far apart.
    const m = Math.min(big.q, big.q + big.n - 1 - p - 2);
    if (small.q + small.n - 1 < m) small = { s: small.s, c: 1n, q: m - 1, n: 1 };
    const q = Math.min(big.q, small.q);
    const total = signed(big) * pow10(big.q - q) + signed(small) * pow10(small.q - q);
    // An exact cancellation is +0 (decimal.js, rounding half to even).
    if (total === 0n) return zero(1);
    const c = total < 0n ? -total : total;
    // The sum has at most one digit more than the longer aligned term (a carry), and fewer only
    // where the terms cancel: counted down from there.
    let n = Math.max(big.n + big.q, small.n + small.q) - q;
    if (c >= pow10(n)) n++;
    while (n > 1 && c < pow10(n - 1)) n--;
    return round(total < 0n ? -1 : 1, c, q, n);
  };

  // decimal.js's signs of zero: x + 0 = x, 0 + y = y, x - 0 = x, 0 - y = -y, and 0 - 0 = +0 when
  // both have one sign (a difference of signs makes it a sum).
  const add = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    if (a.s !== b.s && (a.n === 0 || b.n === 0)) return sub(a, neg(b));
    if (b.n === 0) return rounded(a);
    if (a.n === 0) return rounded(b);
    return sumOf(a, b);
  };
  const sub = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    if (a.s !== b.s && (a.n === 0 || b.n === 0)) return add(a, neg(b));
    if (a.n === 0 && b.n === 0) return zero(1);
    if (a.n === 0) return rounded(neg(b));
    if (b.n === 0) return rounded(a);
    return sumOf(a, neg(b));
  };

  const mul = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    const s = a.s === b.s ? 1 : -1;
    if (a.n === 0 || b.n === 0) return zero(s);
    const c = a.c * b.c;
    // The product of an n_a- and an n_b-digit integer has n_a + n_b - 1 or n_a + n_b digits.
    const n = c >= pow10(a.n + b.n - 1) ? a.n + b.n : a.n + b.n - 1;
    return round(s, c, a.q + b.q, n);
  };

  const div = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    const s = a.s === b.s ? 1 : -1;
    if (a.n === 0) return zero(s);
    // c_a 10^k / c_b has p + 1 or p + 2 integer digits, so its truncation and the remainder's
    // sign decide the rounding.
    const k = p + 1 - a.n + b.n;
    const num = k >= 0 ? a.c * pow10(k) : a.c;
    const den = k >= 0 ? b.c : b.c * pow10(-k);
    const quotient = num / den;
    const n = quotient >= pow10(p + 1) ? p + 2 : p + 1;
    return round(s, quotient, a.q - b.q - k, n, quotient * den !== num);
  };

  const sqrt = (a: BigDecimal): BigDecimal => {
    // c 10^j with q - j even and at least 2p + 2 digits: its integer square root has p + 1 digits
    // or more, and whether it is exact decides a tie.
    let j = Math.max(0, 2 * p + 2 - a.n);
    if ((a.q - j) % 2 !== 0) j++;
    const m = a.c * pow10(j);
    const r = isqrt(m);
    return round(1, r, (a.q - j) / 2, digitCount(r), r * r !== m);
  };

  const fromDecimal = (x: Decimal): BigDecimal => {
    const words = x.d;
    // NaN and the infinities have no digits; the decimal algebra would refuse them at its first check.
    if (!words) throw new DomainError(`${x.toString()} is not a finite number`);
    const s = x.s < 0 ? -1 : 1;
    if (!words[0]) return zero(s);
    // Two base-10^7 words at a time stay below 2^53: half the BigInt operations.
    let c = BigInt(words[0]);
    let i = 1;
    for (; i + 1 < words.length; i += 2) c = c * WORD2 + BigInt(words[i]! * 1e7 + words[i + 1]!);
    if (i < words.length) c = c * WORD + BigInt(words[i]!);
    const n = String(words[0]).length + 7 * (words.length - 1);
    return { s, c, q: x.e - n + 1, n };
  };

  /** The Decimal of the same value, built in decimal.js's documented representation (as decimal-product.ts does). */
  const toDecimal = (x: BigDecimal): Decimal => {
    const z = new D(0) as unknown as { d: number[]; e: number; s: number };
    z.s = x.s;
    if (x.n === 0) return z as unknown as Decimal;
    let digits = x.c.toString();
    const e = x.q + digits.length - 1;
    let end = digits.length;
    while (digits.charCodeAt(end - 1) === 48) end--;
    digits = digits.slice(0, end);
    // The leading word holds the digits down to the one of exponent 7 floor(e / 7).
    const first = ((((e + 1) % 7) + 7) % 7) || 7;
    const words = [Number(digits.slice(0, first))];
    for (let i = first; i < digits.length; i += 7) words.push(Number(digits.slice(i, i + 7).padEnd(7, '0')));
    if (first > digits.length) words[0] = Number(digits.padEnd(first, '0'));
    z.d = words;
    z.e = e;
    return z as unknown as Decimal;
  };

  return { precision: p, fromDecimal, toDecimal, add, sub, mul, div, sqrt, neg, abs };
}
