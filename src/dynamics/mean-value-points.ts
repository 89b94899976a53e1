import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { NumericContext } from '../numeric/context.js';
import type { CurvatureSample } from './polynomial-loss.js';
import { ONE, rat, squareFree, ZERO, type Rational } from './rational-polynomial.js';
import { isolateRoots } from './sturm.js';

/**
 * A mean-value point of Thm 4.3: t in (0, 1) with u.H(w + t d)u = target (rbar for xi, rtilde for
 * zeta). The theorem gives existence, not uniqueness, so the answer says which it found:
 * - found: the roots located on the sampling grid (t = 0, the quadrature nodes, t = 1), or for a
 *   polynomial loss every root of its curvature polynomial (polynomialMeanValuePoint), each refined
 *   to the working precision; `t` is the first, `unique` is false when there are several;
 * - everywhere: the curvature along the step equals the target at every sample to rounding (a
 *   quadratic loss): every t in (0, 1) is a mean-value point;
 * - not-found: no sign change and no zero on the grid (possible only for a double root or a
 *   quadrature error, since the averages are weighted means of the samples).
 * `residual` is max |u.H(w + t d)u - target| over the roots, over max(1, the curvature scale).
 */
export type MeanValuePoint =
  | {
      readonly kind: 'found';
      readonly t: Decimal;
      readonly unique: boolean;
      readonly roots: readonly Decimal[];
      readonly residual: Decimal;
      readonly samples: number;
    }
  | { readonly kind: 'everywhere'; readonly residual: Decimal; readonly samples: number }
  | { readonly kind: 'not-found'; readonly reason: string; readonly samples: number };

const MAX_ITERATIONS = 300;

/**
 * Illinois (modified regula falsi) on a bracket [a, b] with f(a) f(b) < 0: superlinear like the
 * secant method, but it keeps the bracket, so it cannot leave (0, 1). Stops when |f| is at the
 * rounding level of its evaluation or the bracket is a few units of the working precision wide.
 */
function illinois(
  f: (t: Decimal) => Decimal,
  bracket: { a: Decimal; fa: Decimal; b: Decimal; fb: Decimal },
  noise: Decimal,
  width: Decimal,
): { t: Decimal; ft: Decimal } {
  let { a, fa, b, fb } = bracket;
  let side = 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    let c = a.times(fb).minus(b.times(fa)).div(fb.minus(fa));
    // A step that lands on an end (exhausted precision) falls back to bisection.
    if (c.lte(a) || c.gte(b)) c = a.plus(b).div(2);
    const fc = f(c);
    if (fc.abs().lte(noise) || b.minus(a).lte(width)) return { t: c, ft: fc };
    if (fc.isNegative() === fb.isNegative()) {
      b = c;
      fb = fc;
      if (side === -1) fa = fa.div(2);
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb = fb.div(2);
      side = 1;
    }
  }
  const c = a.plus(b).div(2);
  return { t: c, ft: f(c) };
}

/**
 * A root in the bracket from a float64 guess: regula falsi on the float64 curvature to double
 * precision, then secant steps in decimal from the guess and a point just beside it, which square
 * the error about every two steps (1e-15, 1e-25, 1e-40: four or five evaluations where Illinois on
 * the whole bracket takes about eight). Kept only if it stays inside the bracket and reaches the
 * same stopping rule within a few steps; undefined otherwise (Illinois then runs as before).
 */
