import type { Decimal } from 'decimal.js';
import { trajectory, type Trajectory } from '../src/dynamics/trajectory.js';
import type { Vector } from '../src/numeric/linalg.js';
import type { Instance, Verdict } from './theorem.js';

/** Steps per instance: enough for the two-step and telescoping claims, few enough for a fast search. */
export const RUN_STEPS = 4;

/**
 * A short GD run with the Hessian averages by quadrature (src/dynamics/trajectory.ts) on which the
 * step claims of MATH.md §2-3 are checked. A run that stops early (undefined point, divergence
 * beyond |w| = 100, or a zero step at this precision) does not meet the hypotheses: undecided.
 */
export function onRun(i: Instance, body: (run: Trajectory, iterate: (k: number) => Vector) => Verdict, meanValuePoints = false): Verdict {
  const run = trajectory(i.f, { eta: i.eta, x0: i.start, steps: RUN_STEPS, divergenceBound: 100, meanValuePoints });
  if (run.end.kind !== 'completed') {
    return { kind: 'undecided', reason: run.end.kind === 'stopped' ? `run stopped: ${run.end.reason}` : 'GD reached a fixed point at this precision' };
  }
  // The averages come from quadrature; where it could not match the closed forms to its target
  // (10^-digits: a curvature that oscillates faster along the step than the deepest panels
  // resolve), no claim about them is decided. Against the tolerance instead, four steps each just
  // inside it added up to a telescoping residual beyond it (deep search seed 751761521).
  const unresolved = run.steps.find((st) => st.quadrature.residual.rbar.gt(run.quadratureTarget) || st.quadrature.residual.rtilde.gt(run.quadratureTarget));
  if (unresolved) {
    const worst = unresolved.quadrature.residual.rbar.gt(unresolved.quadrature.residual.rtilde) ? unresolved.quadrature.residual.rbar : unresolved.quadrature.residual.rtilde;
    return { kind: 'undecided', reason: `quadrature did not resolve the curvature along step ${unresolved.k} (${unresolved.quadrature.nodes} nodes, residual ${worst.toExponential(2)})` };
  }
  // w_k for k = 0..K, the last one being the final iterate.
  const iterate = (k: number): Vector => (k < run.steps.length ? run.steps[k]!.w : run.final.w);
  return body(run, iterate);
}

/** The largest of a list of residuals. */
export const largest = (xs: readonly Decimal[]): Decimal => xs.reduce((m, x) => (x.gt(m) ? x : m));
