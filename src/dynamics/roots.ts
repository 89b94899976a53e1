import type { Decimal } from 'decimal.js';
import { DomainError } from '../numeric/algebra.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import type { Vector } from '../numeric/linalg.js';
import type { Box } from './box.js';
import type { FloatVector } from './float-search.js';
import type { NewtonResult } from './newton.js';
import { maxAbs, minus, tenTo } from './vector-ops.js';

/** A root refined at working precision: the point, |F| there, and its estimated error. */
export interface Refined {
  readonly x: Vector;
  readonly residual: Decimal;
  readonly errorEstimate: Decimal;
}

/** Lexicographic order of coordinates: reports list points in a reproducible order. */
export function compareVectors(a: Vector, b: Vector): number {
  for (let i = 0; i < a.length; i++) {
    const c = a[i]!.comparedTo(b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The distinct converged roots among Newton runs from many seeds. Two roots are one when they are
 * closer than ten times the larger error estimate plus 10^-digits (relative): roots found by
 * quadratic convergence merge only when equal to working precision, roots of a multiple zero
 * (linear convergence, error ~ 10^-(digits/m)) merge across seeds. `variants` lists the
 * representations of one root (a period-two orbit read from either point).
 */
export function distinctRoots(
  runs: readonly NewtonResult[],
  ctx: NumericContext,
  keep: (root: Refined) => boolean,
  variants: (x: Vector) => readonly Vector[] = (x) => [x],
): { roots: readonly Refined[]; unconverged: number } {
  const { D } = ctx;
  const roots: Refined[] = [];
  let unconverged = 0;
  for (const run of runs) {
    if (run.kind !== 'converged') {
      unconverged++;
      continue;
    }
    const root: Refined = { x: run.x, residual: run.residual, errorEstimate: run.errorEstimate };
    if (!keep(root)) continue;
    const same = (other: Refined): boolean => {
      const tol = D.max(root.errorEstimate, other.errorEstimate)
        .times(10)
        .plus(tenTo(-ctx.digits, ctx).times(D.max(1, maxAbs(root.x))));
      return variants(other.x).some((v) => maxAbs(minus(v, root.x)).lte(tol));
    };
    const i = roots.findIndex(same);
    if (i < 0) roots.push(root);
    // Of two copies keep the better one (smaller residual): it is the one reported.
    else if (root.residual.lt(roots[i]!.residual)) roots[i] = root;
  }
  return { roots: roots.sort((a, b) => compareVectors(a.x, b.x)), unconverged };
}

/** The box in double precision, with a margin of a quarter of its width that float Newton may wander through. */
export function floatBox(box: Box): {
  readonly lower: FloatVector;
  readonly upper: FloatVector;
  readonly width: number;
  /** Inside the box up to 1e-9 of its size. */
  inside(x: FloatVector): boolean;
  region(x: FloatVector): boolean;
} {
  const lower = box.lower.map((x) => x.toNumber());
  const upper = box.upper.map((x) => x.toNumber());
  const width = Math.max(...upper.map((u, i) => u - lower[i]!));
  const margin = width / 4;
  const within = (x: FloatVector, m: number): boolean => x.every((xi, i) => xi >= lower[i]! - m && xi <= upper[i]! + m);
  const slack = 1e-9 * Math.max(1, ...lower.map(Math.abs), ...upper.map(Math.abs));
  return { lower, upper, width, inside: (x) => within(x, slack), region: (x) => within(x, margin) };
}

/**
 * Whether the loss itself has a value at w. Its derivatives can be defined where it is not (the
 * derivative 1/x of log x is defined for x < 0), so a root of the gradient there is no fixed point.
 */
export function lossDefinedAt(f: CompiledLoss, w: Vector): boolean {
  try {
    f.value(w);
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

export const outsideDomainNote = (count: number): string =>
  count > 0 ? `; ${count} solution(s) lie where the loss itself is undefined (only its derivatives are defined there) and were dropped` : '';