function fromGuess(
  f: (t: Decimal) => Decimal,
  approx: (t: number) => number,
  bracket: { a: Decimal; fa: Decimal; b: Decimal; fb: Decimal },
  noise: Decimal,
  width: Decimal,
): { t: Decimal; ft: Decimal } | undefined {
  const D = bracket.a.constructor as Decimal.Constructor;
  let [a, b] = [bracket.a.toNumber(), bracket.b.toNumber()];
  let [fa, fb] = [approx(a), approx(b)];
  if (!(fa * fb < 0)) return undefined;
  let guess = a;
  for (let i = 0; i < 60 && b - a > 1e-15 * (Math.abs(a) + Math.abs(b)); i++) {
    guess = (a * fb - b * fa) / (fb - fa);
    if (!(guess > a && guess < b)) guess = (a + b) / 2;
    const fg = approx(guess);
    if (fg === 0) break;
    if (fg < 0 === fb < 0) [b, fb, fa] = [guess, fg, fa / 2];
    else [a, fa, fb] = [guess, fg, fb / 2];
  }
  let [x0, x1] = [new D(guess), new D(guess).plus(bracket.b.minus(bracket.a).times(1e-10))];
  let [f0, f1] = [f(x0), f(x1)];
  for (let i = 0; i < 6; i++) {
    if (f1.abs().lte(noise)) return x1.gt(bracket.a) && x1.lt(bracket.b) ? { t: x1, ft: f1 } : undefined;
    if (f1.eq(f0)) return undefined;
    const x2 = x1.minus(f1.times(x1.minus(x0)).div(f1.minus(f0)));
    if (!x2.gt(bracket.a) || !x2.lt(bracket.b)) return undefined;
    [x0, f0, x1] = [x1, f1, x2];
    f1 = f(x1);
    if (x1.minus(x0).abs().lte(width)) return { t: x1, ft: f1 };
  }
  return undefined;
}

/**
 * Roots of curvature(t) - target on (0, 1), bracketed on the samples (ascending in t, ends
 * included) and refined with `curvature`, which evaluates u.H(w + t d)u at any t. `approx`, the
 * same curvature in float64 (it may throw DomainError), only speeds the refinement up.
 */
export function meanValuePoint(
  curvature: (t: Decimal) => Decimal,
  target: Decimal,
  samples: readonly CurvatureSample[],
  ctx: NumericContext,
  approx?: (t: number) => number,
): MeanValuePoint {
  const { D } = ctx;
  const scale = samples.reduce((m, s) => D.max(m, s.curvature.abs()), target.abs());
  const unit = D.max(1, scale);
  // Rounding level of u.H u - target: a few units in the last place of the curvature scale.
  const noise = unit.times(new D(10).pow(-ctx.precision + 4));
  const width = new D(10).pow(-ctx.precision + 2);
  const f = (t: Decimal): Decimal => curvature(t).minus(target);
  const values = samples.map((s) => s.curvature.minus(target));
  const sign = values.map((v) => (v.abs().lte(noise) ? 0 : v.isNegative() ? -1 : 1));
  const n = samples.length;
  if (sign.every((s) => s === 0)) {
    const residual = values.reduce((m, v) => D.max(m, v.abs()), new D(0)).div(unit);
    return { kind: 'everywhere', residual, samples: n };
  }
  // Each root with |f| there (the refinement has just evaluated it: no second evaluation).
  const roots: { t: Decimal; ft: Decimal }[] = [];
  // Two neighbouring interior samples at the target: the curvature is flat there, so not unique.
  let flat = false;
  for (let i = 0; i < n; i++) {
    const interior = i > 0 && i < n - 1;
    // A sample that is a root to rounding; a run of such samples is reported once.
    if (sign[i] === 0 && interior) {
      if (i > 1 && sign[i - 1] === 0) flat = true;
      else roots.push({ t: samples[i]!.t, ft: values[i]! });
    }
    if (i + 1 < n && sign[i]! * sign[i + 1]! < 0) {
      const bracket = { a: samples[i]!.t, fa: values[i]!, b: samples[i + 1]!.t, fb: values[i + 1]! };
      let guessed: { t: Decimal; ft: Decimal } | undefined;
      if (approx) {
        const targetNumber = target.toNumber();
        try {
          guessed = fromGuess(f, (t) => approx(t) - targetNumber, bracket, noise, width);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
        }
      }
      roots.push(guessed ?? illinois(f, bracket, noise, width));
    }
  }
  if (roots.length === 0) {
    return { kind: 'not-found', reason: `no sign change of u.H(w+td)u - target among ${n} samples of [0, 1]`, samples: n };
  }
  const residual = roots.reduce((m, r) => D.max(m, r.ft.abs()), new D(0)).div(unit);
  return { kind: 'found', t: roots[0]!.t, unique: roots.length === 1 && !flat, roots: roots.map((r) => r.t), residual, samples: n };
}

