import type { FastTrajectory } from './fast-trajectory.js';

/**
 * What a long float64 run did, with the evidence for it:
 * - diverged: the run stopped at an undefined or unbounded point;
 * - stable: sharpness never reached 2/eta and the loss never rose (classical GD: the quadratic model
 *   explains everything);
 * - edge-of-stability: sharpness reached 2/eta (at `onset`) and at least a tenth of the run after it
 *   stayed within 5% of 2/eta (`stepsNearEdge`); `lossIncreases` says whether the loss was
 *   non-monotone as well (in a two-parameter model it often is not);
 * - oscillating: sharpness passed 2/eta but the run did not stay near it (a catapult, or a cycle away
 *   from the edge);
 * `final` says how the run ended: converged (steps below 1e-12 relative), on a cycle of period p
 * (|w_K - w_{K-p}| below 1e-9 relative), or still moving.
 */
export interface RegimeReport {
  readonly kind: 'diverged' | 'stable' | 'edge-of-stability' | 'oscillating';
  /** First step with sharpness >= 2/eta. */
  readonly onset?: number;
  /** Steps with |sharpness eta/2 - 1| <= 5%, after the onset. */
  readonly stepsNearEdge: number;
  /** Steps k with L(w_{k+1}) > L(w_k). */
  readonly lossIncreases: number;
  readonly final: { readonly kind: 'converged' } | { readonly kind: 'cycle'; readonly period: number } | { readonly kind: 'moving' } | { readonly kind: 'stopped'; readonly reason: string };
}

const NEAR = 0.05;
const MAX_PERIOD = 16;

export function trajectoryRegime(run: FastTrajectory): RegimeReport {
  const K = run.steps;
  const edge = run.twoOverEta;
  let onset: number | undefined;
  let near = 0;
  let increases = 0;
  for (let k = 0; k <= K; k++) {
    const s = run.sharpness[k]!;
    if (onset === undefined && s >= edge) onset = k;
    if (onset !== undefined && Math.abs(s / edge - 1) <= NEAR) near++;
    if (k < K && run.loss[k + 1]! > run.loss[k]!) increases++;
  }
  const scale = 1 + Math.max(...run.w.map((c) => Math.abs(c[K]!)));
  let final: RegimeReport['final'] = { kind: 'moving' };
  if (run.end.kind === 'stopped') final = { kind: 'stopped', reason: run.end.reason };
  else if (run.end.kind === 'stationary' || (K > 0 && run.stepNorm[K - 1]! <= 1e-12 * scale)) final = { kind: 'converged' };
  else {
    for (let p = 2; p <= Math.min(MAX_PERIOD, K); p++) {
      const gap = Math.max(...run.w.map((c) => Math.abs(c[K]! - c[K - p]!)));
      if (gap <= 1e-9 * scale) {
        final = { kind: 'cycle', period: p };
        break;
      }
    }
  }
  const base = { ...(onset !== undefined && { onset }), stepsNearEdge: near, lossIncreases: increases, final };
  if (run.end.kind === 'stopped') return { kind: 'diverged', ...base };
  if (onset === undefined && increases === 0) return { kind: 'stable', ...base };
  const after = onset === undefined ? 0 : K + 1 - onset;
  if (onset !== undefined && near >= Math.max(3, 0.1 * after)) return { kind: 'edge-of-stability', ...base };
  return { kind: onset === undefined ? 'stable' : 'oscillating', ...base };
}

/** Half-open step windows [start, end) to refine at high precision. */
export interface StepWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Windows worth a high-precision look: the start, the onset of the edge (centred on it) and the end,
 * each `length` steps, clipped to the run and merged where they overlap.
 */
export function refinementWindows(run: FastTrajectory, regime: RegimeReport, length: number): readonly StepWindow[] {
  const K = run.steps;
  const clip = (start: number): StepWindow => {
    const s = Math.max(0, Math.min(start, K - length));
    return { start: s, end: Math.min(K, s + length) };
  };
  const candidates = [clip(0), ...(regime.onset !== undefined ? [clip(regime.onset - Math.floor(length / 2))] : []), clip(K - length)];
  const merged: StepWindow[] = [];
  for (const w of candidates.sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && w.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, w.end) };
    else if (w.end > w.start) merged.push(w);
  }
  return merged;
}
