import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { largestSymmetricEigenvalue, type Matrix, type Vector } from '../numeric/linalg.js';
import { floatCurvature } from './panel-prediction.js';
import { curvatureAlong, hessianAverages, nodesPerPanel, pointValues, type HessianAverages, type PointValues } from './hessian-averages.js';
import { meanValuePoint, polynomialMeanValuePoint, type MeanValuePoint } from './mean-value-points.js';
import { curvaturePolynomial, polynomialLossDegree } from './polynomial-loss.js';
import { add, atLeastOne, dot, matVec, maxAbs, norm, scale, sub } from './vectors.js';

export interface TrajectoryOptions {
  readonly eta: Decimal;
  readonly x0: Vector;
  readonly steps: number;
  /** Locate xi and zeta on every step (default true); the rest of the checks do not need them. */
  readonly meanValuePoints?: boolean;
  /** Called after each step; the library never writes to the terminal itself. */
  readonly onProgress?: (done: number, total: number) => void;
  /** A run whose iterate leaves this box (max |w_i|) is reported as diverged (default 1e50). */
  readonly divergenceBound?: Decimal.Value;
}

/** One GD step k: w_k, the step d_k = w_{k+1} - w_k, and everything MATH.md §2-3 says about it. */
export interface TrajectoryStep {
  readonly k: number;
  readonly w: Vector;
  readonly loss: Decimal;
  readonly step: Vector;
  /** Largest eigenvalue of H(w_k). */
  readonly sharpness: Decimal;
  /** u.Hbar u and u.Htilde u (u = d/|d|) by Gauss-Legendre quadrature. */
  readonly rbar: Decimal;
  readonly rtilde: Decimal;
  /** The same from the secant and the second-order remainder (L and grad L only). */
  readonly closedForm: HessianAverages['closedForm'];
  /**
   * The averaged Hessians themselves (quadrature): the theorem registry's checks start from them.
   * Without mean-value points they may come from a cheaper rule verified only along d (Hbar d,
   * d.Hbar d, d.Htilde d against their closed forms): `quadrature.rule` says which.
   */
  readonly hbar: Matrix;
  readonly htilde: Matrix;
  readonly quadrature: { readonly nodes: number; readonly rule: 'converged' | 'along-step'; readonly residual: { readonly rbar: Decimal; readonly rtilde: Decimal } };
  /**
   * Scaled residuals of the exact identities, with the quadrature averages:
   * recurrence |d_{k+1} - (I - eta Hbar_k) d_k| and loss change
   * |L(w_{k+1}) - L(w_k) - (|d_k|^2/2)(rtilde_k - 2/eta)|, each divided by max(1, the sum of the
   * magnitudes of the terms that enter). Iterates and losses are among those terms: d_k and the
   * loss change are formed by subtraction, so their rounding is relative to them; the floor of 1
   * makes the measure absolute for small terms, as in the derivative cross-check.
   */
  readonly residuals: { readonly recurrence: Decimal; readonly lossChange: Decimal };
  readonly xi?: MeanValuePoint;
  readonly zeta?: MeanValuePoint;
  /**
   * Thm 4.1 after this step (K = k + 1): the |d|^2-weighted running mean of rtilde, the bound
   * 2/eta - 2(L_0 - L_K)/E_K (equal to it by telescoping), and max_{j<=k} rtilde_j >= bound.
   */
  readonly thm41: { readonly runningMean: Decimal; readonly bound: Decimal; readonly maxRtilde: Decimal; readonly holds: boolean };
  /** Cor 4.4: |rbar_k - 2/eta| <= |w_{k+2} - w_k| / (eta |d_k|). */
  readonly cor44: { readonly gap: Decimal; readonly bound: Decimal; readonly holds: boolean };
}

export type TrajectoryEnd =
  | { readonly kind: 'completed' }
  /**
   * w_{k+1} = w_k at the working precision (eta grad L(w_k) is below the rounding unit of w_k):
   * the run has converged as far as this precision can follow it; the averages along a zero step
   * are undefined, so the steps end here.
   */
  | { readonly kind: 'stationary'; readonly atStep: number }
  /** The run stopped before `steps`: an undefined point or divergence. */
  | { readonly kind: 'stopped'; readonly atStep: number; readonly reason: string };

