import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { symmetricEigen, type Vector } from '../numeric/linalg.js';
import { boxSlack, inBox, type Box } from './box.js';
import { continuumThrough, isSingular, nearKernel } from './degeneracy.js';
import type { ExactRoots } from './exact-roots.js';
import { dedupeFloat, floatLoss, floatNewton, gridSeeds, limitDegenerate, signChangeRoots, type FloatVector } from './float-search.js';
import type { IntervalProof } from './interval-proof.js';
import { newton, type System } from './newton.js';
import { distinctRoots, floatBox, lossDefinedAt, outsideDomainNote, type Refined } from './roots.js';
import { stabilityOf, type Stability } from './stability.js';
import { matrixMaxNorm, tenTo } from './vector-ops.js';

export type FixedPointKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/** A fixed point of GD (a critical point of L) with the evidence of its classification. */
export interface FixedPoint {
  readonly point: Vector;
  readonly loss: Decimal;
  /** max |dL/dw_i| at the reported point. */
  readonly residual: Decimal;
  /** Estimated distance to the true critical point (from Newton's last steps). */
  readonly errorEstimate: Decimal;
  /** Hessian eigenvalues, ascending, and their unit eigenvectors. */
  readonly eigenvalues: readonly Decimal[];
  readonly eigenvectors: readonly Vector[];
  /**
   * An eigenvalue within `zeroTolerance` of 0 makes the point degenerate: at a multiple root Newton
   * locates the point to about half the digits only, so smaller eigenvalues are not distinguishable
   * from 0.
   */
  readonly kind: FixedPointKind;
  readonly zeroTolerance: Decimal;
  /** Multipliers of GD, 1 - eta lambda, one per eigenvalue. */
  readonly multipliers: readonly Decimal[];
  readonly stability: Stability;
  /** eta_c = 2 / lambda for each eigenvalue lambda > 0, in the order of `eigenvalues`. */
  readonly criticalEta: readonly Decimal[];
}

export interface FixedPointSearch {
  readonly points: readonly FixedPoint[];
  /** Sample points of a continuum of critical points (not listed in `points`), at most MAX_CONTINUUM_SAMPLES. */
  readonly continuum: readonly Vector[];
  readonly method: 'sturm' | 'sampling';
  readonly complete: boolean;
  readonly completeness: string;
  /** Seeds whose decimal Newton run failed (not converged, undefined point, singular Jacobian). */
  readonly unconverged: number;
  /** The interval proof of completeness, where one was attempted (completeness.ts). */
  readonly proof?: IntervalProof;
}

export const MAX_CONTINUUM_SAMPLES = 12;
/** Float candidates with a singular Jacobian refined in decimal, at most (the rest are counted). */
export const DEGENERATE_SAMPLE = 24;

export const gradientSystem =
  (f: CompiledLoss): System =>
  (w) => ({ value: f.gradient(w), jacobian: f.hessian(w) });

/** The classification of one critical point, with its evidence. */
export function fixedPointAt(f: CompiledLoss, root: Refined, eta: Decimal, ctx: NumericContext): FixedPoint {
  const { D } = ctx;
  const h = f.hessian(root.x);
  const { values, vectors } = symmetricEigen(h, ctx);
  const zeroTolerance = D.max(1, matrixMaxNorm(h)).times(tenTo(-Math.ceil(ctx.digits / 2), ctx));
  const zero = values.some((v) => v.abs().lte(zeroTolerance));
  const kind: FixedPointKind = zero ? 'degenerate' : values.every((v) => v.gt(0)) ? 'minimum' : values.every((v) => v.lt(0)) ? 'maximum' : 'saddle';
  const multipliers = values.map((v) => new D(1).minus(eta.times(v)));
  return {
    point: root.x,
    loss: f.value(root.x),
    residual: root.residual,
    errorEstimate: root.errorEstimate,
    eigenvalues: values,
    eigenvectors: vectors,
    kind,
    zeroTolerance,
    multipliers,
    stability: stabilityOf(D.max(...multipliers.map((m) => m.abs())), zeroTolerance.times(eta)),
    criticalEta: values.filter((v) => v.gt(zeroTolerance)).map((v) => new D(2).div(v)),
  };
}

/**
 * Double-precision candidates: Newton from a grid of seeds, and in 1-D every sign change of L';
 * of those with a singular Hessian (a continuum, typically) only a sample goes on to decimal.
 */
