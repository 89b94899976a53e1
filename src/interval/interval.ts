import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import { directedContexts } from '../numeric/context.js';

/**
 * A closed interval [lo, hi] of reals with decimal endpoints. Every operation of
 * `IntervalArithmetic` returns an interval that contains f(x) for every x in the argument(s):
 * endpoints are rounded outward (lower bounds toward -infinity, upper bounds toward +infinity), and
 * transcendental values are widened by far more than decimal.js's stated error (correct rounding,
 * 1 ulp at worst) at a higher precision than the result's.
 */
export interface Interval {
  readonly lo: Decimal;
  readonly hi: Decimal;
}

/** Extra digits at which transcendental functions are evaluated before being widened and rounded. */
const EXTRA = 10;
/** Relative widening of a transcendental value: 10^-(P+5) is 10^4 ulps at the evaluation precision P+10. */
const REL_WIDEN = 5;

type Monotone = (D: Decimal.Constructor, x: Decimal) => Decimal;

export class IntervalArithmetic {
  readonly down: Decimal.Constructor;
  readonly up: Decimal.Constructor;
  /** Evaluation constructor for transcendental functions (P + EXTRA digits; its rounding mode is irrelevant). */
  private readonly near: Decimal.Constructor;
  private readonly relTol: Decimal;
  private readonly absTol: Decimal;
  private piCache: Interval | undefined;
  private eCache: Interval | undefined;

  constructor(readonly precision: number) {
    const ctx = directedContexts(precision);
    this.down = ctx.down;
    this.up = ctx.up;
    this.near = directedContexts(Math.min(precision + EXTRA, 1010)).down;
    this.relTol = new this.up(`1e-${precision + REL_WIDEN}`);
    this.absTol = new this.up(`1e-${precision + EXTRA - 2}`);
  }

  // ---- construction and inspection --------------------------------------------------------------

  point(x: Decimal | string | number): Interval {
    // The constructor keeps every digit given; a point with more digits than the precision is
    // then rounded outward, not to nearest.
    const v = new this.down(x);
    if (!v.isFinite()) throw new DomainError('a non-finite value');
    return { lo: v.toSignificantDigits(this.precision, this.down.ROUND_FLOOR), hi: v.toSignificantDigits(this.precision, this.up.ROUND_CEIL) };
  }

  make(lo: Decimal, hi: Decimal): Interval {
    if (lo.gt(hi)) throw new RangeError(`empty interval [${lo.toString()}, ${hi.toString()}]`);
    return { lo, hi };
  }

  /** The exact rational num/den, enclosed. */
  rational(num: bigint, den: bigint): Interval {
    const n = num.toString();
    const d = den.toString();
    return { lo: this.down.div(n, d), hi: this.up.div(n, d) };
  }

  mid(a: Interval): Decimal {
    return this.near.add(a.lo, a.hi).div(2);
  }

  /** Upper bound on the half-width. */
  rad(a: Interval): Decimal {
    return this.up.sub(a.hi, a.lo).div(2);
  }

  width(a: Interval): Decimal {
    return this.up.sub(a.hi, a.lo);
  }

  contains(a: Interval, x: Decimal): boolean {
    return a.lo.lte(x) && x.lte(a.hi);
  }

  /** inner strictly inside outer (both ends): the Krawczyk test. */
  strictlyInside(inner: Interval, outer: Interval): boolean {
    return inner.lo.gt(outer.lo) && inner.hi.lt(outer.hi);
  }

  subset(inner: Interval, outer: Interval): boolean {
    return inner.lo.gte(outer.lo) && inner.hi.lte(outer.hi);
  }

  overlaps(a: Interval, b: Interval): boolean {
    return a.lo.lte(b.hi) && b.lo.lte(a.hi);
  }

  hull(a: Interval, b: Interval): Interval {
    return { lo: a.lo.lt(b.lo) ? a.lo : b.lo, hi: a.hi.gt(b.hi) ? a.hi : b.hi };
  }

  intersect(a: Interval, b: Interval): Interval | undefined {
    const lo = a.lo.gt(b.lo) ? a.lo : b.lo;
    const hi = a.hi.lt(b.hi) ? a.hi : b.hi;
    return lo.lte(hi) ? { lo, hi } : undefined;
  }

  containsZero(a: Interval): boolean {
    return a.lo.lte(0) && a.hi.gte(0);
  }

  // ---- field operations (directed rounding) -----------------------------------------------------

  add(a: Interval, b: Interval): Interval {
    return { lo: this.down.add(a.lo, b.lo), hi: this.up.add(a.hi, b.hi) };
  }