export interface TrajectorySummary {
  readonly twoOverEta: Decimal;
  /** |sum_k |d_k|^2 (2/eta - rtilde_k) - 2 (L_0 - L_K)| over max(1, the scale of its terms). */
  readonly telescopingResidual: Decimal;
  readonly weightedMeanRtilde: Decimal;
  readonly maxRtilde: Decimal;
  /** 2/eta - 2(L_0 - L_K)/E_K: Thm 4.1's lower bound for max rtilde, with L_K for L_inf. */
  readonly thm41Bound: Decimal;
  readonly maxSharpness: Decimal;
  readonly finalSharpness: Decimal;
  readonly maxResidual: {
    readonly recurrence: Decimal;
    readonly lossChange: Decimal;
    readonly quadrature: Decimal;
    readonly meanValue: Decimal;
  };
  readonly meanValuePoints: { readonly nonUnique: number; readonly everywhere: number; readonly notFound: number };
  readonly cor44Violations: number;
  readonly thm41Violations: number;
}

export interface Trajectory {
  readonly eta: Decimal;
  readonly digits: number;
  readonly precision: number;
  /** 10^-(digits - 5): what every identity residual must stay below. */
  readonly tolerance: Decimal;
  /** The scaled residual each step's quadrature aims at (10^-digits); a step above it missed it. */
  readonly quadratureTarget: Decimal;
  readonly steps: readonly TrajectoryStep[];
  /** The last iterate w_K (K = steps.length) with its loss and sharpness. */
  readonly final: { readonly w: Vector; readonly loss: Decimal; readonly sharpness: Decimal };
  readonly end: TrajectoryEnd;
  readonly summary: TrajectorySummary;
  /** One line per failed check (empty when every residual is within tolerance). */
  readonly failures: readonly string[];
}

/**
 * The step recurrence d_{k+1} = (I - eta Hbar_k) d_k for three consecutive iterates: the residual
 * |d_{k+1} - d_k + eta Hbar_k d_k| over max(1, |w_{k+2}| + 2|w_{k+1}| + |w_k| + eta|Hbar_k d_k|), the
 * terms it is formed from. A wrong average (Htilde for Hbar) or a wrong eta shows here.
 */
export function recurrenceResidual(iterates: readonly [Vector, Vector, Vector], hbar: Matrix, eta: Decimal, normOf: (w: Vector) => Decimal = norm): Decimal {
  const [w0, w1, w2] = iterates;
  const d = sub(w1, w0);
  const etaHbarD = scale(eta, matVec(hbar, d));
  const terms = normOf(w2).plus(normOf(w1).times(2)).plus(normOf(w0)).plus(norm(etaHbarD));
  return norm(add(sub(sub(w2, w1), d), etaHbarD)).div(atLeastOne(terms));
}

/**
 * The loss change L(w_{k+1}) - L(w_k) = (|d|^2/2)(r - c) with r = rtilde and c = 2/eta: the residual
 * over max(1, |L_{k+1}| + |L_k| + (|d|^2/2)(|r| + |c|)). The same function measures the negative
 * controls (r = rbar, or c = 1/eta), which must fail.
 */
export function lossChangeResidual(loss0: Decimal, loss1: Decimal, normSq: Decimal, r: Decimal, c: Decimal): Decimal {
  const half = normSq.div(2);
  const terms = loss1.abs().plus(loss0.abs()).plus(half.times(r.abs().plus(c.abs())));
  return loss1.minus(loss0).minus(half.times(r.minus(c))).abs().div(atLeastOne(terms));
}

export function sharpness(h: Matrix, loss: CompiledLoss): Decimal {
  return largestSymmetricEigenvalue(h, loss.context);
}

/**
 * GD at the loss's working precision from x0, with the identities of MATH.md §2 checked on every
 * step by quadrature and by closed forms, and the mean-value points of §3 located by root finding
 * (for a polynomial loss: every root, isolated exactly on its curvature polynomial).
 */
