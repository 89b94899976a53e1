import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { symmetricEigen, type Matrix, type Vector } from '../numeric/linalg.js';
import type { Nested } from '../symbolic/derivatives.js';
import type { Box } from './box.js';
import { floatLoss, type FloatLoss, type FloatVector } from './float-search.js';
import { floatBox } from './roots.js';
import { dot, maxAbs, minus, norm, plus, tenTo, times } from './vector-ops.js';

/*
 * Curves of critical points (Morse-Bott minima such as xy = 1 for (xy - 1)^2/2, MATH.md §4 last
 * item): traced by pseudo-arclength continuation of grad L = 0 along the kernel of H, with the
 * sharpness (largest Hessian eigenvalue) along the curve, the flattest point refined at working
 * precision, and the normal-space reduction there (Prop 2.6) that predicts the period-two orbit
 * around it. 2-D only: there a continuum of critical points with H != 0 is a curve, H has rank 1
 * on it, and its kernel is the tangent.
 */

export interface ManifoldSample {
  readonly point: Vector;
  /** Largest Hessian eigenvalue at the point. */
  readonly sharpness: Decimal;
}

/** The normal-space reduction at the flattest point: Q restricted to (ker H)^perp = span(n). */
export interface NormalReduction {
  /** Q_perp(n) = Q4[n,n,n,n]/6 - <T[n,n,.], H^+ T[n,n,.]>/2 with the pseudo-inverse H^+ on the normal space. */
  readonly Q: Decimal;
  /** 'above': orbits for eta > eta* (Q < 0), 'below' for eta < eta* (Q > 0), 'degenerate' when Q = 0. */
  readonly side: 'above' | 'below' | 'degenerate';
  /**
   * The first Lyapunov (flip normal-form) coefficient of the normal flip, c = -eta* Q_perp(n), and
   * what its sign says: 'supercritical' (c > 0, a 2-cycle for eta just above eta*, stable in the
   * normal direction; along the curve that is the tangent drift's business),
   * 'subcritical' (c < 0, an unstable one just below), 'degenerate' (Q_perp = 0 to the tolerance).
   */
  readonly flipCoefficient: Decimal;
  readonly flip: 'supercritical' | 'subcritical' | 'degenerate';
  /** alpha^2 = (2/eta - sharpness)/Q where positive: the predicted half-amplitude at this eta. */
  readonly predictedHalfAmplitude?: Decimal;
  /** The predicted orbit m -+ alpha n, m = p - (alpha^2/2) H^+ T[n,n,.]. */
  readonly predictedPoints?: readonly [Vector, Vector];
}

export interface FlattestPoint {
  readonly point: Vector;
  readonly sharpness: Decimal;
  /** eta* = 2 / sharpness: GD is linearly stable at this point exactly for eta < eta*. */
  readonly criticalEta: Decimal;
  /** max |dL/dw_i| at the point. */
  readonly residual: Decimal;
  /** |d sharpness / d arclength| at the point: 0 to working precision when refined. */
  readonly slope: Decimal;
  /**
   * 'refined': a zero of the sharpness derivative along the curve at working precision;
   * 'boundary': the sharpness decreases to where the curve leaves the box (the box's flattest point);
   * 'constant': the sharpness is constant along the traced curve (x = y for (x - y)^2, a circle of
   * a rotation-invariant loss): every point is flattest, one is reported;
   * 'sample': refinement failed, the best traced sample is reported.
   */
  readonly kind: 'refined' | 'boundary' | 'constant' | 'sample';
  /** Unit normal (the top eigenvector of H) and unit tangent (its kernel) at the point. */
  readonly normal: Vector;
  readonly tangent: Vector;
  readonly reduction?: NormalReduction;
}

export interface CriticalManifold {
  readonly dimension: 1;
  /** A closed curve inside the box, or an arc ending on the box's faces. */
  readonly closed: boolean;
  /** Points along the curve, in order, each refined onto it at working precision. */
  readonly samples: readonly ManifoldSample[];
  readonly flattest: FlattestPoint;
}

/** Reported samples per curve, at most (the trace itself takes as many steps as it needs). */
export const MANIFOLD_SAMPLES = 25;
const MAX_TRACE_STEPS = 4000;

