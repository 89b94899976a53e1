import type { Decimal } from 'decimal.js';
import { reduction, type Reduction } from '../src/dynamics/branches.js';
import { newton } from '../src/dynamics/newton.js';
import { orbitSystem } from '../src/dynamics/period-two-orbits.js';
import { add, dot, scale, sub } from '../src/dynamics/vectors.js';
import { symmetricEigen, type Matrix, type Vector } from '../src/numeric/linalg.js';
import type { Instance } from './theorem.js';

type Tensor3 = Parameters<typeof reduction>[1];
type Tensor4 = Parameters<typeof reduction>[2];

/**
 * The objects of the half-amplitude reduction (MATH.md §4) at the instance's start w*, which the
 * planted arbitraries make a critical point: H, its eigenpairs, T = D^3 L and Q4 = D^4 L, and Q(u)
 * through src/dynamics/branches.ts. `undecided` when w* is not critical or H is singular.
 */
export interface ReductionSetting {
  readonly star: Vector;
  readonly h: Matrix;
  readonly eigen: ReturnType<typeof symmetricEigen>;
  readonly reduce: (u: Vector) => Reduction;
}

export function reductionSetting(i: Instance): ReductionSetting | string {
  const { D } = i.ctx;
  const star = i.start;
  const tiny = new D(10).pow(-i.ctx.digits);
  if (i.f.gradient(star).some((g) => g.abs().gt(tiny))) return 'the start is not a critical point';
  const h = i.f.hessian(star);
  const eigen = symmetricEigen(h, i.ctx);
  if (eigen.values.some((v) => v.abs().lt('1e-6'))) return 'the Hessian is (nearly) singular: a degenerate critical point';
  const t = i.f.tensor(3, star) as Tensor3;
  const q4 = i.f.tensor(4, star) as Tensor4;
  return { star, h, eigen, reduce: (u) => reduction(h, t, q4, u, i.ctx) };
}

/** The centre m(a) solving grad L(m + a) + grad L(m - a) = 0, by Newton from w*. */
export function centreMap(i: Instance, star: Vector, a: Vector): Vector | undefined {
  const system = (m: Vector) => {
    const plus = add(m, a);
    const minus = sub(m, a);
    const hp = i.f.hessian(plus);
    const hm = i.f.hessian(minus);
    return { value: add(i.f.gradient(plus), i.f.gradient(minus)), jacobian: hp.map((row, r) => row.map((x, c) => x.plus(hm[r]![c]!))) };
  };
  const r = newton(system, star, i.ctx);
  return r.kind === 'converged' ? r.x : undefined;
}

/** A period-two orbit of GD at eta near the guess {m - a, m + a}, as its half-amplitude, or undefined. */
export function orbitNear(i: Instance, eta: Decimal, m: Vector, a: Vector): { halfAmplitude: Decimal; points: [Vector, Vector] } | undefined {
  const r = newton(orbitSystem(i.f, eta), [...sub(m, a), ...add(m, a)], i.ctx);
  if (r.kind !== 'converged') return undefined;
  const n = m.length;
  const x1 = r.x.slice(0, n);
  const x2 = r.x.slice(n);
  const half = scale(i.ctx.D.div(1, 2), sub(x2, x1));
  const amplitude = dot(half, half).sqrt();
  // Newton may fall back onto the fixed point: that is no orbit.
  if (amplitude.lt(dot(a, a).sqrt().div(10))) return undefined;
  return { halfAmplitude: amplitude, points: [x1, x2] };
}