export function trajectory(loss: CompiledLoss, options: TrajectoryOptions): Trajectory {
  const ctx = loss.context;
  const { D } = ctx;
  const { eta, steps: total } = options;
  const twoOverEta = new D(2).div(eta);
  const tolerance = new D(10).pow(-(ctx.digits - 5));
  const quadratureTarget = new D(10).pow(-ctx.digits);
  const bound = new D(options.divergenceBound ?? '1e50');
  const withMeanValues = options.meanValuePoints ?? true;
  const zero = new D(0);
  // A few units in the last place of the working precision.
  const unitRoundoff = new D(10).pow(-ctx.precision + 1);

  const steps: TrajectoryStep[] = [];
  let end: TrajectoryEnd = { kind: 'completed' };
  const failures: string[] = [];
  const fail = (line: string): void => {
    if (failures.length < 20) failures.push(line);
  };
  /** The values at a new iterate, or the reason the run cannot go on. */
  const visit = (w: Vector, k: number): PointValues | string => {
    if (maxAbs(w).gt(bound)) return `diverged: |w_${k}| exceeds ${bound.toString()}`;
    try {
      return pointValues(loss, w);
    } catch (err) {
      if (err instanceof DomainError) return `w_${k} is outside the loss's domain: ${err.message}`;
      throw err;
    }
  };
  const gdStep = (p: PointValues): Vector => sub(p.w, scale(eta, p.gradient));
  // |w_k| enters the residual scales of three consecutive steps: computed once per iterate.
  const norms = new WeakMap<Vector, Decimal>();
  const iterateNorm = (w: Vector): Decimal => {
    let r = norms.get(w);
    if (!r) norms.set(w, (r = norm(w)));
    return r;
  };

  const start = visit(options.x0, 0);
  if (typeof start === 'string') throw new DomainError(start);
  let current: PointValues = start;
  let next = visit(gdStep(current), 1);
  const loss0 = current.value;
  let energy = zero;
  let weighted = zero;
  let maxRtilde: Decimal | undefined;
  let maxSharpness: Decimal | undefined;
  const maxResidual = { recurrence: zero, lossChange: zero, quadrature: zero, meanValue: zero };
  const mvCounts = { nonUnique: 0, everywhere: 0, notFound: 0 };
  let cor44Violations = 0;
  let thm41Violations = 0;

  for (let k = 0; k < total; k++) {
    if (typeof next === 'string') {
      end = { kind: 'stopped', atStep: k, reason: next };
      break;
    }
    const d = sub(next.w, current.w);
    const normSq = dot(d, d);
    if (normSq.isZero()) {
      // eta grad L(w_k) is below the rounding unit of w_k: the rounded GD map has a fixed point.
      end = { kind: 'stationary', atStep: k };
      break;
    }
    const afterNext = gdStep(next);
    // Without the mean-value points (which bracket on the samples of the converged rule) a step
    // may keep a cheaper rule that its closed forms verify along d (hessianAverages). After a step
    // that needed several panels (a singularity near the segment) the next, of similar length near
    // the edge of stability, would waste the cheap try: it goes straight to the converged rule.
    const previous = steps.at(-1)?.quadrature;
    const tryCheap = !withMeanValues && (previous === undefined || previous.nodes <= nodesPerPanel(ctx.precision));
    const avg = hessianAverages(loss, current, next, d, quadratureTarget, tryCheap);

    const recurrence = recurrenceResidual([current.w, next.w, afterNext], avg.hbar, eta, iterateNorm);
    const lossChange = lossChangeResidual(current.value, next.value, normSq, avg.rtilde, twoOverEta);

    // Thm 4.1 running quantities.
    energy = energy.plus(normSq);
    weighted = weighted.plus(normSq.times(avg.rtilde));
    maxRtilde = maxRtilde === undefined || avg.rtilde.gt(maxRtilde) ? avg.rtilde : maxRtilde;
    const runningMean = weighted.div(energy);
    const thm41Bound = twoOverEta.minus(loss0.minus(next.value).times(2).div(energy));
    const thm41Holds = maxRtilde.gte(thm41Bound.minus(tolerance.times(twoOverEta.plus(maxRtilde.abs()))));

    // Cor 4.4. It is an equality in one variable, and its bound is formed from iterates (rounded
    // to the working precision), so the comparison allows the tolerance plus that rounding.
    const gap = avg.rbar.minus(twoOverEta).abs();
    const length = normSq.sqrt();
    const etaStep = eta.times(length);
    const corBound = norm(sub(afterNext, current.w)).div(etaStep);
    const iterateRounding = iterateNorm(afterNext).plus(iterateNorm(current.w)).times(unitRoundoff).div(etaStep);
    const corHolds = gap.lte(corBound.plus(iterateRounding).plus(tolerance.times(twoOverEta.plus(avg.rbar.abs()))));

    const s = sharpness(current.hessian, loss);
    maxSharpness = maxSharpness === undefined || s.gt(maxSharpness) ? s : maxSharpness;

    let xi: MeanValuePoint | undefined;
    let zeta: MeanValuePoint | undefined;
    if (withMeanValues) {
      const curvature = curvatureAlong(loss, current.w, d, d.map((di) => di.div(length)));
      // A polynomial loss: all roots exactly (Sturm); any other: bracketing on the quadrature samples.
      const degree = polynomialLossDegree(loss);
      const coefficients = degree === undefined ? undefined : curvaturePolynomial(avg.samples, curvature, Math.max(degree - 2, 0), ctx);
      // The float64 curvature (a starting guess for the roots) only where they are bracketed.
      const along = coefficients ? undefined : floatCurvature(loss, current.w.map(Number), d.map(Number));
      const approx = along && ((t: number): number => along(t) / normSq.toNumber());
      const locate = (target: Decimal): MeanValuePoint =>
        coefficients ? polynomialMeanValuePoint(coefficients, curvature, target, ctx) : meanValuePoint(curvature, target, avg.samples, ctx, approx);
      xi = locate(avg.rbar);
      zeta = locate(avg.rtilde);
      for (const [name, p] of [['xi', xi], ['zeta', zeta]] as const) {
        if (p.kind === 'found') {
          if (!p.unique) mvCounts.nonUnique++;
          if (p.residual.gt(maxResidual.meanValue)) maxResidual.meanValue = p.residual;
          if (p.residual.gt(tolerance)) fail(`step ${k}: ${name} reproduces its average only to ${p.residual.toExponential(2)}`);
        } else if (p.kind === 'everywhere') {
          mvCounts.everywhere++;
        } else {
          mvCounts.notFound++;
          fail(`step ${k}: ${name} not found (${p.reason})`);
        }
      }
    }

    const quadrature = D.max(avg.quadratureResidual.rbar, avg.quadratureResidual.rtilde);
    if (recurrence.gt(maxResidual.recurrence)) maxResidual.recurrence = recurrence;
    if (lossChange.gt(maxResidual.lossChange)) maxResidual.lossChange = lossChange;
    if (quadrature.gt(maxResidual.quadrature)) maxResidual.quadrature = quadrature;
    if (recurrence.gt(tolerance)) fail(`step ${k}: step recurrence residual ${recurrence.toExponential(2)}`);
    if (lossChange.gt(tolerance)) fail(`step ${k}: loss-change residual ${lossChange.toExponential(2)}`);
    if (quadrature.gt(tolerance)) fail(`step ${k}: quadrature and closed form differ by ${quadrature.toExponential(2)} with ${avg.nodes} nodes`);
    if (!thm41Holds) {
      thm41Violations++;
      fail(`step ${k}: Thm 4.1 bound ${thm41Bound.toExponential(6)} exceeds max rtilde ${maxRtilde.toExponential(6)}`);
    }
    if (!corHolds) {
      cor44Violations++;
      fail(`step ${k}: Cor 4.4 fails: |rbar - 2/eta| = ${gap.toExponential(6)} > ${corBound.toExponential(6)}`);
    }

    steps.push({
      k,
      w: current.w,
      loss: current.value,
      step: d,
      sharpness: s,
      rbar: avg.rbar,
      rtilde: avg.rtilde,
      closedForm: avg.closedForm,
      hbar: avg.hbar,
      htilde: avg.htilde,
      quadrature: { nodes: avg.nodes, rule: avg.rule, residual: avg.quadratureResidual },
      residuals: { recurrence, lossChange },
      ...(xi && { xi }),
      ...(zeta && { zeta }),
      thm41: { runningMean, bound: thm41Bound, maxRtilde, holds: thm41Holds },
      cor44: { gap, bound: corBound, holds: corHolds },
    });
    options.onProgress?.(k + 1, total);
    current = next;
    next = visit(afterNext, k + 2);
  }

  const finalSharpness = sharpness(current.hessian, loss);
  // Telescoping: sum_k |d_k|^2 (2/eta - rtilde_k) = 2 (L_0 - L_K).
  let telescoped = zero;
  let telescopeScale = loss0.abs().plus(current.value.abs()).times(2);
  for (const st of steps) {
    const sq = dot(st.step, st.step);
    telescoped = telescoped.plus(sq.times(twoOverEta.minus(st.rtilde)));
    telescopeScale = telescopeScale.plus(sq.times(twoOverEta.plus(st.rtilde.abs())));
  }
  const telescopingResidual = steps.length === 0 ? zero : telescoped.minus(loss0.minus(current.value).times(2)).abs().div(atLeastOne(telescopeScale));
  if (telescopingResidual.gt(tolerance)) fail(`telescoping sum residual ${telescopingResidual.toExponential(2)}`);
  const last = steps.at(-1);
  return {
    eta,
    digits: ctx.digits,
    precision: ctx.precision,
    tolerance,
    quadratureTarget,
    steps,
    final: { w: current.w, loss: current.value, sharpness: finalSharpness },
    end,
    summary: {
      twoOverEta,
      telescopingResidual,
      weightedMeanRtilde: last?.thm41.runningMean ?? zero,
      maxRtilde: maxRtilde ?? zero,
      thm41Bound: last?.thm41.bound ?? twoOverEta,
      maxSharpness: D.max(maxSharpness ?? finalSharpness, finalSharpness),
      finalSharpness,
      maxResidual,
      meanValuePoints: mvCounts,
      cor44Violations,
      thm41Violations,
    },
    failures,
  };
}