// ---------------------------------------------------------------------------------------------
// Float64 tracing: cheap, never reported; every reported number is re-refined in decimal below.

/** Eigen-decomposition of a symmetric 2x2 in floats: top eigenvalue and vector, and the other vector. */
export function floatEigen(h: readonly FloatVector[]): { top: number; low: number; normal: FloatVector; tangent: FloatVector } {
  const [a, b, c] = [h[0]![0]!, h[0]![1]!, h[1]![1]!];
  const m = (a + c) / 2;
  const half = (a - c) / 2;
  const r = Math.hypot(half, b);
  const v = half >= 0 ? [r + half, b] : [b, r - half];
  const len = Math.hypot(v[0]!, v[1]!) || 1;
  const normal = len === 1 && v[0] === 0 && v[1] === 0 ? [1, 0] : [v[0]! / len, v[1]! / len];
  return { top: m + r, low: m - r, normal, tangent: [-normal[1]!, normal[0]!] };
}

const fdot = (a: FloatVector, b: FloatVector): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const fdist = (a: FloatVector, b: FloatVector): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

/**
 * Back onto the curve along the fixed unit normal n: Newton on phi(c) = n.grad L(y + c n), with
 * phi'(c) = n^T H n ~ sharpness > 0. Near a Morse-Bott curve L ~ lambda d^2/2 (d the signed
 * distance), so n.grad L vanishes on the curve and nowhere else nearby.
 */
export function floatCorrect(fl: FloatLoss, y: FloatVector, n: FloatVector, scale: number): FloatVector | undefined {
  let z = y;
  for (let it = 0; it < 40; it++) {
    const h = fl.hessian(z);
    const d = fdot(n, [fdot(h[0]!, n), fdot(h[1]!, n)]);
    if (!(d > 0)) return undefined;
    const c = -fdot(n, fl.gradient(z)) / d;
    z = [z[0]! + c * n[0]!, z[1]! + c * n[1]!];
    if (Math.abs(c) <= 1e-14 * scale) break;
  }
  const h = fl.hessian(z);
  const hScale = 1 + Math.max(...h.flat().map(Math.abs));
  const g = fl.gradient(z);
  return Math.max(Math.abs(g[0]!), Math.abs(g[1]!)) <= 1e-9 * hScale * scale ? z : undefined;
}

interface FloatCurve {
  readonly points: readonly FloatVector[];
  readonly closed: boolean;
}

/** Pseudo-arclength continuation from `start` both ways until the curve leaves the box or closes. */
function floatTrace(fl: FloatLoss, start: FloatVector, box: Box): FloatCurve | undefined {
  const { inside, width, lower, upper } = floatBox(box);
  const scale = Math.max(1, ...lower.map(Math.abs), ...upper.map(Math.abs));
  const hMax = width / 100;
  const hMin = width * 1e-9;
  const origin = floatCorrect(fl, start, floatEigen(fl.hessian(start)).normal, scale);
  if (!origin) return undefined;
  const walk = (sign: number): { points: FloatVector[]; closed: boolean } => {
    const points: FloatVector[] = [];
    let z = origin;
    let t: FloatVector = floatEigen(fl.hessian(z)).tangent.map((x) => sign * x);
    let h = hMax / 4;
    let travelled = 0;
    for (let step = 0; step < MAX_TRACE_STEPS && h >= hMin; step++) {
      const e = floatEigen(fl.hessian(z));
      const y = [z[0]! + h * t[0]!, z[1]! + h * t[1]!];
      let next: FloatVector | undefined;
      try {
        next = floatCorrect(fl, y, e.normal, scale);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
      // A corrector that moves far, or a tangent that turns fast, means the step was too long.
      const tn = next && floatEigen(fl.hessian(next)).tangent;
      const turned = tn ? Math.abs(fdot(tn, t)) < 0.98 : true;
      if (!next || !tn || fdist(next, y) > h / 2 || turned) {
        h /= 2;
        continue;
      }
      if (!inside(next)) return { points, closed: false };
      travelled += fdist(next, z);
      if (travelled > 4 * hMax && fdist(next, origin) < 1.5 * h) return { points, closed: true };
      points.push(next);
      t = fdot(tn, t) >= 0 ? tn : tn.map((x) => -x);
      z = next;
      h = Math.min(hMax, h * 1.5);
    }
    return { points, closed: false };
  };
  const forward = walk(1);
  if (forward.closed) return { points: [origin, ...forward.points], closed: true };
  const backward = walk(-1);
  return { points: [...backward.points.reverse(), origin, ...forward.points], closed: false };
}

// ---------------------------------------------------------------------------------------------
// Decimal refinement at working precision.

/** T[a,b,c] for a nested order-3 tensor. */
export function contract3(t: Nested<Decimal>, a: Vector, b: Vector, c: Vector): Decimal {
  const rows = t as readonly (readonly (readonly Decimal[])[])[];
  let s = a[0]!.times(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) for (let k = 0; k < c.length; k++) s = s.plus(rows[i]![j]![k]!.times(a[i]!).times(b[j]!).times(c[k]!));
  return s;
}

/** T[a,a,.] for a nested order-3 tensor. */
function contract3Vector(t: Nested<Decimal>, a: Vector): Vector {
  return a.map((_, k) => contract3(t, a, a, a.map((__, i) => a[0]!.times(0).plus(i === k ? 1 : 0))));
}

export function contract4(t: Nested<Decimal>, a: Vector): Decimal {
  const rows = t as readonly (readonly (readonly (readonly Decimal[])[])[])[];
  let s = a[0]!.times(0);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) s = s.plus(rows[i]![j]![k]![l]!.times(a[i]!).times(a[j]!).times(a[k]!).times(a[l]!));
  return s;
}

