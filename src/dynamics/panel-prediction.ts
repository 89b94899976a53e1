import { DomainError } from '../numeric/algebra.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { compileFloatLoss, type FloatLoss } from '../numeric/float-loss.js';

/*
 * A float64 forecast of the Gauss-Legendre error, so that the decimal quadrature of the Hessian
 * averages (hessian-averages.ts) evaluates the panels that will pass instead of finding them by
 * trial. It only chooses what to evaluate: every panel kept is still checked against its closed
 * forms in decimal, and a wrong forecast falls back to the refinement it replaces.
 *
 * Why it works: an integrand analytic in the Bernstein ellipse of parameter rho around a panel has
 * Chebyshev coefficients |c_k| ~ rho^-k, and the m-node rule, exact to degree 2m - 1, errs by about
 * the tail sum_{k >= 2m} |c_k| times the half-width. float64 sees the coefficients only down to its
 * noise (~1e-13 of the largest here), far above the 1e-30 targets, so the tail is extrapolated from
 * the decay rate measured above that floor: the same rho that sets the error sets the slope.
 */

/**
 * Chebyshev points per panel: a decay fast enough for a 22-node panel at 30 digits (rho >~ 4.8)
 * reaches the noise floor by k ~ 20, within sight. Each point is a float64 Hessian (~1/10 of a
 * decimal one), so no more: on the search's steps (seed 7, 30 digits) 32 points saved 0.5% of the
 * decimal evaluations that 24 left, and 16 or 20 wasted 5x more on panels that then missed.
 */
const POINTS = 24;

/**
 * Coefficients below this fraction of the largest are treated as float64 noise: CAS Hessians cancel
 * (sums of products of exponentials), so the usable floor sits above the unit roundoff.
 */
const NOISE = 1e-13;

/** cos(j theta_k) for the Chebyshev points x_k = cos(theta_k) of the first kind, row by row: the discrete cosine transform. */
const cosines = Float64Array.from({ length: POINTS * POINTS }, (_, i) => Math.cos((Math.floor(i / POINTS) * Math.PI * ((i % POINTS) + 0.5)) / POINTS));

/** The Chebyshev points of [a, b], where a panel's integrand is sampled. */
export const chebyshevPoints = (a: number, b: number): number[] => Array.from({ length: POINTS }, (_, k) => (a + b) / 2 + ((b - a) / 2) * cosines[POINTS + k]!);

/** Envelope of |Chebyshev coefficients| of the interpolant through `values` at chebyshevPoints. */
function envelope(values: readonly number[]): Float64Array {
  const c = new Float64Array(POINTS);
  for (let j = 0; j < POINTS; j++) {
    let s = 0;
    for (let k = 0; k < POINTS; k++) s += cosines[j * POINTS + k]! * values[k]!;
    c[j] = (Math.abs(s) * (j === 0 ? 1 : 2)) / POINTS;
  }
  // Running maximum from the end: monotone, so one small coefficient (a zero of T_k's weight)
  // does not fake a fast decay.
  for (let k = POINTS - 2; k >= 0; k--) c[k] = Math.max(c[k]!, c[k + 1]!);
  return c;
}

/**
 * Predicted |m-node Gauss-Legendre - integral| over a panel of width `width`, for any m, from the
 * integrand's values at its Chebyshev points. The decay rate is measured on the upper half of the
 * coefficients above the noise floor (the first few reflect the shape of the integrand, not the
 * singularity), and the floor itself stands in for the first coefficient below it: a conservative
 * (small) rho. Infinity where the coefficients do not decay at all.
 */
export function gaussLegendreErrorEstimate(values: readonly number[], width: number): (m: number) => number {
  const c = envelope(values);
  if (c[0] === 0) return () => 0;
  const floor = c[0]! * NOISE;
  let last = 0;
  while (last + 1 < POINTS && c[last + 1]! > floor) last++;
  // Reaching the floor takes two coefficients below it (an even or odd integrand has every other
  // coefficient zero); otherwise the decay is measured up to the last pair, unresolved.
  const [end, level] = last + 2 < POINTS ? [last + 1, floor] : [POINTS - 2, c[POINTS - 2]!];
  const start = Math.floor(end / 2);
  const rho = (c[start]! / level) ** (1 / (end - start));
  if (!(rho > 1)) return () => Infinity;
  // Half-width times 2 (|integral T_k| + |rule T_k| <= 2 + 2/(k^2 - 1)) times the geometric tail
  // from k = 2m. Not scaled: on the search's steps (seed 7, 30 digits) factors 1e-2, 1e-1, 1, 3, 10
  // on it left 9.8k, 9.4k, 9.4k, 9.5k, 9.6k decimal Hessian evaluations, of which 674, 344, 116, 28,
  // 28 on panels that then missed (a smaller estimate wastes failed panels, a larger one splits).
  return (m) => width * level * rho ** (end - 2 * m) * (rho / (rho - 1));
}

