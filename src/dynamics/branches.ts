import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { formatDecimal } from '../numeric/format.js';
import { solve, type Matrix, type Vector } from '../numeric/linalg.js';
import type { FixedPoint } from './fixed-points.js';
import type { PeriodTwoOrbit } from './period-two-orbits.js';
import { refineRoot } from './exact-roots.js';
import { neg, primitive, rat, rootBound, squareFree, type Polynomial } from './rational-polynomial.js';
import { isolateRoots } from './sturm.js';
import { dot, maxAbs, minus, plus, tenTo, times, unit } from './vector-ops.js';

/*
 * The half-amplitude reduction of MATH.md §4 at a nondegenerate fixed point w*: with H, T = D^3 L
 * and Q4 = D^4 L at w*, the reduced function along a = s u is
 *   Phi_eta(s) = L(w*) + (lambda/2 - 1/eta) s^2 + (Q(u)/4) s^4 + O(s^6),
 *   Q(u) = (1/6) Q4[u,u,u,u] - (1/2) <T[u,u,.], H^{-1} T[u,u,.]>,
 * and its nonzero critical points are the period-two orbits m(a) -+ a. Q needs the whole vector
 * T[u,u,.]: the loss restricted to the line w* + t u drops the H^{-1} coupling to the other
 * directions and can get the side wrong (the trap of MATH.md §4, a test case).
 */

type Tensor3 = readonly (readonly (readonly Decimal[])[])[];
type Tensor4 = readonly Tensor3[];

/** Where the branch of period-two orbits lies: for eta above or below eta_c, or undecided at quartic order. */
export type Side = 'above' | 'below' | 'degenerate';

export interface Reduction {
  readonly Q: Decimal;
  /** The two terms of Q: (1/6) Q4[u,u,u,u] and (1/2) <T[u,u,.], H^{-1} T[u,u,.]>; Q is their difference. */
  readonly quarticTerm: Decimal;
  readonly couplingTerm: Decimal;
  /** m(s u) = w* + s^2 centreShift + O(s^4), centreShift = -(1/2) H^{-1} T[u,u,.]. */
  readonly centreShift: Vector;
  /** |Q| below this is 0 to working precision (relative to the two terms it is the difference of). */
  readonly tolerance: Decimal;
}

/** T[u,u,.]. */
const contract3 = (t: Tensor3, u: Vector): Vector => u.map((_, k) => dot(u, t.map((row) => dot(u, row.map((c) => c[k]!)))));
/** Q4[u,u,u,u]. */
const contract4 = (q: Tensor4, u: Vector): Decimal => dot(u, q.map((t) => dot(u, contract3(t, u))));

export function reduction(h: Matrix, t: Tensor3, q4: Tensor4, u: Vector, ctx: NumericContext): Reduction {
  const tuu = contract3(t, u);
  const hInvT = solve(h, tuu, ctx);
  const quarticTerm = contract4(q4, u).div(6);
  const couplingTerm = dot(tuu, hInvT).div(2);
  return {
    Q: quarticTerm.minus(couplingTerm),
    quarticTerm,
    couplingTerm,
    centreShift: times(hInvT, '-0.5'),
    tolerance: ctx.D.max(1, quarticTerm.abs(), couplingTerm.abs()).times(tenTo(-Math.ceil(ctx.digits / 2), ctx)),
  };
}

/** The branch exists where (2/eta - 2/eta_c) Q(u) > 0: above eta_c when Q < 0, below when Q > 0. */
export function sideOf(q: Decimal, tolerance: Decimal): Side {
  if (q.abs().lte(tolerance)) return 'degenerate';
  return q.isNegative() ? 'above' : 'below';
}

export type Prediction =
  | {
      readonly kind: 'orbit';
      /** alpha(eta) = sqrt((2/eta - 2/eta_c) / Q(u)), to leading order in eta - eta_c. */
      readonly halfAmplitude: Decimal;
      readonly centre: Vector;
      readonly points: readonly [Vector, Vector];
    }
  | { readonly kind: 'none'; readonly reason: string };

