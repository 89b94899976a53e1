import { compare, derivative, divide, evaluate, primitive, rat, add, mul, sign, type Polynomial, type Rational } from './rational-polynomial.js';

/**
 * Real roots of a square-free rational polynomial, counted and isolated exactly. With the Sturm
 * sequence p, p', -rem(p, p'), ..., the number of sign variations V(x) drops by one at each real
 * root and nowhere else, so V(a) - V(b) is the number of distinct roots in (a, b]. This is a
 * proof, not a sample: it is what backs `complete: true` for 1-D polynomial losses.
 */
export type IsolatedRoot =
  | { readonly kind: 'exact'; readonly x: Rational }
  /** Exactly one root in (lo, hi); p(lo) and p(hi) are nonzero and of opposite signs. */
  | { readonly kind: 'interval'; readonly lo: Rational; readonly hi: Rational };

export function sturmSequence(p: Polynomial): readonly Polynomial[] {
  const seq: Polynomial[] = [primitive(p)];
  let next = primitive(derivative(p));
  while (next.length > 0) {
    seq.push(next);
    const { remainder } = divide(seq[seq.length - 2]!, next);
    // -rem, made primitive by a positive factor: the signs, and so the count, are unchanged.
    next = primitive(remainder).map((c) => rat(-c.n, c.d));
  }
  return seq;
}

function variations(seq: readonly Polynomial[], x: Rational): number {
  let count = 0;
  let last = 0;
  for (const q of seq) {
    const s = sign(evaluate(q, x));
    if (s === 0) continue;
    if (last !== 0 && s !== last) count++;
    last = s;
  }
  return count;
}

/** Distinct real roots of the square-free polynomial in (lo, hi]. */
export function countRoots(seq: readonly Polynomial[], lo: Rational, hi: Rational): number {
  return variations(seq, lo) - variations(seq, hi);
}

/** Every real root of the square-free polynomial p in [lo, hi], each alone in its interval, in increasing order. */
export function isolateRoots(p: Polynomial, lo: Rational, hi: Rational): readonly IsolatedRoot[] {
  if (p.length < 2 || compare(lo, hi) > 0) return [];
  const seq = sturmSequence(p);
  const zeroAt = (x: Rational): boolean => sign(evaluate(p, x)) === 0;
  const out: IsolatedRoot[] = zeroAt(lo) ? [{ kind: 'exact', x: lo }] : [];
  // Roots in (a, b], c of them, found by bisection of the count.
  const split = (a: Rational, b: Rational, c: number): void => {
    if (c === 0) return;
    if (c === 1 && zeroAt(b)) {
      out.push({ kind: 'exact', x: b });
      return;
    }
    if (c === 1 && !zeroAt(a)) {
      out.push({ kind: 'interval', lo: a, hi: b });
      return;
    }
    const mid = mul(add(a, b), rat(1n, 2n));
    const left = countRoots(seq, a, mid);
    split(a, mid, left);
    split(mid, b, c - left);
  };
  split(lo, hi, countRoots(seq, lo, hi));
  return out;
}
