import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { eigenvalues, matMul, spectralRadius, type Eigenvalues, type Matrix, type Vector } from '../numeric/linalg.js';
import { boxSlack, inBox, type Box } from './box.js';
import { continuumThrough, isSingular, nearKernel } from './degeneracy.js';
import type { ExactRoots } from './exact-roots.js';
import { DEGENERATE_SAMPLE, MAX_CONTINUUM_SAMPLES, type SearchSettings } from './fixed-points.js';
import { dedupeFloat, floatLoss, floatNewton, gridSeeds, limitDegenerate, signChangeRoots, type FloatLoss, type FloatSystem, type FloatVector } from './float-search.js';
import type { IntervalProof } from './interval-proof.js';
import { newton, type System } from './newton.js';
import { compareVectors, distinctRoots, floatBox, lossDefinedAt, outsideDomainNote, type Refined } from './roots.js';
import { stabilityOf, type Stability } from './stability.js';
import { dot, maxAbs, minus, norm, plus, tenTo, times } from './vector-ops.js';

/**
 * The exact forcing of MATH.md §3: on a period-two orbit d_1 = -d_0, so the uniform Hessian average
 * over the step satisfies Hbar d = (2/eta) d exactly; rbar = (grad L(w1) - grad L(w0)).d / |d|^2.
 */
export interface ExactForcing {
  readonly rbar: Decimal;
  /** 2 / eta. */
  readonly target: Decimal;
  /** |rbar - 2/eta|. */
  readonly residual: Decimal;
  /** |Hbar d - (2/eta) d| / |d|, the whole vector identity. */
  readonly vectorResidual: Decimal;
}

export interface PeriodTwoOrbit {
  /** w0 and w1 = G(w0), w0 = G(w1), in lexicographic order. */
  readonly points: readonly [Vector, Vector];
  readonly centre: Vector;
  /** |w1 - w0| / 2, and the vector (w1 - w0) / 2. */
  readonly halfAmplitude: Decimal;
  readonly halfAmplitudeVector: Vector;
  /** max(|w1 - G(w0)|, |w0 - G(w1)|) componentwise. */
  readonly residual: Decimal;
  readonly errorEstimate: Decimal;
  /** Eigenvalues of DG(w1) DG(w0), DG = I - eta H: real, or a complex pair. */
  readonly multipliers: Eigenvalues;
  readonly spectralRadius: Decimal;
  readonly stability: Stability;
  readonly forcing: ExactForcing;
}

export interface OrbitSearch {
  /** Orbits with both points in the box. */
  readonly orbits: readonly PeriodTwoOrbit[];
  /** Orbits found with exactly one point in the box (not listed). */
  readonly partial: number;
  /** Sample orbits of a continuum of period-two orbits (not listed in `orbits`). */
  readonly continuum: readonly (readonly [Vector, Vector])[];
  readonly method: 'sturm' | 'sampling';
  readonly complete: boolean;
  readonly completeness: string;
  readonly unconverged: number;
  /** The interval proof of completeness, where one was attempted (completeness.ts). */
  readonly proof?: IntervalProof;
}

const split = (z: readonly Decimal[], n: number): [Vector, Vector] => [z.slice(0, n), z.slice(n)];

/** DG(w) = I - eta H(w). */
export function stepJacobian(f: CompiledLoss, w: Vector, eta: Decimal): Matrix {
  return f.hessian(w).map((row, i) => row.map((h, j) => (i === j ? new f.context.D(1) : new f.context.D(0)).minus(eta.times(h))));
}

/** Block Jacobian [[-DG(x1), I], [I, -DG(x2)]] of F(x1, x2) = (x2 - G(x1), x1 - G(x2)), generic over the number type. */
function blockJacobian<T>(a: readonly (readonly T[])[], b: readonly (readonly T[])[], neg: (x: T) => T, unitAt: (i: number, j: number) => T): T[][] {
  const n = a.length;
  return Array.from({ length: 2 * n }, (_, r) =>
    Array.from({ length: 2 * n }, (_, c) => {
      const [i, j] = [r % n, c % n];
      if (r < n === c < n) return neg((r < n ? a : b)[i]![j]!);
      return unitAt(i, j);
    }),
  );
}

/** F(x1, x2) = (x2 - G(x1), x1 - G(x2)) = 0: exactly the critical points of the edge coupling A (MATH.md §1). */
export function orbitSystem(f: CompiledLoss, eta: Decimal): System {
  const { D } = f.context;
  return (z) => {
    const [x1, x2] = split(z, f.n);
    const value = [...minus(x2, f.gdStep(x1, eta)), ...minus(x1, f.gdStep(x2, eta))];
    const jacobian = blockJacobian(stepJacobian(f, x1, eta), stepJacobian(f, x2, eta), (x) => x.neg(), (i, j) => new D(i === j ? 1 : 0));
    return { value, jacobian };
  };
}