/** The reduced function to order 4, with its coefficients and as LaTeX and text. */
export interface ReducedFunction {
  readonly constant: Decimal;
  /** Coefficient of s^2 is lambda/2 - 1/eta; this is lambda/2. */
  readonly quadratic: Decimal;
  /** Coefficient of s^4: Q(u)/4. */
  readonly quartic: Decimal;
  readonly latex: string;
  readonly text: string;
}

/** The nearest solved orbit to a prediction, when there is one within the predicted half-amplitude. */
export interface BranchMatch {
  /** Index into the classification's period-two orbits. */
  readonly orbit: number;
  readonly halfAmplitude: Decimal;
  /** |alpha_solved - alpha_predicted| / alpha_predicted: O(|eta - eta_c|) when the theory applies. */
  readonly relativeDifference: Decimal;
}

export interface Branch {
  readonly fixedPoint: Vector;
  readonly eigenvalue: Decimal;
  readonly direction: Vector;
  /** 1 for a simple eigenvalue; 2 when H = lambda I in 2-D, and u is a critical direction of Q on the circle. */
  readonly eigenspaceDimension: number;
  /** u is a nondegenerate critical point of Q on the unit sphere of the eigenspace (always, for a simple eigenvalue). */
  readonly directionNondegenerate: boolean;
  readonly criticalEta: Decimal;
  readonly reduction: Reduction;
  /** c = -eta_c Q(u): the flip normal-form coefficient; c > 0 is supercritical. */
  readonly flipCoefficient: Decimal;
  readonly side: Side;
  /** Multipliers 1 - eta_c lambda' at eta_c of the fixed point's other eigen-directions. */
  readonly transverseMultipliers: readonly Decimal[];
  readonly stable: boolean;
  readonly stabilityReason: string;
  readonly prediction: Prediction;
  readonly phi: ReducedFunction;
  readonly match?: BranchMatch;
}

function reducedFunction(p: FixedPoint, lambda: Decimal, r: Reduction, digits: number): ReducedFunction {
  const quadratic = lambda.div(2);
  const quartic = r.Q.div(4);
  const num = (x: Decimal): string => formatDecimal(x, digits);
  const signed = (x: Decimal): string => (x.isNegative() ? `- ${num(x.neg())}` : `+ ${num(x)}`);
  return {
    constant: p.loss,
    quadratic,
    quartic,
    latex: `\\Phi_\\eta(s) = ${num(p.loss)} + \\left(${num(quadratic)} - \\frac{1}{\\eta}\\right) s^{2} ${signed(quartic)}\\, s^{4} + O(s^{6}), \\quad a = s\\,u`,
    text: `Phi(s) = ${num(p.loss)} + (${num(quadratic)} - 1/eta) s^2 ${signed(quartic)} s^4 + O(s^6), a = s u`,
  };
}

function predict(w: Vector, lambda: Decimal, u: Vector, r: Reduction, side: Side, eta: Decimal, etaC: Decimal, ctx: NumericContext): Prediction {
  if (side === 'degenerate') return { kind: 'none', reason: 'Q(u) = 0 to working precision: the quartic reduction does not decide' };
  const squared = new ctx.D(2).div(eta).minus(lambda).div(r.Q);
  if (squared.lte(0)) {
    const where = eta.eq(etaC) ? 'at' : `on the other side of`;
    return { kind: 'none', reason: `the branch lies ${side} eta_c; eta is ${where} eta_c` };
  }
  const alpha = ctx.D.sqrt(squared);
  const centre = plus(w, times(r.centreShift, squared));
  return { kind: 'orbit', halfAmplitude: alpha, centre, points: [minus(centre, times(u, alpha)), plus(centre, times(u, alpha))] };
}

