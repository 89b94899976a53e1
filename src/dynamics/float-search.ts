import { DomainError } from '../numeric/algebra.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { compileFloatLoss } from '../numeric/float-loss.js';

/*
 * The double-precision search: cheap enough to run Newton from thousands of seeds, never reported.
 * Everything it returns is a *candidate* that the decimal Newton of newton.ts refines (or rejects).
 */

export type FloatVector = readonly number[];
export type FloatSystem = (x: FloatVector) => { readonly value: FloatVector; readonly jacobian: readonly FloatVector[] };

/** Gradient and Hessian of the loss in double precision, as plain arrays (the search allocates freely). */
export interface FloatLoss {
  gradient(w: FloatVector): FloatVector;
  hessian(w: FloatVector): readonly FloatVector[];
}

/** The float64 fast path of numeric/float-loss.ts over the same derivative table as the decimal loss. */
export function floatLoss(f: CompiledLoss): FloatLoss {
  const fast = compileFloatLoss(f.loss, f.table);
  const n = f.n;
  // Scratch buffers, copied out at once (n is 1 or 2, MAX_VARIABLES): every result is a fresh array.
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  return {
    gradient: (w) => {
      fast.gradient(w, g);
      return n === 1 ? [g[0]!] : [g[0]!, g[1]!];
    },
    hessian: (w) => {
      fast.hessian(w, h);
      return n === 1 ? [[h[0]!]] : [[h[0]!, h[1]!], [h[2]!, h[3]!]];
    },
  };
}

const maxAbs = (v: FloatVector): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Gaussian elimination with partial pivoting; undefined for a (numerically) singular matrix. */
function floatSolve(a: readonly FloatVector[], b: FloatVector): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[p]![col]!)) p = r;
    if (!(Math.abs(m[p]![col]!) > 1e-300)) return undefined;
    [m[col], m[p]] = [m[p]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/**
 * Newton in double precision with the step capped at `maxStep` (a seed far from any root should
 * wander, not jump out of the box in one step). Returns the point once the step or the residual is
 * at double-precision noise; undefined when it fails, leaves `region`, or hits an undefined point.
 */
export function floatNewton(
  system: FloatSystem,
  x0: FloatVector,
  maxStep: number,
  inRegion: (x: FloatVector) => boolean,
  maxIterations = 80,
): FloatVector | undefined {
  let x = x0;
  try {
    for (let it = 0; it < maxIterations; it++) {
      const { value, jacobian } = system(x);
      const scale = 1 + maxAbs(jacobian.flat()) * Math.max(1, maxAbs(x));
      if (maxAbs(value) <= 1e-13 * scale) return x;
      const step = floatSolve(jacobian, value.map((v) => -v));
      if (!step) return undefined;
      const size = maxAbs(step);
      const damp = size > maxStep ? maxStep / size : 1;
      x = x.map((xi, i) => xi + damp * step[i]!);
      if (!x.every(Number.isFinite) || !inRegion(x)) return undefined;
      if (size <= 1e-14 * Math.max(1, maxAbs(x))) return x;
    }
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
  return undefined;
}

/** Centres of a grid of cells over the box, `perAxis` cells along each axis. */
export function gridSeeds(lower: FloatVector, upper: FloatVector, perAxis: number): FloatVector[] {
  let seeds: number[][] = [[]];
  lower.forEach((lo, axis) => {
    const h = (upper[axis]! - lo) / perAxis;
    seeds = seeds.flatMap((s) => Array.from({ length: perAxis }, (_, k) => [...s, lo + (k + 0.5) * h]));
  });
  return seeds;
}

/**
 * Roots of a scalar function on [lo, hi] where it changes sign between `samples` equally spaced
 * points, each bisected to double precision. A root where f touches zero without a sign change is
 * left to the Newton seeds.
 */
export function signChangeRoots(f: (x: number) => number, lo: number, hi: number, samples: number): number[] {
  const safe = (x: number): number | undefined => {
    try {
      const v = f(x);
      return Number.isFinite(v) ? v : undefined;
    } catch (err) {
      if (err instanceof DomainError) return undefined;
      throw err;
    }
  };
  const roots: number[] = [];
  let a = lo;
  let fa = safe(a);
  for (let k = 1; k <= samples; k++) {
    const b = lo + ((hi - lo) * k) / samples;
    const fb = safe(b);
    if (fa === 0) roots.push(a);
    if (fa !== undefined && fb !== undefined && fa * fb < 0) {
      let [u, v, fu] = [a, b, fa];
      for (let i = 0; i < 80 && v - u > 1e-15 * Math.max(1, Math.abs(u)); i++) {
        const mid = (u + v) / 2;
        const fm = safe(mid);
        if (fm === undefined) break;
        if (fm * fu <= 0) v = mid;
        else [u, fu] = [mid, fm];
      }
      roots.push((u + v) / 2);
    }
    [a, fa] = [b, fb];
  }
  if (fa === 0) roots.push(a);
  return roots;
}

/** Points merged when closer than `relative` times their size (at least 1). */
export function dedupeFloat(points: readonly FloatVector[], relative: number): FloatVector[] {
  const out: FloatVector[] = [];
  for (const p of points) {
    const tol = relative * Math.max(1, maxAbs(p));
    if (!out.some((q) => maxAbs(q.map((x, i) => x - p[i]!)) <= tol)) out.push(p);
  }
  return out;
}

/** Whether a float matrix is singular to about 1e-6 of its size: two rounds of inverse iteration estimate sigma_min. */
export function floatNearlySingular(j: readonly FloatVector[]): boolean {
  const size = maxAbs(j.flat());
  if (size === 0) return true;
  let v: FloatVector = j.map((_, i) => 1 + i * Math.SQRT2);
  for (let round = 0; round < 2; round++) {
    const w = floatSolve(j, v.map((x) => x / maxAbs(v)));
    if (!w) return true;
    v = w;
  }
  const unitV = v.map((x) => x / maxAbs(v));
  return maxAbs(j.map((row) => row.reduce((s, x, k) => s + x * unitV[k]!, 0))) <= 1e-6 * size;
}

/**
 * Candidates with a nearly singular Jacobian may sample a whole continuum of roots (thousands of
 * distinct points on a curve): refining every one would only repeat the same finding. At most
 * `limit` of them are kept, spread evenly over the list; the rest are counted.
 */
export function limitDegenerate(
  candidates: readonly FloatVector[],
  jacobian: (x: FloatVector) => readonly FloatVector[],
  limit: number,
): { chosen: FloatVector[]; skipped: number } {
  const singular = (x: FloatVector): boolean => {
    try {
      return floatNearlySingular(jacobian(x));
    } catch (err) {
      if (err instanceof DomainError) return false;
      throw err;
    }
  };
  const regular: FloatVector[] = [];
  const degenerate: FloatVector[] = [];
  for (const x of candidates) (singular(x) ? degenerate : regular).push(x);
  if (degenerate.length <= limit) return { chosen: [...regular, ...degenerate], skipped: 0 };
  const spread = Array.from({ length: limit }, (_, k) => degenerate[Math.floor((k * degenerate.length) / limit)]!);
  return { chosen: [...regular, ...spread], skipped: degenerate.length - limit };
}
