import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { Vector } from '../numeric/linalg.js';
import { floatLoss, type FloatVector } from './float-search.js';
import { floatEigen, type FlattestPoint } from './manifolds.js';

/*
 * The three regimes of seed 003 (MATH.md §5) for GD near a curve of minima, with eta* = 2/lambda* at
 * the flattest point: subcritical (eta < eta*) converges linearly to a minimum, at the rate of the
 * normal multiplier |1 - eta lambda| there; critical (eta = eta*) converges like t^(-1/2), normal and
 * tangent distances alike; supercritical (eta > eta*) converges linearly to the stable 2-cycle around
 * the flattest point, at the rate sqrt(rho) per step, rho the spectral radius of DG(w1) DG(w0). A
 * float64 run gives the fitted rate; the prediction comes from the theory at the run's end.
 */

export type ManifoldRegimeKind = 'subcritical' | 'critical' | 'supercritical';

export interface RateFit {
  /** 'linear': per-step contraction factor; 'power': exponent p of the decay t^p. */
  readonly kind: 'linear' | 'power';
  readonly fitted: number;
  readonly predicted: number;
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
  /** Every fit within tolerance (rates within 0.02, exponents within 0.05). */
  readonly agrees: boolean;
}

/** eta within this relative distance of eta* counts as critical. */
const CRITICAL_WINDOW = 1e-12;

/** Geometric rate of a decaying series between the first steps where it falls below hi and below lo. */
function linearFit(series: readonly number[], hi: number, lo: number): { rate: number; window: [number, number] } | undefined {
  const k1 = series.findIndex((e) => e < hi);
  const k2 = series.findIndex((e) => e < lo);
  if (k1 < 0 || k2 <= k1) return undefined;
  return { rate: (series[k2]! / series[k1]!) ** (1 / (k2 - k1)), window: [k1, k2] };
}

export function manifoldRegime(f: CompiledLoss, flattest: FlattestPoint, eta: Decimal, start: Vector, steps: number): ManifoldRegime {
  const fl = floatLoss(f);
  const e = eta.toNumber();
  const relative = eta.div(flattest.criticalEta).minus(1).toNumber();
  const kind: ManifoldRegimeKind = Math.abs(relative) <= CRITICAL_WINDOW ? 'critical' : relative < 0 ? 'subcritical' : 'supercritical';
  const w: FloatVector[] = [start.map((x) => x.toNumber())];
  const grad: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const g = fl.gradient(w[k]!);
    grad.push(Math.hypot(...g));
    if (k < steps) w.push(w[k]!.map((x, i) => x - e * g[i]!));
  }
  const final = w[steps]!;
  const fits: RateFit[] = [];
  const scale = Math.max(1, grad[0]!);
  if (kind === 'subcritical') {
    // The normal multiplier at the limit; the tangent one is 1 but the drift has stopped there.
    const predicted = Math.abs(1 - e * floatEigen(fl.hessian(final)).top);
    const fit = linearFit(grad, 1e-4 * scale, 1e-11 * scale);
    if (fit) fits.push({ kind: 'linear', fitted: fit.rate, predicted, quantity: '|grad L|', window: fit.window });
  } else if (kind === 'critical') {
    const p = flattest.point.map((x) => x.toNumber());
    const tangent = w.map((x) => Math.hypot(x[0]! - p[0]!, x[1]! - p[1]!));
    // Over the last decade of steps, averaging two consecutive steps (the normal part alternates).
    const k1 = Math.floor(steps / 10);
    const k2 = steps - 1;
    const slope = (s: readonly number[]) => Math.log((s[k2]! + s[k2 - 1]!) / (s[k1]! + s[k1 - 1]!)) / Math.log(k2 / k1);
    fits.push({ kind: 'power', fitted: slope(grad), predicted: -0.5, quantity: '|grad L|', window: [k1, k2] });
    fits.push({ kind: 'power', fitted: slope(tangent), predicted: -0.5, quantity: 'tangent: |w - p*|', window: [k1, k2] });
  } else {
    const gap = w.slice(0, -2).map((x, k) => Math.hypot(x[0]! - w[k + 2]![0]!, x[1]! - w[k + 2]![1]!));
    const d = (x: FloatVector) => {
      const h = fl.hessian(x);
      return h.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - e * v));
    };
    const [a, b] = [d(w[steps]!), d(w[steps - 1]!)];
    const m = [0, 1].map((i) => [0, 1].map((j) => a[i]![0]! * b[0]![j]! + a[i]![1]! * b[1]![j]!));
    const tr = m[0]![0]! + m[1]![1]!;
    const det = m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;
    const disc = tr * tr - 4 * det;
    const rho = disc >= 0 ? Math.max(Math.abs((tr + Math.sqrt(disc)) / 2), Math.abs((tr - Math.sqrt(disc)) / 2)) : Math.sqrt(det);
    // Later than for the fixed point: the approach to the cycle has a slower transient (the tangent drift).
    const fit = linearFit(gap, 1e-7 * scale, 1e-12 * scale);
    if (fit) fits.push({ kind: 'linear', fitted: fit.rate, predicted: Math.sqrt(rho), quantity: '|w_{k+2} - w_k|', window: fit.window });
  }
  const agrees = fits.length > 0 && fits.every((r) => Math.abs(r.fitted - r.predicted) <= (r.kind === 'linear' ? 0.02 : 0.05));
  return { kind, etaStar: flattest.criticalEta, fits, final, agrees };
}
