import { rational, type Expr } from '../symbolic/ast.js';

/**
 * Exact univariate polynomials over the rationals (bigint numerator and denominator). They exist for
 * one purpose: when a 1-D loss is a polynomial with rational coefficients and eta is rational,
 * L' and G(G(x)) - x are such polynomials, and Sturm sequences (sturm.ts) count their real roots in
 * the box exactly, which is what lets `classify` claim a complete list.
 */
export interface Rational {
  readonly n: bigint;
  /** Positive; gcd(n, d) = 1. */
  readonly d: bigint;
}

/** Coefficients from the constant term up, with no trailing zero: the zero polynomial is []. */
export type Polynomial = readonly Rational[];

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n/d in lowest terms, normalised as the loss language's rational literals are. */
export function rat(n: bigint, d = 1n): Rational {
  const e = rational(n, d) as { readonly num: bigint; readonly den: bigint };
  return { n: e.num, d: e.den };
}

export const ZERO = rat(0n);
export const ONE = rat(1n);
export const isZero = (a: Rational): boolean => a.n === 0n;
export const sign = (a: Rational): number => (a.n === 0n ? 0 : a.n > 0n ? 1 : -1);
export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const compare = (a: Rational, b: Rational): number => sign(sub(a, b));

function trim(c: Rational[]): Polynomial {
  let k = c.length;
  while (k > 0 && isZero(c[k - 1]!)) k--;
  return c.slice(0, k);
}

export const degree = (p: Polynomial): number => p.length - 1;
export const constant = (a: Rational): Polynomial => trim([a]);

export function addPoly(p: Polynomial, q: Polynomial): Polynomial {
  return trim(Array.from({ length: Math.max(p.length, q.length) }, (_, i) => add(p[i] ?? ZERO, q[i] ?? ZERO)));
}

export const scalePoly = (p: Polynomial, a: Rational): Polynomial => trim(p.map((c) => mul(c, a)));
export const subPoly = (p: Polynomial, q: Polynomial): Polynomial => addPoly(p, scalePoly(q, rat(-1n)));

export function mulPoly(p: Polynomial, q: Polynomial): Polynomial {
  if (p.length === 0 || q.length === 0) return [];
  const out: Rational[] = Array.from({ length: p.length + q.length - 1 }, () => ZERO);
  p.forEach((a, i) => q.forEach((b, j) => (out[i + j] = add(out[i + j]!, mul(a, b)))));
  return trim(out);
}

export function derivative(p: Polynomial): Polynomial {
  return trim(p.slice(1).map((c, i) => mul(c, rat(BigInt(i + 1)))));
}

/** p(q(x)), by Horner in the polynomial ring. */
export function compose(p: Polynomial, q: Polynomial): Polynomial {
  let out: Polynomial = [];
  for (let i = p.length - 1; i >= 0; i--) out = addPoly(mulPoly(out, q), constant(p[i]!));
  return out;
}

export function evaluate(p: Polynomial, x: Rational): Rational {
  let s = ZERO;
  for (let i = p.length - 1; i >= 0; i--) s = add(mul(s, x), p[i]!);
  return s;
}

/** Quotient and remainder of p by a nonzero q. */
export function divide(p: Polynomial, q: Polynomial): { quotient: Polynomial; remainder: Polynomial } {
  if (q.length === 0) throw new RangeError('division by the zero polynomial');
  const r = [...p];
  const quotient: Rational[] = Array.from({ length: Math.max(p.length - q.length + 1, 0) }, () => ZERO);
  const lead = q[q.length - 1]!;
  for (let k = r.length - q.length; k >= 0; k--) {
    const f = div(r[k + q.length - 1]!, lead);
    quotient[k] = f;
    if (!isZero(f)) q.forEach((c, i) => (r[k + i] = sub(r[k + i]!, mul(f, c))));
  }
  return { quotient: trim(quotient), remainder: trim(r.slice(0, q.length - 1)) };
}

/**
 * p divided by a positive multiple of its content, so that its coefficients are coprime integers:
 * remainder sequences stay small, and scaling by a positive number keeps every sign (Sturm counts
 * only signs).
 */
export function primitive(coefficients: Polynomial): Polynomial {
  const p = trim([...coefficients]);
  if (p.length === 0) return p;
  const lcm = p.reduce((l, c) => (l * c.d) / gcd(l, c.d), 1n);
  const ints = p.map((c) => (c.n * lcm) / c.d);
  const g = ints.reduce((acc, c) => gcd(acc, c), 0n);
  return ints.map((c) => rat(c / g));
}

export function gcdPoly(p: Polynomial, q: Polynomial): Polynomial {
  let [a, b] = [p, q];
  while (b.length > 0) [a, b] = [b, primitive(divide(a, b).remainder)];
  return primitive(a);
}

/** p with every repeated factor reduced to one: same real roots, all simple. */
export function squareFree(p: Polynomial): Polynomial {
  const g = gcdPoly(p, derivative(p));
  return primitive(g.length <= 1 ? p : divide(p, g).quotient);
}

/** Cauchy's bound: every real root of p (degree >= 1) lies in [-B, B], B = 1 + max |a_i / a_n|, rounded up to an integer. */
export function rootBound(p: Polynomial): Rational {
  const lead = p[p.length - 1]!;
  const ratios = p.slice(0, -1).map((a) => div(a, lead));
  const max = ratios.reduce((m, r) => (compare(rat(abs(r.n), r.d), m) > 0 ? rat(abs(r.n), r.d) : m), ZERO);
  return rat(max.n / max.d + 2n);
}

/** Largest degree the exact path accepts: beyond it remainder sequences grow too slow to be useful. */
export const MAX_EXACT_DEGREE = 64;

/**
 * The polynomial of an expression in one variable with rational literals, or undefined when the
 * expression is not one (a function call, a constant such as pi, a non-integer power, a division
 * by a non-constant). Parameters must already be substituted.
 */
export function polynomialOf(e: Expr, variable: string): Polynomial | undefined {
  const walk = (e: Expr): Polynomial | undefined => {
    switch (e.kind) {
      case 'num':
        return constant(rat(e.num, e.den));
      case 'sym':
        return e.name === variable ? [ZERO, ONE] : undefined;
      case 'neg': {
        const a = walk(e.arg);
        return a && scalePoly(a, rat(-1n));
      }
      case 'call':
        return undefined;
      case 'pow': {
        const base = walk(e.left);
        const k = e.right.kind === 'num' && e.right.den === 1n ? e.right.num : -1n;
        if (!base || k < 0n || BigInt(Math.max(degree(base), 0)) * k > BigInt(MAX_EXACT_DEGREE)) return undefined;
        let out: Polynomial = [ONE];
        for (let i = 0n; i < k; i++) out = mulPoly(out, base);
        return out;
      }
      default: {
        const a = walk(e.left);
        const b = walk(e.right);
        if (!a || !b) return undefined;
        if (e.kind === 'add') return addPoly(a, b);
        if (e.kind === 'sub') return subPoly(a, b);
        if (e.kind === 'mul') return degree(a) + degree(b) > MAX_EXACT_DEGREE ? undefined : mulPoly(a, b);
        // A division is a polynomial only when the divisor is a nonzero constant.
        return b.length === 1 ? scalePoly(a, div(ONE, b[0]!)) : undefined;
      }
    }
  };
  return walk(e);
}