/** Errors of a panel [a, b] (allowed or predicted) for the two integrands of the averages. */
export interface PanelBudget {
  readonly bar: number;
  readonly tilde: number;
}

/** d.H(w + t d)d in float64; throws DomainError where float64 cannot evaluate it (overflow, domain). */
export type FloatCurvature = (t: number) => number;

/**
 * The predicted errors of the m-node rule on [a, b], for any m, for the uniform average (integrand
 * g) and the triangular one (2 (1 - t) g), from one set of samples. Undefined where float64 fails
 * somewhere on [a, b].
 */
export function forecastPanel(g: FloatCurvature, a: number, b: number): ((m: number) => PanelBudget) | undefined {
  const points = chebyshevPoints(a, b);
  let values: number[];
  try {
    values = points.map(g);
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
  const bar = gaussLegendreErrorEstimate(values, b - a);
  const tilde = gaussLegendreErrorEstimate(points.map((t, k) => 2 * (1 - t) * values[k]!), b - a);
  return (m) => ({ bar: bar(m), tilde: tilde(m) });
}

export const within = (e: PanelBudget, budget: PanelBudget): boolean => e.bar <= budget.bar && e.tilde <= budget.tilde;

/** forecastPanel for the panels [a, b] of one step, each sampled once (the cheap rungs and the split decisions share [0, 1]). */
export type StepForecast = (a: number, b: number) => ((m: number) => PanelBudget) | undefined;

export function stepForecast(g: FloatCurvature): StepForecast {
  const cache = new Map<string, ((m: number) => PanelBudget) | undefined>();
  return (a, b) => {
    const key = `${a}:${b}`;
    if (!cache.has(key)) cache.set(key, forecastPanel(g, a, b));
    return cache.get(key);
  };
}

/** The forecast's partition of [0, 1]: panels to split unevaluated, and the rule of each panel kept. */
export interface PanelPlan {
  readonly splits: (depth: number, j: number) => boolean;
  /** Nodes for panel j of 2^depth, where the plan keeps it. */
  readonly nodes: (depth: number, j: number) => number | undefined;
}

/**
 * The cheapest partition of [0, 1] into dyadic panels (panel j of 2^depth, down to maxDepth), each
 * with one of `sizes` (ascending) predicted to meet its share budget(a, b). Near a singularity a
 * larger rule on one panel can cost fewer nodes than halving (rho^(-2m) against two panels of a
 * larger rho each): the cost of a panel is the smaller of its cheapest passing rule and the cost of
 * its halves, which are only looked at where that could be smaller (above twice sizes[0]).
 * Undefined where float64 fails on a panel it needs (then nothing is predicted).
 */
export function planPanels(forecast: StepForecast, sizes: readonly number[], maxDepth: number, budget: (a: number, b: number) => PanelBudget): PanelPlan | undefined {
  const splits = new Set<string>();
  const kept = new Map<string, number>();
  /** Nodes the subtree of panel (depth, j) needs, recording its plan; NaN where float64 fails. */
  const cost = (depth: number, j: number): number => {
    const key = `${depth}:${j}`;
    if (depth === maxDepth) {
      kept.set(key, sizes[0]!);
      return sizes[0]!;
    }
    const [a, b] = [j / 2 ** depth, (j + 1) / 2 ** depth];
    const errors = forecast(a, b);
    if (!errors) return NaN;
    const m = sizes.find((k) => within(errors(k), budget(a, b))) ?? Infinity;
    const halves = m > 2 * sizes[0]! ? cost(depth + 1, 2 * j) + cost(depth + 1, 2 * j + 1) : Infinity;
    if (Number.isNaN(halves)) return NaN;
    if (m <= halves) {
      kept.set(key, m);
      return m;
    }
    splits.add(key);
    return halves;
  };
  return Number.isNaN(cost(0, 0)) ? undefined : { splits: (depth, j) => splits.has(`${depth}:${j}`), nodes: (depth, j) => kept.get(`${depth}:${j}`) };
}

const floatLosses = new WeakMap<CompiledLoss, FloatLoss>();

/** The curvature d.H(w + t d)d of the step in float64 (the loss compiled once, cached). */
export function floatCurvature(loss: CompiledLoss, w: readonly number[], d: readonly number[]): FloatCurvature {
  let fast = floatLosses.get(loss);
  if (!fast) floatLosses.set(loss, (fast = compileFloatLoss(loss.loss, loss.table)));
  const f = fast;
  const n = w.length;
  const h = new Float64Array(n * n);
  const x = new Float64Array(n);
  return (t) => {
    for (let i = 0; i < n; i++) x[i] = w[i]! + t * d[i]!;
    f.hessian(x, h);
    let s = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) s += d[i]! * h[i * n + k]! * d[k]!;
    if (!Number.isFinite(s)) throw new DomainError('curvature is not finite in float64');
    return s;
  };
}
