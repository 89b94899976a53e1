import { DomainError } from '../numeric/algebra.js';
import { numericContext } from '../numeric/context.js';
import { floatSharpness, type FloatLoss } from '../numeric/float-loss.js';
import { gaussLegendre } from '../numeric/gauss-legendre.js';
import type { TrajectoryEnd } from './trajectory.js';

export interface FastTrajectoryOptions {
  readonly eta: number;
  readonly x0: readonly number[];
  readonly steps: number;
  /** Gauss-Legendre nodes for rbar and rtilde per step (default 8; 0 skips the averages). */
  readonly nodes?: number;
  /** Called every `progressEvery` steps (default 4096) and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** A run whose iterate leaves this box (max |w_i|) is reported as diverged (default 1e100). */
  readonly divergenceBound?: number;
}

/**
 * A float64 GD run: series indexed by step, for runs too long for decimals. Entry k of `w`, `loss`
 * and `sharpness` belongs to w_k (k = 0..K, so K + 1 entries); `rbar`, `rtilde` and `stepNorm`
 * belong to the step d_k (K entries).
 */
export interface FastTrajectory {
  readonly eta: number;
  readonly twoOverEta: number;
  /** Steps taken (K). */
  readonly steps: number;
  readonly w: readonly Float64Array[];
  readonly loss: Float64Array;
  readonly sharpness: Float64Array;
  readonly stepNorm: Float64Array;
  readonly rbar?: Float64Array;
  readonly rtilde?: Float64Array;
  readonly end: TrajectoryEnd;
  readonly summary: {
    readonly maxSharpness: number;
    readonly finalSharpness: number;
    /** sum |d_k|^2 rtilde_k / sum |d_k|^2 (with the averages). */
    readonly weightedMeanRtilde?: number;
    /** Largest float64 residual of the loss-change identity (mixed absolute/relative, as at high precision). */
    readonly maxLossChangeResidual?: number;
    readonly telescopingResidual?: number;
  };
}

/** Float64 Gauss-Legendre nodes and weights on [0, 1], from the decimal rule. */
function floatRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const rule = gaussLegendre(n, numericContext(20));
  return { nodes: Float64Array.from(rule.nodes, Number), weights: Float64Array.from(rule.weights, Number) };
}