/** Top eigenvalue, its unit vector (normal) and the other unit vector (tangent) of H(z). */
function frame(h: Matrix, f: CompiledLoss): { sharpness: Decimal; normal: Vector; tangent: Vector } {
  const e = symmetricEigen(h, f.context);
  return { sharpness: e.values[1]!, normal: e.vectors[1]!, tangent: e.vectors[0]! };
}

/** The decimal version of floatCorrect, to working precision; undefined if it does not converge. */
function correct(f: CompiledLoss, y: Vector, n: Vector, scale: Decimal): Vector | undefined {
  const ctx = f.context;
  const floor = tenTo(-(ctx.digits + 2), ctx).times(scale);
  let z = y;
  for (let it = 0; it < 60; it++) {
    const h = f.hessian(z);
    const d = dot(n, h.map((row) => dot(row, n)));
    if (!d.isPositive() || d.isZero()) return undefined;
    const c = dot(n, f.gradient(z)).neg().div(d);
    z = plus(z, times(n, c));
    if (c.abs().lte(floor)) return z;
  }
  return undefined;
}

/**
 * The sharpness derivative along the curve at z: d lambda_max / d s = T[k, v, v] for the unit
 * top eigenvector v and unit tangent k (first-order perturbation of a simple eigenvalue, with
 * dH/ds = T[k, ., .]); k oriented along `orientation`.
 */
function sharpnessSlope(f: CompiledLoss, z: Vector, orientation: Vector): Decimal {
  const fr = frame(f.hessian(z), f);
  const k = dot(fr.tangent, orientation).isNegative() ? times(fr.tangent, -1) : fr.tangent;
  return contract3(f.tensor(3, z), k, fr.normal, fr.normal);
}

/**
 * The flattest point near the float sample p0: the zero of the sharpness derivative along the
 * curve, by the secant method in the coordinate s of z(s) = correct(p0 + s t0) (superlinear, so it
 * reaches working precision, where golden section on the sharpness would stop at half the digits).
 */
function refineFlattest(f: CompiledLoss, p0: Vector, scale: Decimal): Vector | undefined {
  const ctx = f.context;
  const { D } = ctx;
  const fr = frame(f.hessian(p0), f);
  const at = (s: Decimal): { z: Vector; g: Decimal } | undefined => {
    const z = correct(f, plus(p0, times(fr.tangent, s)), fr.normal, scale);
    return z && { z, g: sharpnessSlope(f, z, fr.tangent) };
  };
  let s0 = new D(0);
  let s1 = tenTo(-4, ctx).times(scale);
  let a = at(s0);
  let b = at(s1);
  const floor = tenTo(-(ctx.digits + 2), ctx).times(scale);
  // Sharpness constant along the curve (a circle of (x^2 + y^2 - 1)^2): every point is flattest.
  if (a && a.g.abs().lte(tenTo(-ctx.digits, ctx).times(D.max(1, fr.sharpness)))) return a.z;
  for (let it = 0; it < 80 && a && b; it++) {
    if (b.g.isZero() || s1.minus(s0).abs().lte(floor)) return b.z;
    const denominator = b.g.minus(a.g);
    if (denominator.isZero()) return undefined;
    const s2 = s1.minus(b.g.times(s1.minus(s0)).div(denominator));
    [s0, a] = [s1, b];
    s1 = s2;
    b = at(s1);
  }
  return undefined;
}

