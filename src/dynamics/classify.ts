import type { Decimal } from 'decimal.js';
import { compileLoss } from '../numeric/compiled-loss.js';
import { numericContext, type NumericContext } from '../numeric/context.js';
import { constantValue } from '../numeric/evaluate.js';
import type { Vector } from '../numeric/linalg.js';
import { InputError, parseConstant, type Loss } from '../symbolic/loss.js';
import { DEFAULT_BOX, parseBox, type Box } from './box.js';
import { followBranch } from './branch-continuation.js';
import { branchesAt, matchOrbit, type Branch } from './branches.js';
import { DEFAULT_PROOF_BOXES, withIntervalProofs } from './completeness.js';
import { exactRoots } from './exact-roots.js';
import { findFixedPoints, type FixedPointSearch, type SearchSettings } from './fixed-points.js';
import { orbitAround, traceManifolds, type CriticalManifold } from './manifolds.js';
import { findPeriodTwoOrbits, type OrbitSearch } from './period-two-orbits.js';
import { rat } from './rational-polynomial.js';
import { minus, plus, times } from './vector-ops.js';

export interface ClassifyOptions {
  /** The learning rate as an exact string ("5/2"), > 0. */
  readonly eta: string;
  /** "lo","hi" for every axis, or one pair per variable (default -10, 10). */
  readonly box?: readonly string[];
  /** Significant digits of the results, 10..900 (default 30). */
  readonly digits?: number;
  /** Float-search seeds per axis (default 400 in 1-D, 40 in 2-D). */
  readonly perAxis?: number;
  /** Bound on each interval proof of completeness, in boxes (default DEFAULT_PROOF_BOXES; 0: no proof). */
  readonly proofBoxes?: number;
}

/**
 * The answer to "for this loss and this eta, where does GD settle, is there a period-two orbit, on
 * which side of the critical rate, and is it stable": fixed points, period-two orbits and the
 * branches of the half-amplitude reduction, each with its evidence (residuals, multipliers, the
 * working precision), and whether the lists are provably complete.
 */
export interface ClassifyReport {
  readonly loss: Loss;
  readonly context: NumericContext;
  readonly eta: { readonly text: string; readonly value: Decimal };
  readonly box: Box;
  readonly fixedPoints: FixedPointSearch;
  readonly periodTwoOrbits: OrbitSearch;
  readonly branches: readonly Branch[];
  /**
   * Curves of critical points (2-D), traced through the continuum the fixed-point search found,
   * each with its flattest point and the indices into periodTwoOrbits.orbits of the orbits around it.
   */
  readonly manifolds: readonly (CriticalManifold & { readonly orbits: readonly number[] })[];
  /**
   * Both lists are complete (for the box): only ever true with a proof, by Sturm sequences (1-D
   * polynomials) or by interval arithmetic (Krawczyk boxes and a branch and bound).
   */
  readonly complete: boolean;
  /** Why the lists are, or are not, complete: one line for fixed points, one for orbits. */
  readonly completeness: readonly string[];
}

export function classify(loss: Loss, options: ClassifyOptions): ClassifyReport {
  const ctx = numericContext(options.digits ?? 30);
  const etaExpr = parseConstant(options.eta, 'eta');
  const eta = constantValue(options.eta, 'eta', ctx);
  if (!eta.isPositive() || eta.isZero()) throw new InputError(`eta must be positive, got ${options.eta}`);
  const box = parseBox(options.box ?? DEFAULT_BOX, loss, ctx);
  const perAxis = options.perAxis ?? (loss.vars.length === 1 ? 400 : 40);
  if (!Number.isInteger(perAxis) || perAxis < 1 || perAxis > 10_000) throw new InputError(`seeds per axis must be an integer from 1 to 10000, got ${perAxis}`);
  const settings: SearchSettings = { perAxis };
  const proofBoxes = options.proofBoxes ?? DEFAULT_PROOF_BOXES;
  if (!Number.isInteger(proofBoxes) || proofBoxes < 0 || proofBoxes > 10_000_000) throw new InputError(`proof boxes must be an integer from 0 to 10000000, got ${proofBoxes}`);
  const f = compileLoss(loss, ctx, 4);
  const exact = exactRoots(loss, etaExpr.kind === 'num' ? rat(etaExpr.num, etaExpr.den) : undefined, box, ctx);
  const found = findFixedPoints(f, eta, box, exact, settings);
  const predicted = found.points.flatMap((p) => branchesAt(f, p, eta));
  // Each predicted branch seeds the orbit search twice: the prediction itself, and the end of a
  // continuation from near eta_c (robust where the prediction alone is not).
  const seeds = predicted.flatMap((b): (readonly [Vector, Vector])[] => {
    if (b.prediction.kind !== 'orbit') return [];
    const followed = followBranch(f, eta, b);
    return followed ? [b.prediction.points, followed] : [b.prediction.points];
  });
  // The orbit around a flattest point of a manifold: Newton from the normal-space prediction and,
  // where there is none (or it is poor), from the flattest point -+ a small normal displacement.
  const manifolds = traceManifolds(f, box, eta, found.continuum);
  for (const { flattest } of manifolds) {
    if (flattest.kind !== 'refined' && flattest.kind !== 'constant') continue;
    if (flattest.reduction?.predictedPoints) seeds.push(flattest.reduction.predictedPoints);
    for (const delta of ['0.1', '0.01']) {
      const d = times(flattest.normal, new ctx.D(delta).div(flattest.sharpness.sqrt()));
      seeds.push([minus(flattest.point, d), plus(flattest.point, d)]);
    }
  }
  const searched = findPeriodTwoOrbits(f, eta, box, exact, settings, seeds);
  const { fixedPoints, periodTwoOrbits } = withIntervalProofs(loss, options.eta, box, found, searched, proofBoxes);
  const branches = predicted.map((b) => {
    const match = matchOrbit(b, periodTwoOrbits.orbits, ctx);
    return match ? { ...b, match } : b;
  });
  return {
    loss,
    context: ctx,
    eta: { text: options.eta, value: eta },
    box,
    fixedPoints,
    periodTwoOrbits,
    branches,
    manifolds: manifolds.map((m) => ({
      ...m,
      orbits: periodTwoOrbits.orbits.flatMap((o, i) => (m.flattest.reduction && orbitAround(o.points, m.flattest.point) ? [i] : [])),
    })),
    complete: fixedPoints.complete && periodTwoOrbits.complete,
    completeness: [`fixed points: ${fixedPoints.completeness}`, `period-two orbits: ${periodTwoOrbits.completeness}`],
  };
}