function floatOrbitSystem(fl: FloatLoss, eta: number, n: number): FloatSystem {
  const step = (w: FloatVector): FloatVector => fl.gradient(w).map((g, i) => w[i]! - eta * g);
  const dg = (w: FloatVector) => fl.hessian(w).map((row, i) => row.map((h, j) => (i === j ? 1 : 0) - eta * h));
  return (z) => {
    const [x1, x2] = [z.slice(0, n), z.slice(n)];
    const [g1, g2] = [step(x1), step(x2)];
    return {
      value: [...x2.map((v, i) => v - g1[i]!), ...x1.map((v, i) => v - g2[i]!)],
      jacobian: blockJacobian(dg(x1), dg(x2), (x) => -x, (i, j) => (i === j ? 1 : 0)),
    };
  };
}

/**
 * Float candidates (x1, x2), each pair in lexicographic order so that swapped copies merge; of those
 * with a singular Jacobian (a multiplier 1: possibly a continuum of orbits) only a sample is kept.
 */
function floatCandidates(f: CompiledLoss, eta: number, box: Box, perAxis: number): { chosen: FloatVector[]; skipped: number } {
  const n = f.n;
  const fl = floatLoss(f);
  const { lower, upper, region, width, inside } = floatBox(box);
  const system = floatOrbitSystem(fl, eta, n);
  const step = (w: FloatVector): FloatVector => fl.gradient(w).map((g, i) => w[i]! - eta * g);
  const seed = (x: FloatVector): FloatVector | undefined => {
    try {
      return [...x, ...step(x)];
    } catch {
      return undefined;
    }
  };
  const found: FloatVector[] = [];
  for (const s of gridSeeds(lower, upper, perAxis)) {
    const z0 = seed(s);
    const z = z0 && floatNewton(system, z0, width / 4, (z) => region(z.slice(0, n)) && region(z.slice(n)));
    if (z) found.push(z);
  }
  if (n === 1) {
    const twoStep = (x: number): number => step(step([x]))[0]! - x;
    for (const x of signChangeRoots(twoStep, lower[0]!, upper[0]!, 20 * perAxis)) {
      const z = seed([x]);
      if (z) found.push(z);
    }
  }
  const scale = Math.max(1, ...lower.map(Math.abs), ...upper.map(Math.abs));
  // Near a degenerate fixed point float Newton stalls with x1 - x2 ~ 1e-6; a real orbit that small
  // (eta within ~1e-10 of eta_c) still comes in through the branch-prediction seeds, at full precision.
  const separated = found.filter(
    (z) => Math.max(...z.slice(0, n).map((x, i) => Math.abs(x - z[n + i]!))) > 1e-5 * scale && (inside(z.slice(0, n)) || inside(z.slice(n))),
  );
  const ordered = separated.map((z) => {
    const [a, b] = [z.slice(0, n), z.slice(n)];
    const k = a.findIndex((x, i) => x !== b[i]);
    return a[k]! > b[k]! ? [...b, ...a] : z;
  });
  return limitDegenerate(dedupeFloat(ordered, 1e-9), (z) => system(z).jacobian, DEGENERATE_SAMPLE);
}

function exactForcing(f: CompiledLoss, w0: Vector, w1: Vector, eta: Decimal): ExactForcing {
  const ctx = f.context;
  const d = minus(w1, w0);
  const dd = dot(d, d);
  const secant = minus(f.gradient(w1), f.gradient(w0));
  const target = new ctx.D(2).div(eta);
  const rbar = dot(secant, d).div(dd);
  return {
    rbar,
    target,
    residual: rbar.minus(target).abs(),
    vectorResidual: norm(minus(secant, times(d, target))).div(ctx.D.sqrt(dd)),
  };
}

/** The classification of one refined orbit, with its evidence. */
export function orbitAt(f: CompiledLoss, root: Refined, eta: Decimal, ctx: NumericContext): PeriodTwoOrbit {
  const [a, b] = split(root.x, f.n);
  const [w0, w1] = compareVectors(a, b) <= 0 ? [a, b] : [b, a];
  const half = times(minus(w1, w0), '0.5');
  const multipliers = eigenvalues(matMul(stepJacobian(f, w1, eta), stepJacobian(f, w0, eta)), ctx);
  const rho = spectralRadius(multipliers, ctx);
  return {
    points: [w0, w1],
    centre: times(plus(w0, w1), '0.5'),
    halfAmplitude: norm(half),
    halfAmplitudeVector: half,
    residual: root.residual,
    errorEstimate: root.errorEstimate,
    multipliers,
    spectralRadius: rho,
    stability: stabilityOf(rho, tenTo(-Math.ceil(ctx.digits / 2), ctx)),
    forcing: exactForcing(f, w0, w1, eta),
  };
}