/**
 * Critical directions of the quartic form Q on the unit circle of a 2-D eigenspace. With
 * Q(x, y) = sum c_k x^(4-k) y^k, u is critical iff R = x dQ/dy - y dQ/dx vanishes at u, and R is a
 * binary quartic with r_j = (j+1) c_(j+1) - (5-j) c_(j-1). Its real roots on (1, s) are isolated
 * exactly (Sturm, on the decimal coefficients read as rationals), (0, 1) is critical iff r_4 = 0.
 * The second derivative of Q along the circle is x dR/dy - y dR/dx: negative at a local maximum.
 */
function circleCriticalDirections(q: (u: Vector) => Decimal, ctx: NumericContext): { u: Vector; curvature: Decimal }[] | 'constant' {
  const { D } = ctx;
  const nodes = [-2, -1, 0, 1, 2];
  const c = solve(
    nodes.map((s) => [0, 1, 2, 3, 4].map((k) => new D(s).pow(k))),
    nodes.map((s) => q([new D(1), new D(s)])),
    ctx,
  );
  const r = [0, 1, 2, 3, 4].map((j) => (c[j + 1] ?? new D(0)).times(j + 1).minus((c[j - 1] ?? new D(0)).times(5 - j)));
  const tol = D.max(...c.map((x) => x.abs()), 1).times(tenTo(-Math.ceil(ctx.digits / 2), ctx));
  if (r.every((x) => x.abs().lte(tol))) return 'constant';
  const asRational = (x: Decimal) => {
    if (x.abs().lte(tol)) return rat(0n);
    const [n, d] = x.toFraction();
    return rat(BigInt(n!.toFixed(0)), BigInt(d!.toFixed(0)));
  };
  const poly: Polynomial = primitive(r.map(asRational));
  const curvature = (u: Vector): Decimal => {
    const [x, y] = [u[0]!, u[1]!];
    const dRdx = r.reduce((s, rj, j) => (j < 4 ? s.plus(rj.times(4 - j).times(x.pow(3 - j)).times(y.pow(j))) : s), new D(0));
    const dRdy = r.reduce((s, rj, j) => (j > 0 ? s.plus(rj.times(j).times(x.pow(4 - j)).times(y.pow(j - 1))) : s), new D(0));
    return x.times(dRdy).minus(y.times(dRdx));
  };
  const directions: Vector[] = [];
  if (poly.length < 5) directions.push([new D(0), new D(1)]);
  if (poly.length >= 2) {
    const simple = squareFree(poly);
    const b = rootBound(simple);
    for (const root of isolateRoots(simple, neg(b), b)) directions.push(unit([new D(1), refineRoot(simple, root, ctx)]));
  }
  return directions.map((u) => ({ u, curvature: curvature(u) }));
}

/** Branch data for one critical direction u of one positive eigenvalue lambda at the fixed point. */
function branchAt(
  p: FixedPoint,
  lambda: Decimal,
  u: Vector,
  r: Reduction,
  eigenspaceDimension: number,
  circle: { nondegenerate: boolean; localMaximum: boolean } | undefined,
  eta: Decimal,
  ctx: NumericContext,
): Branch {
  const { D } = ctx;
  const etaC = new D(2).div(lambda);
  const side = sideOf(r.Q, r.tolerance);
  const flipCoefficient = etaC.times(r.Q).neg();
  const others = eigenspaceDimension === 1 ? p.eigenvalues.filter((v) => !v.eq(lambda)) : [];
  const transverseMultipliers = others.map((v) => new D(1).minus(etaC.times(v)));
  const outside = transverseMultipliers.find((m) => m.abs().gte(1));
  let stabilityReason: string;
  if (side === 'degenerate') stabilityReason = 'Q(u) = 0 to working precision: the flip coefficient does not decide';
  else if (flipCoefficient.isNegative()) stabilityReason = 'c = -eta_c Q(u) < 0: subcritical, the orbits repel along u';
  else if (outside) stabilityReason = `supercritical, but another eigen-direction has multiplier ${outside.toSignificantDigits(6).toString()} at eta_c, outside the unit circle`;
  else if (circle && !circle.nondegenerate) stabilityReason = 'supercritical, but u is a degenerate critical direction of Q on the eigenspace circle (Q constant there: a continuum of orbits), neutral across directions';
  else if (circle && !circle.localMaximum) stabilityReason = 'supercritical, but u is not a local maximum of Q on the eigenspace circle: unstable across directions';
  else stabilityReason = 'c = -eta_c Q(u) > 0 (supercritical) and every other multiplier at eta_c lies inside the unit circle';
  const stable = side !== 'degenerate' && flipCoefficient.isPositive() && !outside && (!circle || circle.localMaximum);
  return {
    fixedPoint: p.point,
    eigenvalue: lambda,
    direction: u,
    eigenspaceDimension,
    directionNondegenerate: circle ? circle.nondegenerate : true,
    criticalEta: etaC,
    reduction: r,
    flipCoefficient,
    side,
    transverseMultipliers,
    stable,
    stabilityReason,
    prediction: predict(p.point, lambda, u, r, side, eta, etaC, ctx),
    phi: reducedFunction(p, lambda, r, ctx.digits),
  };
}

