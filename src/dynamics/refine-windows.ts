import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { FastTrajectory } from './fast-trajectory.js';
import { trajectory, type Trajectory } from './trajectory.js';
import type { StepWindow } from './trajectory-regime.js';

/**
 * A window of a float64 run re-run at high precision: GD from the float64 iterate w_start (its
 * shortest round-trip decimal, taken as exact) for end - start steps, with every check of
 * `trajectory`. `drift` is max_k |w_k(decimal) - w_k(float64)| / (1 + |w_k|) over the window: near
 * zero where float64 followed the true iterates, of order one where the run is chaotic (rounding
 * grows by the Lyapunov factor each step); the decimal run is the one the checks are about.
 */
export interface RefinedWindow {
  readonly window: StepWindow;
  readonly trajectory: Trajectory;
  readonly drift: number;
}

export function refineWindow(loss: CompiledLoss, run: FastTrajectory, window: StepWindow, eta: Decimal, onProgress?: (done: number, total: number) => void): RefinedWindow {
  const { D } = loss.context;
  const x0 = run.w.map((c) => new D(c[window.start]!));
  const refined = trajectory(loss, { eta, x0, steps: window.end - window.start, ...(onProgress && { onProgress }) });
  let drift = 0;
  refined.steps.forEach((st, j) => {
    const k = window.start + j;
    st.w.forEach((wi, i) => {
      const f = run.w[i]![k]!;
      drift = Math.max(drift, Math.abs(wi.toNumber() - f) / (1 + Math.abs(f)));
    });
  });
  return { window, trajectory: refined, drift };
}