  sub(a: Interval, b: Interval): Interval {
    return { lo: this.down.sub(a.lo, b.hi), hi: this.up.sub(a.hi, b.lo) };
  }

  neg(a: Interval): Interval {
    return { lo: a.hi.neg(), hi: a.lo.neg() };
  }

  /** min and max over the four endpoint combinations, each computed rounded down and rounded up. */
  private corners(a: Interval, b: Interval, op: 'mul' | 'div'): Interval {
    let lo = this.down[op](a.lo, b.lo);
    let hi = this.up[op](a.lo, b.lo);
    for (const [x, y] of [
      [a.lo, b.hi],
      [a.hi, b.lo],
      [a.hi, b.hi],
    ] as const) {
      const l = this.down[op](x, y);
      const h = this.up[op](x, y);
      if (l.lt(lo)) lo = l;
      if (h.gt(hi)) hi = h;
    }
    return { lo, hi };
  }

  mul(a: Interval, b: Interval): Interval {
    return this.corners(a, b, 'mul');
  }

  div(a: Interval, b: Interval): Interval {
    if (this.containsZero(b)) throw new DomainError('division by an interval containing 0');
    return this.corners(a, b, 'div');
  }

  /** |x|^n for x >= 0 by repeated squaring, every product rounded the same way: a one-sided bound. */
  private powAbs(D: Decimal.Constructor, x: Decimal, n: bigint): Decimal {
    let result = new D(1);
    let base = x.abs();
    let k = n;
    while (k > 0n) {
      if (k & 1n) result = D.mul(result, base);
      k >>= 1n;
      if (k > 0n) base = D.mul(base, base);
    }
    return result;
  }

  /** a^n for an integer n; negative n needs 0 outside a. */
  powInt(a: Interval, n: bigint): Interval {
    if (n === 0n) return { lo: new this.down(1), hi: new this.up(1) };
    if (n < 0n) {
      if (this.containsZero(a)) throw new DomainError('division by zero (negative power of an interval containing 0)');
      return this.div(this.rational(1n, 1n), this.powInt(a, -n));
    }
    const even = n % 2n === 0n;
    if (a.lo.gte(0)) return { lo: this.powAbs(this.down, a.lo, n), hi: this.powAbs(this.up, a.hi, n) };
    if (a.hi.lte(0)) {
      // x^n on x <= 0: |x|^n with |hi| <= |lo|; odd powers are negative.
      const small = { lo: this.powAbs(this.down, a.hi, n), hi: this.powAbs(this.up, a.hi, n) };
      const large = { lo: this.powAbs(this.down, a.lo, n), hi: this.powAbs(this.up, a.lo, n) };
      return even ? { lo: small.lo, hi: large.hi } : { lo: large.hi.neg(), hi: small.lo.neg() };
    }
    // 0 inside: even powers reach 0, odd powers are increasing.
    const left = this.powAbs(this.up, a.lo, n);
    const right = this.powAbs(this.up, a.hi, n);
    if (even) return { lo: new this.down(0), hi: left.gt(right) ? left : right };
    return { lo: left.neg(), hi: right };
  }

  /**
   * sqrt, with each bound checked by squaring in the opposite rounding direction (lo^2 <= a.lo and
   * hi^2 >= a.hi), so its correctness does not rest on decimal.js's sqrt being correctly rounded.
   * `atZero: 'error'` refuses an interval reaching 0 (sqrt is not smooth there: losses);
   * 'clamp' takes the root of max(a, 0), for quantities known to be >= 0 (a discriminant).
   */
  sqrt(a: Interval, atZero: 'error' | 'clamp' = 'error'): Interval {
    if (a.lo.lte(0)) {
      if (atZero === 'error' || a.hi.lt(0)) throw new DomainError(a.hi.lte(0) ? 'sqrt of a negative number' : 'sqrt is not smooth at 0 (interval reaches 0)');
    }
    const lo0 = a.lo.lte(0) ? new this.down(0) : this.down.sqrt(a.lo);
    let lo = lo0;
    while (!lo.isZero() && this.up.mul(lo, lo).gt(a.lo)) lo = this.nextDown(lo);
    let hi = this.up.sqrt(a.hi);
    while (this.down.mul(hi, hi).lt(a.hi)) hi = this.nextUp(hi);
    return { lo, hi };
  }

  private ulp(x: Decimal): Decimal {
    const e = x.isZero() ? -this.precision * 2 : x.e;
    return new this.up(`1e${e - this.precision + 1}`);
  }