/**
 * The flip normal-form coefficient c = -eta* Q_perp(n), eta* = 2/lambda. Why: on the normal line
 * p + s n (Prop 2.6 reduces to it: H^+ vanishes on the tangent) the map at eta* reads
 * s -> -s + a s^2 + b s^3 with a = -eta* T[n,n,n]/2, b = -eta* Q4[n,n,n,n]/6, and its second
 * iterate is s -> s - 2(a^2 + b) s^3 + O(s^4), so c = a^2 + b (Kuznetsov's f''^2/4 + f'''/6 with
 * f'' = 2a, f''' = 6b). Since eta*^2 / 4 = eta* / (2 lambda), a^2 + b = -eta* (Q4/6 - T[n,n,n]^2/(2 lambda))
 * = -eta* Q_perp(n); in 1-D it is (3t^2 - hq)/(3h^2) (MATH.md §4). With mu = eta lambda - 2 the second
 * iterate is s -> (1 + 2mu) s - 2c s^3: the 2-cycle has s^2 = mu/c (it exists where mu c > 0) and
 * normal multiplier 1 + 2mu - 6mu = 1 - 4mu, stable exactly when mu > 0, i.e. when c > 0; |c| does
 * not enter the multiplier at leading order. On a curve this is the multiplier whose eigenvector is
 * nearest n; the other one, 1 - kappa mu along the curve, is the tangent drift's and not decided by c.
 * test/manifolds.test.ts and theorems/normal-flip-lyapunov.ts measure these on solved cycles.
 */
export function flipCoefficient(Q: Decimal, sharpness: Decimal): Decimal {
  return Q.times(2).div(sharpness).neg();
}

/** Prop 2.6 in 2-D: the reduction on span(n) at a point of the curve where the sharpness is stationary. */
function normalReduction(f: CompiledLoss, p: Vector, eta: Decimal): NormalReduction {
  const { D } = f.context;
  const fr = frame(f.hessian(p), f);
  const n = fr.normal;
  const tnn = contract3Vector(f.tensor(3, p), n);
  // H^+ T[n,n,.]: H = lambda n n^T on the curve (rank 1), so only the normal component survives.
  const hPlus = times(n, dot(n, tnn).div(fr.sharpness));
  const Q = contract4(f.tensor(4, p), n).div(6).minus(dot(tnn, hPlus).div(2));
  const tolerance = tenTo(-Math.ceil(f.context.digits / 2), f.context).times(D.max(1, fr.sharpness));
  const side = Q.abs().lte(tolerance) ? 'degenerate' : Q.isNegative() ? 'above' : 'below';
  const flip = { flipCoefficient: flipCoefficient(Q, fr.sharpness), flip: side === 'degenerate' ? 'degenerate' : side === 'above' ? 'supercritical' : 'subcritical' } as const;
  if (side === 'degenerate') return { Q, side, ...flip };
  const alpha2 = new D(2).div(eta).minus(fr.sharpness).div(Q);
  if (!alpha2.isPositive() || alpha2.isZero()) return { Q, side, ...flip };
  const alpha = alpha2.sqrt();
  const centre = minus(p, times(hPlus, alpha2.div(2)));
  return { Q, side, ...flip, predictedHalfAmplitude: alpha, predictedPoints: [minus(centre, times(n, alpha)), plus(centre, times(n, alpha))] };
}

/**
 * The curves of critical points through the continuum samples of the fixed-point search, each
 * traced once (a sample on an already traced curve is skipped), with sharpness along it and its
 * flattest point. Empty outside 2-D, and for samples where H vanishes (no curve to follow).
 */
