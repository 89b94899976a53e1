import type { Decimal } from 'decimal.js';
import { directedContexts } from '../numeric/context.js';

/*
 * The re-checker's own interval arithmetic, written apart from src/interval on purpose (it must not
 * share a bug with the code that produced a certificate). It is deliberately minimal and blunt:
 * + - * / integer powers and sqrt with directed rounding; exp, log, atan, tanh monotone with a
 * wide error allowance; sin and cos by a second-order mean-value form (|sin''|, |cos''| <= 1), which
 * needs no case analysis of extrema. Everything else is rewritten in terms of these.
 */

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

export interface Iv {
  readonly lo: Decimal;
  readonly hi: Decimal;
}

export class Arith {
  private readonly dn: Decimal.Constructor;
  private readonly upc: Decimal.Constructor;
  /** Where transcendental values are computed: 12 digits above the working precision. */
  private readonly hp: Decimal.Constructor;
  private readonly rel: Decimal;
  private readonly abs: Decimal;
  private piValue?: Iv;
  private readonly shrink: Decimal;
  private readonly grow: Decimal;

  constructor(readonly precision: number) {
    const c = directedContexts(precision);
    this.dn = c.down;
    this.upc = c.up;
    this.hp = directedContexts(precision + 12).up;
    // 10^6 ulps at the evaluation precision, relative; a tiny absolute term for values near 0.
    this.rel = new this.upc(`1e-${precision + 6}`);
    this.abs = new this.upc(`1e-${precision + 10}`);
    this.shrink = this.dn.sub(1, `1e-${precision - 1}`);
    this.grow = this.upc.add(1, `1e-${precision - 1}`);
  }

  num(text: string | Decimal): Iv {
    const v = new this.hp(text);
    if (!v.isFinite()) throw new CheckFailure(`not a finite number: ${String(text)}`);
    const lo = new this.dn(text);
    return { lo: lo.toSignificantDigits(this.precision, 3), hi: lo.toSignificantDigits(this.precision, 2) };
  }

  ratio(p: bigint, q: bigint): Iv {
    return { lo: this.dn.div(p.toString(), q.toString()), hi: this.upc.div(p.toString(), q.toString()) };
  }

  has0(a: Iv): boolean {
    return !a.lo.gt(0) && !a.hi.lt(0);
  }

  add(a: Iv, b: Iv): Iv {
    return { lo: this.dn.add(a.lo, b.lo), hi: this.upc.add(a.hi, b.hi) };
  }

  sub(a: Iv, b: Iv): Iv {
    return { lo: this.dn.sub(a.lo, b.hi), hi: this.upc.sub(a.hi, b.lo) };
  }

  neg(a: Iv): Iv {
    return { lo: a.hi.neg(), hi: a.lo.neg() };
  }

  mul(a: Iv, b: Iv): Iv {
    const lows = [this.dn.mul(a.lo, b.lo), this.dn.mul(a.lo, b.hi), this.dn.mul(a.hi, b.lo), this.dn.mul(a.hi, b.hi)];
    const highs = [this.upc.mul(a.lo, b.lo), this.upc.mul(a.lo, b.hi), this.upc.mul(a.hi, b.lo), this.upc.mul(a.hi, b.hi)];
    return { lo: this.dn.min(...lows), hi: this.upc.max(...highs) };
  }

  inv(b: Iv): Iv {
    if (this.has0(b)) throw new CheckFailure('division by an interval containing 0');
    return { lo: this.dn.div(1, b.hi), hi: this.upc.div(1, b.lo) };
  }

  div(a: Iv, b: Iv): Iv {
    return this.mul(a, this.inv(b));
  }

  sqr(a: Iv): Iv {
    const m = a.lo.abs().gt(a.hi.abs()) ? a.lo.abs() : a.hi.abs();
    const n = a.lo.abs().lt(a.hi.abs()) ? a.lo.abs() : a.hi.abs();
    return { lo: this.has0(a) ? new this.dn(0) : this.dn.mul(n, n), hi: this.upc.mul(m, m) };
  }

