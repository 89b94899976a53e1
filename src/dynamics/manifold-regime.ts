import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { Vector } from '../numeric/linalg.js';
import { floatLoss, type FloatLoss, type FloatVector } from './float-search.js';
import { floatEigen, type FlattestPoint } from './manifolds.js';
import { tangentDrift, type TangentDrift } from './tangent-drift.js';

/*
 * The three regimes of seed 003 (MATH.md §5) for GD near a curve of minima, with eta* = 2/lambda* at
 * the flattest point: subcritical (eta < eta*) converges linearly to a minimum, at the rate of the
 * normal multiplier |1 - eta lambda| there; critical (eta = eta*) converges like t^(-1/2), normal and
 * tangent distances alike; supercritical (eta > eta*) converges linearly to the stable 2-cycle around
 * the flattest point, at the rate sqrt(rho) per step, rho the spectral radius of DG(w1) DG(w0), with
 * half-amplitude alpha, alpha^2 = (2/eta - lambda*)/Q_perp + o(eta - eta*) ~ (eta lambda* - 2)/c. A
 * float64 run gives the fitted values; the prediction comes from the theory at the run's end (rates)
 * or at the flattest point (amplitude). The same run gives seed 002's tangent drift.
 */

export type ManifoldRegimeKind = 'subcritical' | 'critical' | 'supercritical';

export interface RateFit {
  /** 'linear': per-step contraction factor; 'power': exponent p of the decay t^p; 'amplitude': the cycle's half-amplitude. */
  readonly kind: 'linear' | 'power' | 'amplitude';
  readonly fitted: number;
  readonly predicted: number;
  /** |fitted - predicted| allowed: absolute for rates and exponents, relative for the amplitude (mu = eta lambda* - 2, the size of the dropped term). */
  readonly tolerance: number;
  /** What was fitted: '|grad L|' (distance to the curve), '|w_{k+2} - w_k|' (distance to the cycle), 'tangent'. */
  readonly quantity: string;
  /** The steps the fit used. */
  readonly window: readonly [number, number];
}

export interface ManifoldRegime {
  readonly kind: ManifoldRegimeKind;
  readonly etaStar: Decimal;
  readonly fits: readonly RateFit[];
  /** Where the run ended. */
  readonly final: FloatVector;
  /** Every fit within its tolerance. */
  readonly agrees: boolean;
  /** Seed 002: the sharpness of the nearest curve point along the run; undefined if no step stays near the curve. */
  readonly drift?: TangentDrift;
}

/** Rates are compared to 0.02 and exponents to 0.05 (absolute): what 2000- and 20000-step float64 runs resolve. */
const RATE_TOLERANCE = 0.02;
const EXPONENT_TOLERANCE = 0.05;

/** eta within this relative distance of eta* counts as critical. */
const CRITICAL_WINDOW = 1e-12;

/** Geometric rate of a decaying series between the first steps where it falls below hi and below lo. */
function linearFit(series: readonly number[], hi: number, lo: number): { rate: number; window: [number, number] } | undefined {
  const k1 = series.findIndex((e) => e < hi);
  const k2 = series.findIndex((e) => e < lo);
  if (k1 < 0 || k2 <= k1) return undefined;
  return { rate: (series[k2]! / series[k1]!) ** (1 / (k2 - k1)), window: [k1, k2] };
}

/**
 * The exponent p of s_k ~ C (k + k0)^p with an unknown offset k0, between steps a and b (series
 * index = step - from). A plain log-log slope reads p k/(k + k0) and a slow start (large k0: a
 * large c, a start far along the curve) drags it from -1/2 to -0.4 at 20000 steps. With
 * g(k) = log(S(k + m)/S(k)) ~ m p/(k + k0 + m/2) (S: two consecutive steps summed, the normal part
 * alternates), u = m/g is linear in k with slope 1/p, whatever k0 is.
 */
function offsetExponent(series: readonly number[], from: number, [a, b]: readonly [number, number]): number {
  const m = Math.max(2, Math.floor((b - a) / 8));
  const pair = (k: number) => series[k - from]! + series[k - 1 - from]!;
  const u = (k: number) => m / Math.log(pair(k + m) / pair(k));
  const k2 = b - m;
  return (k2 - a) / (u(k2) - u(a));
}

/** A float64 GD run: iterates w_0..w_steps and |grad L(w_k)|. */
export function floatRun(fl: FloatLoss, eta: number, start: FloatVector, steps: number): { w: FloatVector[]; grad: number[] } {
  const w: FloatVector[] = [start];
  const grad: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const g = fl.gradient(w[k]!);
    grad.push(Math.hypot(...g));
    if (k < steps) w.push(w[k]!.map((x, i) => x - eta * g[i]!));
  }
  return { w, grad };
}