export function fastTrajectory(loss: FloatLoss, options: FastTrajectoryOptions): FastTrajectory {
  const { eta, steps: total } = options;
  const n = loss.n;
  const twoOverEta = 2 / eta;
  const bound = options.divergenceBound ?? 1e100;
  const every = options.progressEvery ?? 4096;
  const m = options.nodes ?? 8;
  const rule = m > 0 ? floatRule(m) : undefined;
  const w = Array.from({ length: n }, () => new Float64Array(total + 1));
  const lossSeries = new Float64Array(total + 1);
  const sharp = new Float64Array(total + 1);
  const stepNorm = new Float64Array(total);
  const rbar = rule ? new Float64Array(total) : undefined;
  const rtilde = rule ? new Float64Array(total) : undefined;
  const x = Float64Array.from(options.x0);
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  const d = new Float64Array(n);
  const y = new Float64Array(n);
  // Assigned inside visit(), so declared wide: no narrowing to 'completed'.
  let end = { kind: 'completed' } as TrajectoryEnd;
  let k = 0;
  let energy = 0;
  let weighted = 0;
  let telescoped = 0;
  let telescopeScale = 0;
  let maxLossChange = 0;
  let previousLoss = NaN;
  let previousPrediction = NaN;
  let previousScale = NaN;
  let maxSharp = -Infinity;
  /** u.H(x + t d)u with u = d/|d|, into a scalar. */
  const curvature = (t: number, norm2: number): number => {
    for (let i = 0; i < n; i++) y[i] = x[i]! + t * d[i]!;
    loss.hessian(y, h);
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += d[i]! * h[i * n + j]! * d[j]!;
    return s / norm2;
  };
  // Evaluates w_k, records it, and returns false when the run cannot go on.
  const visit = (): boolean => {
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(x[i]!) <= bound)) {
        end = { kind: 'stopped', atStep: k, reason: `diverged: |w_${k}| exceeds ${bound}` };
        return false;
      }
      w[i]![k] = x[i]!;
    }
    try {
      const value = loss.value(x);
      loss.gradient(x, g);
      loss.hessian(x, h);
      lossSeries[k] = value;
      sharp[k] = floatSharpness(h, n);
      if (sharp[k]! > maxSharp) maxSharp = sharp[k]!;
      if (k > 0 && rule) {
        // The loss change of the previous step, now that L(w_k) is known.
        const residual = Math.abs(value - previousLoss - previousPrediction) / Math.max(1, Math.abs(value) + previousScale);
        if (residual > maxLossChange) maxLossChange = residual;
      }
      previousLoss = value;
      return true;
    } catch (err) {
      if (err instanceof DomainError) {
        end = { kind: 'stopped', atStep: k, reason: `w_${k}: ${err.message}` };
        return false;
      }
      throw err;
    }
  };
  if (!visit()) throw new DomainError(end.kind === 'stopped' ? end.reason : 'x0 is not a valid start');
  const loss0 = lossSeries[0]!;
  for (; k < total; ) {
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      d[i] = -eta * g[i]!;
      norm2 += d[i]! * d[i]!;
    }
    stepNorm[k] = Math.sqrt(norm2);
    if (norm2 === 0) {
      end = { kind: 'stationary', atStep: k };
      break;
    }
    if (rule && rbar && rtilde) {
      let bar = 0;
      let tilde = 0;
      try {
        for (let q = 0; q < rule.nodes.length; q++) {
          const t = rule.nodes[q]!;
          const c = curvature(t, norm2);
          bar += rule.weights[q]! * c;
          tilde += 2 * rule.weights[q]! * (1 - t) * c;
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        end = { kind: 'stopped', atStep: k + 1, reason: `the step from w_${k}: ${err.message}` };
        k++;
        break;
      }
      rbar[k] = bar;
      rtilde[k] = tilde;
      energy += norm2;
      weighted += norm2 * tilde;
      telescoped += norm2 * (twoOverEta - tilde);
      telescopeScale += norm2 * (twoOverEta + Math.abs(tilde));
      previousPrediction = (norm2 / 2) * (tilde - twoOverEta);
      previousScale = Math.abs(previousLoss) + (norm2 / 2) * (Math.abs(tilde) + twoOverEta);
    }
    for (let i = 0; i < n; i++) x[i] = x[i]! + d[i]!;
    k++;
    if (!visit()) break;
    if (k % every === 0) options.onProgress?.(k, total);
  }
  options.onProgress?.(k, total);
  const finalLoss = lossSeries[k]!;
  // A run that stopped at an undefined point has no values at w_k: report up to w_{k-1}.
  const last = end.kind === 'stopped' ? Math.max(0, k - 1) : k;
  const trim = (a: Float64Array, len: number): Float64Array => (a.length === len ? a : a.slice(0, len));
  const averages = rule && energy > 0;
  return {
    eta,
    twoOverEta,
    steps: last,
    w: w.map((a) => trim(a, last + 1)),
    loss: trim(lossSeries, last + 1),
    sharpness: trim(sharp, last + 1),
    stepNorm: trim(stepNorm, last),
    ...(rbar && { rbar: trim(rbar, last) }),
    ...(rtilde && { rtilde: trim(rtilde, last) }),
    end,
    summary: {
      maxSharpness: maxSharp,
      finalSharpness: sharp[last]!,
      ...(averages && { maxLossChangeResidual: maxLossChange }),
      // Sums over all steps taken; a stopped run's last step leads to a point without a loss value.
      ...(averages &&
        end.kind !== 'stopped' && {
          weightedMeanRtilde: weighted / energy,
          telescopingResidual:
            Math.abs(telescoped - 2 * (loss0 - finalLoss)) / Math.max(1, telescopeScale + 2 * (Math.abs(loss0) + Math.abs(finalLoss))),
        }),
    },
  };
}