  powInt(a: Iv, n: bigint): Iv {
    if (n < 0n) return this.inv(this.powInt(a, -n));
    if (n === 0n) return this.ratio(1n, 1n);
    if (n % 2n === 0n) return this.powInt(this.sqr(a), n / 2n);
    return n === 1n ? a : this.mul(a, this.powInt(a, n - 1n));
  }

  /** Square root; `allowZero` for a quantity known to be >= 0 (a discriminant), else 0 is refused. */
  sqrt(a: Iv, allowZero = false): Iv {
    if (a.hi.lt(0) || (!allowZero && !a.lo.gt(0))) throw new CheckFailure('sqrt of an interval reaching 0 or below');
    let lo = a.lo.gt(0) ? this.dn.sqrt(a.lo) : new this.dn(0);
    // Directed rounding of decimal.js's sqrt is checked, not assumed.
    while (this.upc.mul(lo, lo).gt(a.lo)) lo = this.dn.mul(lo, this.shrink);
    let hi = this.upc.sqrt(a.hi);
    while (this.dn.mul(hi, hi).lt(a.hi)) hi = this.upc.mul(hi, this.grow);
    return { lo, hi };
  }

  /** A value computed at high precision, widened and rounded outward. */
  private around(v: Decimal): Iv {
    if (!v.isFinite()) throw new CheckFailure('overflow');
    const e = this.upc.add(this.upc.mul(v.abs(), this.rel), this.abs);
    return { lo: this.dn.sub(v, e), hi: this.upc.add(v, e) };
  }

  private mono(a: Iv, f: (x: Decimal) => Decimal): Iv {
    return { lo: this.around(f(a.lo)).lo, hi: this.around(f(a.hi)).hi };
  }

  exp(a: Iv): Iv {
    const r = this.mono(a, (x) => this.hp.exp(x));
    return r.lo.lt(0) ? { lo: new this.dn(0), hi: r.hi } : r;
  }

  log(a: Iv): Iv {
    if (!a.lo.gt(0)) throw new CheckFailure('log of an interval reaching 0 or below');
    return this.mono(a, (x) => this.hp.ln(x));
  }

  atan(a: Iv): Iv {
    return this.mono(a, (x) => this.hp.atan(x));
  }

  tanh(a: Iv): Iv {
    // Large |x| from exp (decimal.js's tanh series is slow there); both sides widened the same way.
    const f = (x: Decimal): Decimal => (x.abs().lt(1) ? this.hp.tanh(x) : this.hp.sub(1, this.hp.div(2, this.hp.exp(x.times(2)).plus(1))));
    return this.mono(a, f);
  }

  /**
   * sin/cos on an interval by the second-order mean-value form around a short centre c
   * (P/2 + 2 digits, so decimal.js's argument-length-dependent precision stays below its pi):
   * f(X) in f(c) + f'(c)(X - c) + [-1/2, 1/2](X - c)^2, as |f''| <= 1.
   */
  private trig(a: Iv, f: (x: Decimal) => Decimal, df: (x: Decimal) => Decimal): Iv {
    const c = this.hp.add(a.lo, a.hi).div(2).toSignificantDigits(Math.ceil(this.precision / 2) + 2);
    const d = this.sub(a, { lo: c, hi: c });
    const lin = this.add(this.around(f(c)), this.mul(this.around(df(c)), d));
    const q = this.upc.mul(this.sqr(d).hi, '0.5');
    const lo = this.dn.sub(lin.lo, q);
    const hi = this.upc.add(lin.hi, q);
    return { lo: lo.lt(-1) ? new this.dn(-1) : lo, hi: hi.gt(1) ? new this.upc(1) : hi };
  }

  sin(a: Iv): Iv {
    return this.trig(a, (x) => this.hp.sin(x), (x) => this.hp.cos(x));
  }

  cos(a: Iv): Iv {
    return this.trig(a, (x) => this.hp.cos(x), (x) => this.hp.sin(x).neg());
  }

  pi(): Iv {
    return (this.piValue ??= this.around(this.hp.acos(-1)));
  }
}