/** Spectral radius of DG(a) DG(b) in floats, DG = I - eta H. */
function cycleRadius(fl: FloatLoss, eta: number, a: FloatVector, b: FloatVector): number {
  const d = (x: FloatVector) => fl.hessian(x).map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - eta * v));
  const [p, q] = [d(a), d(b)];
  const m = [0, 1].map((i) => [0, 1].map((j) => p[i]![0]! * q[0]![j]! + p[i]![1]! * q[1]![j]!));
  const tr = m[0]![0]! + m[1]![1]!;
  const det = m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;
  const disc = tr * tr - 4 * det;
  return disc >= 0 ? Math.max(Math.abs((tr + Math.sqrt(disc)) / 2), Math.abs((tr - Math.sqrt(disc)) / 2)) : Math.sqrt(Math.abs(det));
}

export function manifoldRegime(f: CompiledLoss, flattest: FlattestPoint, eta: Decimal, start: Vector, steps: number): ManifoldRegime {
  const fl = floatLoss(f);
  const e = eta.toNumber();
  const relative = eta.div(flattest.criticalEta).minus(1).toNumber();
  const kind: ManifoldRegimeKind = Math.abs(relative) <= CRITICAL_WINDOW ? 'critical' : relative < 0 ? 'subcritical' : 'supercritical';
  const { w, grad } = floatRun(fl, e, start.map((x) => x.toNumber()), steps);
  const final = w[steps]!;
  const drift = f.n === 2 ? tangentDrift(fl, w) : undefined;
  const fits: RateFit[] = [];
  const scale = Math.max(1, grad[0]!);
  if (kind === 'subcritical') {
    // The normal multiplier at the limit; the tangent one is 1 but the drift has stopped there.
    const predicted = Math.abs(1 - e * floatEigen(fl.hessian(final)).top);
    const fit = linearFit(grad, 1e-4 * scale, 1e-11 * scale);
    if (fit) fits.push({ kind: 'linear', fitted: fit.rate, predicted, tolerance: RATE_TOLERANCE, quantity: '|grad L|', window: fit.window });
  } else if (kind === 'critical') {
    // Normal distance |w - z| and tangent distance |z - p*| (chord to the flattest point) of the
    // nearest curve point z over the last three quarters of the run, if it was followed that long.
    const window: [number, number] = [Math.floor(steps / 4), steps - 1];
    if (drift && drift.window[0] < window[0]) {
      const p = flattest.point.map((x) => x.toNumber());
      const tangent = drift.nearest.map((z) => Math.hypot(z[0]! - p[0]!, z[1]! - p[1]!));
      for (const [series, quantity] of [[drift.distance, 'normal distance |w - z|'], [tangent, 'tangent distance |z - p*|']] as const) {
        fits.push({ kind: 'power', fitted: offsetExponent(series, drift.window[0], window), predicted: -0.5, tolerance: EXPONENT_TOLERANCE, quantity, window });
      }
    }
  } else {
    const gap = w.slice(0, -2).map((x, k) => Math.hypot(x[0]! - w[k + 2]![0]!, x[1]! - w[k + 2]![1]!));
    const rho = cycleRadius(fl, e, w[steps]!, w[steps - 1]!);
    // Later than for the fixed point: the approach to the cycle has a slower transient (the tangent drift).
    const fit = linearFit(gap, 1e-7 * scale, 1e-12 * scale);
    if (fit) fits.push({ kind: 'linear', fitted: fit.rate, predicted: Math.sqrt(rho), tolerance: RATE_TOLERANCE, quantity: '|w_{k+2} - w_k|', window: fit.window });
    const Q = flattest.reduction?.Q;
    const alpha2 = Q && eta.pow(-1).times(2).minus(flattest.sharpness).div(Q);
    if (alpha2?.isPositive() && fit) {
      const predicted = alpha2.sqrt().toNumber();
      // The amplitude formula drops o(eta - eta*): relative error of order mu = eta lambda* - 2.
      const mu = eta.times(flattest.sharpness).minus(2).toNumber();
      const fitted = Math.hypot(final[0]! - w[steps - 1]![0]!, final[1]! - w[steps - 1]![1]!) / 2;
      fits.push({ kind: 'amplitude', fitted, predicted, tolerance: Math.max(mu, 1e-6), quantity: 'half-amplitude |w_K - w_{K-1}|/2', window: [steps - 1, steps] });
    }
  }
  // A series that reached exactly 0 has no logarithm: such a fit says nothing and is left out.
  const finite = fits.filter((r) => Number.isFinite(r.fitted) && Number.isFinite(r.predicted));
  const agrees = finite.length > 0 && finite.every((r) => Math.abs(r.fitted - r.predicted) <= r.tolerance * (r.kind === 'amplitude' ? r.predicted : 1));
  return { kind, etaStar: flattest.criticalEta, fits: finite, final, agrees, ...(drift && { drift }) };
}