/**
 * The branches of period-two orbits born at one nondegenerate fixed point: one per positive
 * eigenvalue (simple), or one per critical direction of Q on the circle (a double eigenvalue in 2-D).
 * Needs the loss compiled to order 4.
 */
export function branchesAt(f: CompiledLoss, p: FixedPoint, eta: Decimal): readonly Branch[] {
  const ctx = f.context;
  if (p.kind === 'degenerate') return [];
  const h = f.hessian(p.point);
  const t = f.tensor(3, p.point) as Tensor3;
  const q4 = f.tensor(4, p.point) as Tensor4;
  const reduce = (u: Vector): Reduction => reduction(h, t, q4, u, ctx);
  const out: Branch[] = [];
  const [first, second] = p.eigenvalues;
  const repeated = second !== undefined && first!.minus(second).abs().lte(p.zeroTolerance);
  if (repeated) {
    if (!first!.gt(p.zeroTolerance)) return [];
    const lambda = first!.plus(second).div(2);
    const critical = circleCriticalDirections((u) => reduce(u).Q, ctx);
    if (critical === 'constant') {
      const u = p.eigenvectors[0]!;
      return [branchAt(p, lambda, u, reduce(u), 2, { nondegenerate: false, localMaximum: false }, eta, ctx)];
    }
    for (const { u, curvature } of critical) {
      const r = reduce(u);
      const nondegenerate = curvature.abs().gt(r.tolerance);
      out.push(branchAt(p, lambda, u, r, 2, { nondegenerate, localMaximum: nondegenerate && curvature.isNegative() }, eta, ctx));
    }
    return out;
  }
  p.eigenvalues.forEach((lambda, i) => {
    if (!lambda.gt(p.zeroTolerance)) return;
    const u = p.eigenvectors[i]!;
    out.push(branchAt(p, lambda, u, reduce(u), 1, undefined, eta, ctx));
  });
  return out;
}

/** The solved orbit nearest the prediction, if one lies within the predicted half-amplitude of it. */
export function matchOrbit(b: Branch, orbits: readonly PeriodTwoOrbit[], ctx: NumericContext): BranchMatch | undefined {
  if (b.prediction.kind !== 'orbit') return undefined;
  const [p0, p1] = b.prediction.points;
  const alpha = b.prediction.halfAmplitude;
  let best: { orbit: number; distance: Decimal } | undefined;
  orbits.forEach((o, i) => {
    const [w0, w1] = o.points;
    const d = ctx.D.min(
      ctx.D.max(maxAbs(minus(w0, p0)), maxAbs(minus(w1, p1))),
      ctx.D.max(maxAbs(minus(w0, p1)), maxAbs(minus(w1, p0))),
    );
    if (!best || d.lt(best.distance)) best = { orbit: i, distance: d };
  });
  if (!best || best.distance.gt(alpha)) return undefined;
  const o = orbits[best.orbit]!;
  return { orbit: best.orbit, halfAmplitude: o.halfAmplitude, relativeDifference: o.halfAmplitude.minus(alpha).abs().div(alpha) };
}
