import type { Decimal } from 'decimal.js';
import type { NumericContext } from './context.js';

/** An n-point Gauss-Legendre rule on [0, 1]: sum_i weights[i] f(nodes[i]) ~ integral_0^1 f(t) dt. */
export interface QuadratureRule {
  readonly n: number;
  /** Ascending, in (0, 1). */
  readonly nodes: readonly Decimal[];
  readonly weights: readonly Decimal[];
  /** Largest Newton correction of the last sweep: how well the nodes are roots of P_n. */
  readonly newtonResidual: Decimal;
}

/** P_n(x) and P_n'(x) by the three-term recurrence (k+1) P_{k+1} = (2k+1) x P_k - k P_{k-1}. */
function legendre(n: number, x: Decimal, D: Decimal.Constructor): { p: Decimal; dp: Decimal } {
  let p0 = new D(1);
  let p1 = x;
  for (let k = 1; k < n; k++) {
    const p2 = x.times(p1).times(2 * k + 1).minus(p0.times(k)).div(k + 1);
    p0 = p1;
    p1 = p2;
  }
  // P_n' = n (x P_n - P_{n-1}) / (x^2 - 1); the nodes stay strictly inside (-1, 1).
  const dp = x.times(p1).minus(p0).times(n).div(x.times(x).minus(1));
  return { p: p1, dp };
}

const cache = new Map<string, QuadratureRule>();

/**
 * Nodes and weights at the context's working precision: Newton's method on P_n, started from
 * Tricomi's float64 approximation cos(pi (i - 1/4) / (n + 1/2)) and iterated until the correction
 * is below the working precision (quadratic convergence: three or four sweeps). Only the positive
 * half is computed; the rule is mirrored so that it is exactly symmetric about t = 1/2.
 */
export function gaussLegendre(n: number, ctx: NumericContext): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > 2000) throw new RangeError(`Gauss-Legendre rule needs 1 <= n <= 2000, got ${n}`);
  const key = `${ctx.precision}:${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { D } = ctx;
  const tolerance = new D(10).pow(-ctx.precision + 2);
  const half: { x: Decimal; w: Decimal }[] = [];
  let worst = new D(0);
  for (let i = 1; i <= Math.floor(n / 2); i++) {
    let x = new D(Math.cos((Math.PI * (i - 0.25)) / (n + 0.5)));
    let correction = new D(1);
    for (let sweep = 0; sweep < 60 && correction.abs().gt(tolerance); sweep++) {
      const { p, dp } = legendre(n, x, D);
      correction = p.div(dp);
      x = x.minus(correction);
    }
    if (correction.abs().gt(worst)) worst = correction.abs();
    const { dp } = legendre(n, x, D);
    // w = 2 / ((1 - x^2) P_n'(x)^2) on [-1, 1].
    half.push({ x, w: new D(2).div(new D(1).minus(x.times(x)).times(dp.times(dp))) });
  }
  // half is descending in x, so -half is ascending on the negative side.
  const points = half.map(({ x, w }) => ({ x: x.neg(), w }));
  if (n % 2 === 1) {
    // The middle node is 0; its weight is 2 / P_n'(0)^2.
    const { dp } = legendre(n, new D(0), D);
    points.push({ x: new D(0), w: new D(2).div(dp.times(dp)) });
  }
  points.push(...[...half].reverse());
  // [-1, 1] -> [0, 1]: t = (1 + x)/2, weight halves.
  const rule: QuadratureRule = {
    n,
    nodes: points.map(({ x }) => x.plus(1).div(2)),
    weights: points.map(({ w }) => w.div(2)),
    newtonResidual: worst,
  };
  cache.set(key, rule);
  return rule;
}