/** A decimal as the exact rational it is (its full digit string over a power of ten). */
function exactRational(x: Decimal): Rational {
  const [whole, fraction = ''] = x.toFixed().split('.');
  return rat(BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
}

/**
 * The mean-value points of a polynomial loss, from the curvature polynomial c(t) = sum_k c_k t^k
 * along the step (src/dynamics/polynomial-loss.ts): every root of c(t) - target in (0, 1) is
 * counted and isolated exactly by Sturm's theorem, with the decimal coefficients read as the exact
 * rationals they are, so no pair of close roots can hide between grid points; each is refined on
 * the polynomial to the working precision, and its residual is |curvature(t) - target| with
 * `curvature` the CAS Hessian at w + t d, a route independent of the coefficients. `samples` is
 * the number of coefficients. Kinds and residual scale as for `meanValuePoint`.
 */
export function polynomialMeanValuePoint(
  coefficients: readonly Decimal[],
  curvature: (t: Decimal) => Decimal,
  target: Decimal,
  ctx: NumericContext,
): MeanValuePoint {
  const { D } = ctx;
  const f = coefficients.map((c, k) => (k === 0 ? c.minus(target) : c));
  const samples = f.length;
  // sum |c_k| bounds |c(t)| on [0, 1]: the curvature scale of the residuals and the noise.
  const unit = D.max(1, coefficients.reduce((m, c) => m.plus(c.abs()), target.abs()));
  const noise = unit.times(new D(10).pow(-ctx.precision + 4));
  const width = new D(10).pow(-ctx.precision + 2);
  if (f.every((c) => c.abs().lte(noise))) {
    return { kind: 'everywhere', residual: f.reduce((m, c) => m.plus(c.abs()), new D(0)).div(unit), samples };
  }
  const horner = (t: Decimal): Decimal => f.reduceRight((s, c) => s.times(t).plus(c), new D(0));
  const floats = f.map((c) => c.toNumber());
  const hornerFloat = (t: number): number => floats.reduceRight((s, c) => s * t + c, 0);
  /**
   * The root in (a, b), f(a) f(b) < 0: bisection in float64 to about 1e-16, then Newton on the
   * decimal polynomial, which doubles the correct digits per step (three steps at 30 digits). A
   * Newton step that leaves the bracket or stalls falls back to the bracketing method.
   */
  const refine = (a: Decimal, fa: Decimal, b: Decimal, fb: Decimal): Decimal => {
    let [lo, hi] = [a.toNumber(), b.toNumber()];
    const negativeAtLo = fa.isNegative();
    for (let i = 0; i < 60 && hi - lo > 0; i++) {
      const mid = (lo + hi) / 2;
      if (mid <= lo || mid >= hi) break;
      if (hornerFloat(mid) < 0 === negativeAtLo) lo = mid;
      else hi = mid;
    }
    let t = new D((lo + hi) / 2);
    for (let i = 0; i < 10; i++) {
      let [value, slope] = [new D(0), new D(0)];
      for (let k = f.length - 1; k >= 0; k--) {
        slope = slope.times(t).plus(value);
        value = value.times(t).plus(f[k]!);
      }
      if (value.isZero()) return t;
      if (slope.isZero()) break;
      const step = value.div(slope);
      t = t.minus(step);
      if (!t.gt(a) || !t.lt(b)) break;
      if (step.abs().lte(width)) return t;
    }
    return illinois(horner, { a, fa, b, fb }, noise, width).t;
  };
  const decimal = (r: Rational): Decimal => new D(r.n.toString()).div(r.d.toString());
  const roots: Decimal[] = [];
  for (const root of isolateRoots(squareFree(f.map(exactRational)), ZERO, ONE)) {
    if (root.kind === 'exact') {
      if (root.x.n > 0n && root.x.n < root.x.d) roots.push(decimal(root.x));
      continue;
    }
    const [a, b] = [decimal(root.lo), decimal(root.hi)];
    const [fa, fb] = [horner(a), horner(b)];
    // A root within rounding of an end of its interval: the end is the root to working precision.
    if (fa.abs().lte(noise) || fb.abs().lte(noise)) roots.push(fa.abs().lte(fb.abs()) ? a : b);
    else roots.push(refine(a, fa, b, fb));
  }
  if (roots.length === 0) return { kind: 'not-found', reason: `the curvature polynomial of degree ${samples - 1} has no root of u.H(w+td)u - target in (0, 1)`, samples };
  const residual = roots.reduce((m, t) => D.max(m, curvature(t).minus(target).abs()), new D(0)).div(unit);
  return { kind: 'found', t: roots[0]!, unique: roots.length === 1, roots, residual, samples };
}