/**
 * All period-two orbits of GD with both points in the box: F(x1, x2) = 0 solved by decimal Newton
 * on 2n unknowns from the exact Sturm seeds (1-D polynomials), or from float candidates (a grid of
 * x1 with x2 = G(x1), and in 1-D every sign change of G(G(x)) - x), plus `extraSeeds` (the branch
 * predictions m(a) -+ a). Solutions with x1 = x2 are fixed points and are dropped; swapped pairs
 * are one orbit. An orbit with multiplier 1 is tested for a continuum of orbits through it.
 */
export function findPeriodTwoOrbits(
  f: CompiledLoss,
  eta: Decimal,
  box: Box,
  exact: ExactRoots,
  settings: SearchSettings,
  extraSeeds: readonly (readonly [Vector, Vector])[] = [],
): OrbitSearch {
  const ctx = f.context;
  const { D } = ctx;
  const n = f.n;
  const set = exact.kind === 'exact' ? exact.orbitPoints : undefined;
  if (set && set.kind !== 'isolated') {
    return { orbits: [], partial: 0, continuum: [], method: 'sturm', complete: set.kind === 'none', completeness: set.reason, unconverged: 0 };
  }
  const system = orbitSystem(f, eta);
  const sampled = set ? undefined : floatCandidates(f, eta.toNumber(), box, settings.perAxis);
  const seeds: Vector[] = set ? set.points.map((x) => [x, ...f.gdStep([x], eta)]) : (sampled?.chosen ?? []).map((z) => z.map((c) => new D(c)));
  seeds.push(...extraSeeds.map(([a, b]) => [...a, ...b]));
  const runs = seeds.map((s) => newton(system, s, ctx));
  const slack = boxSlack(box, ctx);
  const scale = D.max(1, ...box.lower.map((x) => x.abs()), ...box.upper.map((x) => x.abs()));
  const separated = (r: Refined): boolean => {
    const [a, b] = split(r.x, n);
    const gap = D.max(tenTo(-Math.ceil(ctx.digits / 2), ctx).times(scale), r.errorEstimate.times(100));
    return maxAbs(minus(a, b)).gt(gap);
  };
  const inside = (w: Vector): boolean => inBox(box, w, slack);
  const { roots, unconverged } = distinctRoots(
    runs,
    ctx,
    (r) => separated(r) && split(r.x, n).some(inside),
    (z) => {
      const [a, b] = split(z, n);
      return [z, [...b, ...a]];
    },
  );
  const orbits: PeriodTwoOrbit[] = [];
  const continuum: (readonly [Vector, Vector])[] = [];
  let partial = 0;
  let pointsInBox = 0;
  let outsideDomain = 0;
  for (const root of roots) {
    const [a, b] = split(root.x, n);
    if (!lossDefinedAt(f, a) || !lossDefinedAt(f, b)) {
      outsideDomain++;
      continue;
    }
    const count = [a, b].filter(inside).length;
    pointsInBox += count;
    const j = system(root.x).jacobian;
    const kernel = nearKernel(j, ctx);
    if (isSingular(kernel, j, ctx) && continuumThrough(system, root.x, kernel.vector, ctx)) continuum.push([a, b]);
    else if (count === 2) orbits.push(orbitAt(f, root, eta, ctx));
    else partial++;
  }
  let complete = false;
  let completeness: string;
  if (set) {
    const expected = set.points.length;
    complete = pointsInBox === expected && continuum.length === 0;
    completeness = complete
      ? `exact: a Sturm sequence shows that G(G(x)) - x (degree ${set.degree}) has exactly ${expected} real root(s) in the box besides the fixed points, and all lie on the orbits found (${partial} with one point outside the box)`
      : `Sturm count ${expected} period-two point(s) in the box, but the orbits found account for ${pointsInBox}: not complete`;
  } else {
    const why = exact.kind === 'unavailable' ? ` (${exact.reason}, so no exact count)` : '';
    completeness = `sampling: Newton on F(x1, x2) = 0 from a ${settings.perAxis}${n === 2 ? `x${settings.perAxis}` : ''} grid of x1 with x2 = G(x1)${n === 1 ? ', every sign change of G(G(x)) - x' : ''} and the branch predictions cannot prove that no orbit was missed${why}`;
  }
  if (sampled && sampled.skipped > 0) completeness += `; ${sampled.skipped} further candidate(s) with multiplier 1 were not refined`;
  completeness += outsideDomainNote(outsideDomain);
  if (continuum.length > 0) {
    complete = false;
    completeness = `a continuum of period-two orbits (multiplier 1) passes through the orbit with points (${continuum[0]![0].map((x) => x.toSignificantDigits(8).toString()).join(', ')}) and (${continuum[0]![1].map((x) => x.toSignificantDigits(8).toString()).join(', ')}): the list shows isolated orbits only; ${completeness}`;
  }
  return { orbits, partial, continuum: continuum.slice(0, MAX_CONTINUUM_SAMPLES), method: set ? 'sturm' : 'sampling', complete, completeness, unconverged };
}
