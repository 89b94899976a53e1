import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { Vector } from '../numeric/linalg.js';
import type { Branch } from './branches.js';
import { newton } from './newton.js';
import { orbitSystem } from './period-two-orbits.js';
import { maxAbs, minus, plus, tenTo, times } from './vector-ops.js';

/** Continuation steps from near eta_c to eta. */
const STEPS = 6;

/**
 * A seed for the orbit of a branch at eta, by natural continuation in the half-amplitude. Newton
 * straight from the leading-order prediction m(a) -+ a is fragile: the orbit's multiplier is
 * 1 - O(|eta - eta_c|), so F's Jacobian is nearly singular along u, and a seed error of order
 * alpha^3 becomes a step of order alpha. Close to eta_c the same prediction is relatively more
 * accurate, so the branch is followed from alpha/STEPS to alpha, at eta_k = 2 / (lambda + Q alpha_k^2),
 * each solution rescaled (centre offset ~ alpha^2, half-amplitude ~ alpha) to seed the next.
 * Returns the last pair reached (at eta when every step converged), or the raw prediction.
 */
export function followBranch(f: CompiledLoss, eta: Decimal, b: Branch): readonly [Vector, Vector] | undefined {
  if (b.prediction.kind !== 'orbit') return undefined;
  const ctx = f.context;
  const { D } = ctx;
  const alpha = b.prediction.halfAmplitude;
  const w = b.fixedPoint;
  const pair = (centre: Vector, half: Vector): readonly [Vector, Vector] => [minus(centre, half), plus(centre, half)];
  let centre = plus(w, times(b.reduction.centreShift, alpha.div(STEPS).pow(2)));
  let half = times(b.direction, alpha.div(STEPS));
  let reached = b.prediction.points;
  for (let k = 1; k <= STEPS; k++) {
    const alphaK = alpha.times(k).div(STEPS);
    const etaK = k === STEPS ? eta : new D(2).div(b.eigenvalue.plus(b.reduction.Q.times(alphaK.pow(2))));
    const run = newton(orbitSystem(f, etaK), [...minus(centre, half), ...plus(centre, half)], ctx, 40);
    if (run.kind !== 'converged') break;
    const [a, c] = [run.x.slice(0, f.n), run.x.slice(f.n)];
    const newHalf = times(minus(c, a), '0.5');
    // Converged onto the fixed point (x1 = x2): the branch is lost here.
    if (maxAbs(newHalf).lte(alphaK.times(tenTo(-3, ctx)))) break;
    const newCentre = times(plus(a, c), '0.5');
    reached = pair(newCentre, newHalf);
    const ratio = new D(k + 1).div(k);
    centre = plus(w, times(minus(newCentre, w), ratio.pow(2)));
    half = times(newHalf, ratio);
  }
  return reached;
}