export function traceManifolds(f: CompiledLoss, box: Box, eta: Decimal, continuum: readonly Vector[]): CriticalManifold[] {
  if (f.n !== 2) return [];
  const { D } = f.context;
  const fl = floatLoss(f);
  const { width, lower, upper } = floatBox(box);
  const scale = D.max(1, ...box.lower.map((x) => x.abs()), ...box.upper.map((x) => x.abs()));
  const curves: FloatCurve[] = [];
  for (const sample of continuum) {
    const s = sample.map((x) => x.toNumber());
    if (curves.some((c) => c.points.some((p) => fdist(p, s) < width / 50))) continue;
    const e = floatEigen(fl.hessian(s));
    if (!(e.top > 1e-8 * Math.max(1, ...lower.map(Math.abs), ...upper.map(Math.abs)))) continue;
    const curve = guarded(() => floatTrace(fl, s, box));
    if (curve && curve.points.length >= 3) curves.push(curve);
  }
  const manifolds: CriticalManifold[] = [];
  for (const curve of curves) {
    const m = guarded(() => describeCurve(f, fl, curve, eta, scale));
    if (m) manifolds.push(m);
  }
  return manifolds;
}

/**
 * A curve that runs into a point where the loss is undefined (log, division) is dropped, not
 * reported half-done: the fixed points and orbits still stand, and `continuum` still says so.
 */
function guarded<T>(body: () => T): T | undefined {
  try {
    return body();
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

/** Sharpness along one traced curve, its flattest point at working precision and the decimal samples. */
function describeCurve(f: CompiledLoss, fl: FloatLoss, curve: FloatCurve, eta: Decimal, scale: Decimal): CriticalManifold {
  const { D } = f.context;
  const sharp = curve.points.map((p) => floatEigen(fl.hessian(p)).top);
  const [least, most] = [Math.min(...sharp), Math.max(...sharp)];
  const constant = most - least <= 1e-9 * Math.max(1, most);
  // A constant sharpness has no minimum to refine: the middle sample stands for the curve.
  const best = constant ? Math.floor(curve.points.length / 2) : sharp.indexOf(least);
  const atEnd = !constant && !curve.closed && (best === 0 || best === curve.points.length - 1);
  const seed = curve.points[best]!.map((x) => new D(x));
  const refined = atEnd || constant ? undefined : refineFlattest(f, seed, scale);
  const fallback = correct(f, seed, frame(f.hessian(seed), f).normal, scale) ?? seed;
  const point = refined ?? fallback;
  const fr = frame(f.hessian(point), f);
  const flattest: FlattestPoint = {
    point,
    sharpness: fr.sharpness,
    criticalEta: new D(2).div(fr.sharpness),
    residual: maxAbs(f.gradient(point)),
    slope: sharpnessSlope(f, point, fr.tangent).abs(),
    kind: refined ? 'refined' : constant ? 'constant' : atEnd ? 'boundary' : 'sample',
    normal: fr.normal,
    tangent: fr.tangent,
    ...((refined || constant) && { reduction: normalReduction(f, point, eta) }),
  };
  const count = Math.min(MANIFOLD_SAMPLES, curve.points.length);
  const picks = Array.from({ length: count }, (_, i) => curve.points[Math.round((i * (curve.points.length - 1)) / Math.max(1, count - 1))]!);
  const samples = picks.flatMap((p): ManifoldSample[] => {
    const y = p.map((x) => new D(x));
    const z = correct(f, y, frame(f.hessian(y), f).normal, scale);
    return z ? [{ point: z, sharpness: frame(f.hessian(z), f).sharpness }] : [];
  });
  return { dimension: 1, closed: curve.closed, samples, flattest };
}

/**
 * Whether the orbit {w0, w1} circles the point p: its centre lies within half its half-amplitude
 * of p (the centre shift is O(alpha^2), so a small orbit born at p passes; an orbit straddling
 * two flattest points, centred between them, does not).
 */
export function orbitAround(points: readonly [Vector, Vector], p: Vector): boolean {
  const [w0, w1] = points;
  const centre = times(plus(w0, w1), '0.5');
  return norm(minus(centre, p)).lt(norm(minus(w1, w0)).div(4));
}
