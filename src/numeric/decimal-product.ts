import type { Decimal } from 'decimal.js';
import type { NumericContext } from './context.js';

const BASE = 1e7;

/** A Decimal's documented representation (digits `d` in base 10^7, exponent `e`, sign `s`), writable. */
interface Representation {
  d: number[];
  e: number;
  s: number;
}

/**
 * a * b rounded to the context's precision: the same value as decimal.js's times (the same
 * schoolbook product in base 10^7, the same final rounding through toSignificantDigits), 1.6x
 * faster at 43 digits. decimal.js splits each partial sum with `%` on numbers beyond 2^31, which
 * V8 runs as a call to fmod; a floor division and a subtraction give the same words. The product
 * is the dearest step of evaluating a polynomial. `rounding` is only for the negative control.
 */
export function decimalProduct(ctx: NumericContext, rounding: Decimal.Rounding = ctx.D.rounding): (a: Decimal, b: Decimal) => Decimal {
  const { D, precision } = ctx;
  return (a, b) => {
    let xd = a.d;
    let yd = b.d;
    // Zero, infinities and NaN: decimal.js's rules.
    if (!xd || !yd || !xd[0] || !yd[0]) return a.times(b);
    if (xd.length < yd.length) [xd, yd] = [yd, xd];
    const xl = xd.length;
    const yl = yd.length;
    const r: number[] = new Array<number>(xl + yl).fill(0);
    for (let i = yl - 1; i >= 0; i--) {
      const yi = yd[i]!;
      let carry = 0;
      let k = xl + i;
      for (; k > i; k--) {
        const t = r[k]! + yi * xd[k - i - 1]! + carry;
        carry = Math.floor(t / BASE);
        r[k] = t - carry * BASE;
      }
      r[k] = carry;
    }
    while (r[r.length - 1] === 0) r.pop();
    // Word exponent of the leading word; a zero leading word is dropped.
    let e = Math.floor(a.e / 7) + Math.floor(b.e / 7);
    if (r[0] === 0) r.shift();
    else e++;
    const z = new D(0) as unknown as Representation;
    z.d = r;
    z.s = a.s * b.s;
    z.e = 7 * e + String(r[0]).length - 1;
    return (z as unknown as Decimal).toSignificantDigits(precision, rounding);
  };
}