  private nextDown(x: Decimal): Decimal {
    return this.down.sub(x, this.ulp(x));
  }

  private nextUp(x: Decimal): Decimal {
    return this.up.add(x, this.ulp(x));
  }

  // ---- transcendental functions -----------------------------------------------------------------

  /**
   * Encloses a value y computed at precision P + EXTRA: widened by 10^-(P+5) relative (10^4 times
   * decimal.js's 1-ulp bound) plus `absErr`, then rounded outward to P digits.
   */
  private widen(y: Decimal, absErr?: Decimal): Interval {
    if (!y.isFinite()) throw new DomainError('overflow in a transcendental function');
    let err = this.up.mul(y.abs(), this.relTol);
    if (absErr) err = this.up.add(err, absErr);
    return { lo: this.down.sub(y, err), hi: this.up.add(y, err) };
  }

  /** f increasing: [lower bound of f(lo), upper bound of f(hi)]. */
  private increasing(a: Interval, f: Monotone): Interval {
    if (a.lo.eq(a.hi)) return this.widen(f(this.near, a.lo));
    return { lo: this.widen(f(this.near, a.lo)).lo, hi: this.widen(f(this.near, a.hi)).hi };
  }

  /** Runs decimal.js, turning its precision-limit error (pi/ln10 run out near 1025 digits) into DomainError. */
  private guarded<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new DomainError(`${what}: ${(err as Error).message} (precision too high or argument too large)`);
    }
  }

  exp(a: Interval): Interval {
    return this.guarded('exp', () => {
      const r = this.increasing(a, (D, x) => D.exp(x));
      // exp > 0: a lower bound that underflowed below 0 by the widening is clamped.
      return r.lo.isNegative() ? { lo: new this.down(0), hi: r.hi } : r;
    });
  }

  log(a: Interval): Interval {
    if (a.lo.lte(0)) throw new DomainError('log needs a positive argument (interval reaches 0 or below)');
    return this.guarded('log', () => this.increasing(a, (D, x) => D.ln(x)));
  }

  atan(a: Interval): Interval {
    return this.guarded('atan', () => this.increasing(a, (D, x) => D.atan(x)));
  }

  /**
   * The inverse trigonometric and hyperbolic functions are built from interval log, sqrt and atan,
   * not taken from decimal.js: its asinh(-1) returns +0.88137... and its acosh is off by 10^8 ulps
   * at 55 digits (found by the enclosure property tests), so only exp, ln, sin, cos, atan and the
   * series sinh/cosh/tanh below 1 are trusted, each widened.
   */
  private monotonePoints(a: Interval, f: (x: Interval) => Interval, increasing = true): Interval {
    const l = f(this.point(a.lo));
    const h = a.lo.eq(a.hi) ? l : f(this.point(a.hi));
    return increasing ? { lo: l.lo, hi: h.hi } : { lo: h.lo, hi: l.hi };
  }

  asinh(a: Interval): Interval {
    const one = this.rational(1n, 1n);
    // asinh x = sign(x) ln(|x| + sqrt(x^2 + 1)): no cancellation inside the log.
    return this.monotonePoints(a, (p) => {
      const s = p.lo.isNegative() ? this.neg(p) : p;
      const v = this.log(this.add(s, this.sqrt(this.add(this.powInt(s, 2n), one))));
      return p.lo.isNegative() ? this.neg(v) : v;
    });
  }

  private asinPoint(p: Interval): Interval {
    const one = this.rational(1n, 1n);
    return this.atan(this.div(p, this.sqrt(this.sub(one, this.powInt(p, 2n)))));
  }

  asin(a: Interval): Interval {
    if (a.lo.lte(-1) || a.hi.gte(1)) throw new DomainError('asin is smooth only on (-1, 1)');
    return this.monotonePoints(a, (p) => this.asinPoint(p));
  }

  acos(a: Interval): Interval {
    if (a.lo.lte(-1) || a.hi.gte(1)) throw new DomainError('acos is smooth only on (-1, 1)');
    const halfPi = this.div(this.pi(), this.rational(2n, 1n));
    return this.monotonePoints(a, (p) => this.sub(halfPi, this.asinPoint(p)), false);
  }

  atanh(a: Interval): Interval {
    if (a.lo.lte(-1) || a.hi.gte(1)) throw new DomainError('atanh is defined only on (-1, 1)');
    const one = this.rational(1n, 1n);
    const two = this.rational(2n, 1n);
    return this.monotonePoints(a, (p) => this.div(this.log(this.div(this.add(one, p), this.sub(one, p))), two));
  }

  acosh(a: Interval): Interval {
    if (a.lo.lte(1)) throw new DomainError('acosh is smooth only on (1, infinity)');
    const one = this.rational(1n, 1n);
    return this.monotonePoints(a, (p) => this.log(this.add(p, this.sqrt(this.sub(this.powInt(p, 2n), one)))));
  }

  /**
   * sinh and cosh at a point. decimal.js's series slows without bound for large |x| (as in
   * src/numeric/elementary.ts), so from |x| = 1 on both come from interval exp, which is rigorous
   * by itself; below 1 decimal.js's series is fast and accurate.
   */
  private sinhCoshPoint(x: Decimal): { sinh: Interval; cosh: Interval } {
    if (x.abs().lt(1)) return { sinh: this.widen(this.near.sinh(x)), cosh: this.widen(this.near.cosh(x)) };
    const p = this.point(x);
    const e = this.exp(p);
    const r = this.exp(this.neg(p));
    const two = this.rational(2n, 1n);
    return { sinh: this.div(this.sub(e, r), two), cosh: this.div(this.add(e, r), two) };
  }

  sinh(a: Interval): Interval {
    return this.guarded('sinh', () => ({ lo: this.sinhCoshPoint(a.lo).sinh.lo, hi: this.sinhCoshPoint(a.hi).sinh.hi }));
  }

  cosh(a: Interval): Interval {
    return this.guarded('cosh', () => {
      const l = this.sinhCoshPoint(a.lo).cosh;
      const h = this.sinhCoshPoint(a.hi).cosh;
      // Even, with its minimum 1 at 0.
      const hi = l.hi.gt(h.hi) ? l.hi : h.hi;
      if (this.containsZero(a)) return { lo: new this.down(1), hi };
      return { lo: a.lo.gt(0) ? l.lo : h.lo, hi };
    });
  }

  private tanhPoint(x: Decimal): Interval {
    if (x.abs().lt(1)) return this.widen(this.near.tanh(x));
    // tanh x = sign(x) (1 - 2/(e^{2|x|} + 1)), no cancellation for |x| >= 1.
    const e2 = this.exp(this.point(this.near.mul(x.abs(), 2)));
    const one = this.rational(1n, 1n);
    const t = this.sub(one, this.div(this.rational(2n, 1n), this.add(e2, one)));
    return x.isNegative() ? this.neg(t) : t;
  }

  tanh(a: Interval): Interval {
    return this.guarded('tanh', () => {
      const r = { lo: this.tanhPoint(a.lo).lo, hi: this.tanhPoint(a.hi).hi };
      return this.clamp(r, -1, 1);
    });
  }

  private clamp(r: Interval, min: number, max: number): Interval {
    return { lo: r.lo.lt(min) ? new this.down(min) : r.lo, hi: r.hi.gt(max) ? new this.up(max) : r.hi };
  }

  pi(): Interval {
    return (this.piCache ??= this.guarded('pi', () => this.widen(this.near.acos(-1))));
  }

  e(): Interval {
    return (this.eCache ??= this.exp(this.rational(1n, 1n)));
  }

  /**
   * The integers t whose critical point t pi/2 may lie in a (sin and cos are monotone between
   * consecutive ones). Overlap is tested against an enclosure of t pi/2, so a doubtful t counts as
   * inside: that widens the result, never loses the extremum. undefined: too wide or too far out
   * to enumerate (the caller answers [-1, 1]).
   */
  private quarterTurns(a: Interval): bigint[] | undefined {
    const limit = new this.near(`1e${Math.floor(this.precision / 2)}`);
    if (a.lo.abs().gt(limit) || a.hi.abs().gt(limit) || this.width(a).gt(6)) return undefined;
    const halfPi = this.div(this.pi(), this.rational(2n, 1n));
    const m = this.mid(halfPi);
    const from = BigInt(this.near.div(a.lo, m).floor().toFixed(0)) - 1n;
    const to = BigInt(this.near.div(a.hi, m).ceil().toFixed(0)) + 1n;
    const out: bigint[] = [];
    for (let t = from; t <= to; t++) {
      if (this.overlaps(this.mul(this.rational(t, 1n), halfPi), a)) out.push(t);
    }
    return out;
  }

  /** sin or cos of a number m with few enough digits for decimal.js, widened. */
  private sinCosShort(m: Decimal, phase: 0n | 1n): Interval {
    return this.widen(phase === 1n ? this.near.sin(m) : this.near.cos(m), this.up.mul(this.absTol, m.abs().gt(1) ? m.abs() : 1));
  }

  /**
   * sin or cos at a point. decimal.js raises its working precision by the argument's digit count,
   * so a full-precision argument needs twice the digits, beyond its pi (about 1025 digits) from
   * 500 digits on. Above P/2 + 2 digits the argument x is split as m + delta with m short and
   *   sin(x) = sin m + delta cos m - delta^2/2 sin(theta),  cos(x) = cos m - delta sin m - delta^2/2 cos(theta),
   * so the remainder is enclosed by +-delta^2/2 (delta is exact: a tail of x's digits).
   */
  private sinCosPoint(x: Decimal, phase: 0n | 1n): Interval {
    const short = Math.ceil(this.precision / 2) + 2;
    if (x.sd() <= short) return this.sinCosShort(x, phase);
    const m = x.toSignificantDigits(short, 1);
    const delta = this.point(this.near.sub(x, m));
    const s = this.sinCosShort(m, 1n);
    const c = this.sinCosShort(m, 0n);
    const linear = phase === 1n ? this.add(s, this.mul(delta, c)) : this.sub(c, this.mul(delta, s));
    const rem = this.up.mul(this.powInt(delta, 2n).hi, '0.5');
    return { lo: this.down.sub(linear.lo, rem), hi: this.up.add(linear.hi, rem) };
  }

  /** sin (phase 1) or cos (phase 0): endpoints, plus +-1 for each critical point t pi/2 inside. */
  private sinCos(a: Interval, phase: 0n | 1n): Interval {
    const name = phase === 1n ? 'sin' : 'cos';
    return this.guarded(name, () => {
      const turns = this.quarterTurns(a);
      if (!turns) return { lo: new this.down(-1), hi: new this.up(1) };
      const f = (x: Decimal): Interval => this.sinCosPoint(x, phase);
      let r = this.hull(f(a.lo), f(a.hi));
      for (const t of turns) {
        const q = (((t - phase) % 4n) + 4n) % 4n;
        if (q === 0n) r = { lo: r.lo, hi: new this.up(1) };
        if (q === 2n) r = { lo: new this.down(-1), hi: r.hi };
      }
      return this.clamp(r, -1, 1);
    });
  }

  sin(a: Interval): Interval {
    return this.sinCos(a, 1n);
  }

  cos(a: Interval): Interval {
    return this.sinCos(a, 0n);
  }

  /**
   * tan is increasing between its poles (odd multiples of pi/2). Its endpoint values are sin/cos
   * of point intervals, so decimal.js's tan (inaccurate near poles) is not trusted.
   */
  tan(a: Interval): Interval {
    const turns = this.quarterTurns(a);
    if (!turns || turns.some((t) => t % 2n !== 0n)) throw new DomainError('tan is undefined where cos = 0 (interval reaches a pole)');
    const at = (x: Decimal): Interval => {
      const p = this.point(x);
      return this.div(this.sin(p), this.cos(p));
    };
    return { lo: at(a.lo).lo, hi: at(a.hi).hi };
  }

  abs(a: Interval): Interval {
    if (this.containsZero(a)) throw new DomainError('abs is not smooth at 0');
    return a.lo.gt(0) ? a : this.neg(a);
  }

  /** a^b = exp(b log a) for a > 0. */
  pow(a: Interval, b: Interval): Interval {
    if (a.lo.lte(0)) throw new DomainError('a power with a variable exponent needs a positive base');
    return this.exp(this.mul(b, this.log(a)));
  }

  /** a^(num/den), den > 0 in lowest terms. */
  powRational(a: Interval, num: bigint, den: bigint): Interval {
    if (den === 1n) return this.powInt(a, num);
    if (a.hi.lt(0) || (a.lo.lte(0) && a.hi.gte(0))) {
      throw new DomainError(a.hi.lt(0) ? 'non-integer power of a negative number' : 'non-integer power is not smooth at 0');
    }
    if (den === 2n) return this.powInt(this.sqrt(a), num);
    return this.exp(this.mul(this.rational(num, den), this.log(a)));
  }
}

const cache = new Map<number, IntervalArithmetic>();

/** One shared arithmetic per precision (its pi and e are computed once). */
export function intervalArithmetic(precision: number): IntervalArithmetic {
  let ia = cache.get(precision);
  if (!ia) {
    ia = new IntervalArithmetic(precision);
    cache.set(precision, ia);
  }
  return ia;
}