function floatCandidates(f: CompiledLoss, box: Box, perAxis: number): { chosen: FloatVector[]; skipped: number } {
  const fl = floatLoss(f);
  const { lower, upper, region, width, inside } = floatBox(box);
  const system = (x: FloatVector) => ({ value: fl.gradient(x), jacobian: fl.hessian(x) });
  const found = gridSeeds(lower, upper, perAxis)
    .map((s) => floatNewton(system, s, width / 4, region))
    .filter((x): x is FloatVector => x !== undefined && inside(x));
  if (f.n === 1) found.push(...signChangeRoots((x) => fl.gradient([x])[0]!, lower[0]!, upper[0]!, 20 * perAxis).map((x) => [x]));
  return limitDegenerate(dedupeFloat(found, 1e-9), (x) => fl.hessian(x), DEGENERATE_SAMPLE);
}

export interface SearchSettings {
  /** Newton seeds per axis of the box (the float search). */
  readonly perAxis: number;
}

/**
 * All fixed points of GD in the box. Candidates come from the exact Sturm path when it applies,
 * else from the float search; each is refined by decimal Newton at the working precision, kept if
 * it lies in the box, deduplicated, and classified. A degenerate point is tested for a continuum
 * through it; a continuum makes the list incomplete by nature, and the result says so.
 */
export function findFixedPoints(f: CompiledLoss, eta: Decimal, box: Box, exact: ExactRoots, settings: SearchSettings): FixedPointSearch {
  const ctx = f.context;
  const { D } = ctx;
  const system = gradientSystem(f);
  const set = exact.kind === 'exact' ? exact.fixedPoints : undefined;
  if (set && set.kind !== 'isolated') {
    return { points: [], continuum: [box.lower], method: 'sturm', complete: false, completeness: set.reason, unconverged: 0 };
  }
  const sampled = set ? undefined : floatCandidates(f, box, settings.perAxis);
  const seeds: Vector[] = set ? set.points.map((x) => [x]) : (sampled?.chosen ?? []).map((x) => x.map((c) => new D(c)));
  const runs = seeds.map((s) => newton(system, s, ctx));
  const slack = boxSlack(box, ctx);
  const { roots, unconverged } = distinctRoots(runs, ctx, (r) => inBox(box, r.x, slack));
  const points: FixedPoint[] = [];
  const continuum: Vector[] = [];
  let outsideDomain = 0;
  for (const root of roots) {
    if (!lossDefinedAt(f, root.x)) {
      outsideDomain++;
      continue;
    }
    const p = fixedPointAt(f, root, eta, ctx);
    const h = f.hessian(root.x);
    const kernel = nearKernel(h, ctx);
    if (p.kind === 'degenerate' && isSingular(kernel, h, ctx) && continuumThrough(system, root.x, kernel.vector, ctx)) continuum.push(root.x);
    else points.push(p);
  }
  const method = set ? 'sturm' : 'sampling';
  let complete = false;
  let completeness: string;
  if (set) {
    const expected = set.points.length;
    complete = points.length === expected && continuum.length === 0;
    completeness = complete
      ? `exact: a Sturm sequence shows that L' (degree ${set.degree}) has exactly ${expected} distinct real root(s) in the box, and all were refined`
      : `Sturm count ${expected} distinct root(s) of L' in the box, but ${points.length} point(s) refined: not complete`;
  } else {
    const why = exact.kind === 'unavailable' ? ` (${exact.reason}, so no exact count)` : '';
    completeness = `sampling: Newton from a ${settings.perAxis}${f.n === 2 ? `x${settings.perAxis}` : ''} grid${f.n === 1 ? ' and every sign change of L\'' : ''} cannot prove that no fixed point was missed${why}`;
  }
  if (continuum.length > 0) {
    complete = false;
    completeness = `a continuum of critical points passes through (${continuum[0]!.map((x) => x.toSignificantDigits(8).toString()).join(', ')}): the list shows isolated points only; ${completeness}`;
  } else if (points.filter((p) => p.kind === 'degenerate').length >= 3) {
    completeness += '; several degenerate critical points were found: possibly a continuum the test did not confirm';
  }
  if (sampled && sampled.skipped > 0) completeness += `; ${sampled.skipped} further candidate(s) with a singular Hessian were not refined`;
  completeness += outsideDomainNote(outsideDomain);
  // Spread over the whole list (not its head): the samples seed the manifold tracing, and the
  // head of a grid-ordered list may lie on one component of the continuum only.
  const spread = continuum.length <= MAX_CONTINUUM_SAMPLES ? continuum : Array.from({ length: MAX_CONTINUUM_SAMPLES }, (_, k) => continuum[Math.floor((k * continuum.length) / MAX_CONTINUUM_SAMPLES)]!);
  return { points, continuum: spread, method, complete, completeness, unconverged };
}
