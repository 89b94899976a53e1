import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { withParamValues } from '../symbolic/loss.js';
import { polynomialDegree } from '../symbolic/polynomial-degree.js';

/**
 * Largest total degree handled as a polynomial: the curvature along a step (degree p - 2) is then
 * interpolated from at most 9 well-spread samples, where rounding is not amplified noticeably.
 */
const MAX_DEGREE = 10;

const degrees = new WeakMap<CompiledLoss, { readonly degree: number | undefined }>();

/** Total degree of a polynomial loss in its variables (parameters substituted), else undefined; cached per compiled loss. */
export function polynomialLossDegree(loss: CompiledLoss): number | undefined {
  let hit = degrees.get(loss);
  if (!hit) {
    const p = polynomialDegree(withParamValues(loss.loss, loss.loss.expr), loss.loss.vars);
    degrees.set(loss, (hit = { degree: p !== undefined && p <= MAX_DEGREE ? p : undefined }));
  }
  return hit.degree;
}

/** u.H(w + t d)u at one t in [0, 1]: the curvature along the step that the averages average. */
export interface CurvatureSample {
  readonly t: Decimal;
  readonly curvature: Decimal;
}

/**
 * Coefficients c_0..c_q of the curvature along a step, u.H(w + t d)u = sum_k c_k t^k, for a loss
 * whose curvature is a polynomial of degree q in t (q = p - 2 for a polynomial loss of degree p).
 * Interpolated in Newton form from the samples (ascending, ends included; midpoints are sampled
 * with `curvature` while there are fewer than q + 1), taking the ends first so the nodes are well
 * spread. The samples not used must lie on the interpolant to rounding: that checks the degree,
 * and a miss gives undefined (the caller then brackets on the samples instead).
 */
export function curvaturePolynomial(
  samples: readonly CurvatureSample[],
  curvature: (t: Decimal) => Decimal,
  degree: number,
  ctx: NumericContext,
): readonly Decimal[] | undefined {
  const { D } = ctx;
  let points = [...samples];
  while (points.length < degree + 1) {
    points = points.flatMap((s, i) => {
      const next = points[i + 1];
      if (!next) return [s];
      const t = s.t.plus(next.t).div(2);
      return [s, { t, curvature: curvature(t) }];
    });
  }
  const ordered = [points[0]!, points[points.length - 1]!, ...points.slice(1, -1)];
  const used = ordered.slice(0, degree + 1);
  // Divided differences, in place: c[k] = f[x_0, ..., x_k].
  const c = used.map((s) => s.curvature);
  for (let k = 1; k < c.length; k++) {
    for (let i = c.length - 1; i >= k; i--) c[i] = c[i]!.minus(c[i - 1]!).div(used[i]!.t.minus(used[i - k]!.t));
  }
  // Newton form to monomials: p = c_q, then p = p (t - x_k) + c_k for k = q-1 .. 0.
  let poly: Decimal[] = [c[degree]!];
  for (let k = degree - 1; k >= 0; k--) {
    const x = used[k]!.t;
    poly = [...poly.map((a, i) => (i === 0 ? new D(0) : poly[i - 1]!).minus(a.times(x))), poly[poly.length - 1]!];
    poly[0] = poly[0]!.plus(c[k]!);
  }
  const scale = D.max(1, ...points.map((s) => s.curvature.abs()));
  const noise = scale.times(new D(10).pow(-ctx.precision + 6));
  const at = (t: Decimal): Decimal => poly.reduceRight((s, a) => s.times(t).plus(a), new D(0));
  return ordered.slice(degree + 1).every((s) => at(s.t).minus(s.curvature).abs().lte(noise)) ? poly : undefined;
}
