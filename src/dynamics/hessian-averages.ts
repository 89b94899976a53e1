import type { Decimal } from 'decimal.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { gaussLegendre, type QuadratureRule } from '../numeric/gauss-legendre.js';
import type { Matrix, Vector } from '../numeric/linalg.js';
import { dot, quadraticForm, symmetricQuadraticForm } from './vectors.js';

/** Value, gradient and Hessian of the loss at one iterate: what every step evaluates once. */
export interface PointValues {
  readonly w: Vector;
  readonly value: Decimal;
  readonly gradient: Vector;
  readonly hessian: Matrix;
}

export function pointValues(loss: CompiledLoss, w: Vector): PointValues {
  return { w, value: loss.value(w), gradient: loss.gradient(w), hessian: loss.hessian(w) };
}

/** u.H(w + t d)u at one t in [0, 1]: the curvature along the step that the averages average. */
export interface CurvatureSample {
  readonly t: Decimal;
  readonly curvature: Decimal;
}

/**
 * The two Hessian averages over the step segment w -> w + d (MATH.md §2), by two independent
 * routes:
 * - quadrature: Hbar = integral_0^1 H(w + t d) dt and Htilde = 2 integral_0^1 (1 - t) H(w + t d) dt by
 *   Gauss-Legendre at the working precision (this route never evaluates L or grad L);
 * - closed forms: d.Hbar d = (grad L(w + d) - grad L(w)).d (secant) and d.Htilde d =
 *   2 (L(w + d) - L(w) - grad L(w).d) (Taylor's formula with integral remainder), which use only
 *   L and grad L.
 * Both are exact identities; the quadrature error falls like rho^(-2n) for an integrand analytic in
 * a Bernstein ellipse of parameter rho, so the rule is refined (more panels) until the two agree.
 */
export interface HessianAverages {
  readonly hbar: Matrix;
  readonly htilde: Matrix;
  /** Quadrature values of d.Hbar d/|d|^2 and d.Htilde d/|d|^2. */
  readonly rbar: Decimal;
  readonly rtilde: Decimal;
  readonly closedForm: { readonly rbar: Decimal; readonly rtilde: Decimal };
  /**
   * |quadrature - closed form| over max(1, the magnitudes of the terms the closed form subtracts:
   * |grad L(w+d).d| + |grad L(w).d| + ..., resp. 2(|L(w+d)| + |L(w)| + |grad L(w).d|) + ...). The
   * closed form cancels, so its rounding is relative to those terms, and the evaluation of L itself
   * is accurate in absolute, not relative, terms near a zero of the loss (L = (xy - 1)^2/2): hence
   * the mixed absolute/relative scale, as in the derivative cross-check.
   */
  readonly quadratureResidual: { readonly rbar: Decimal; readonly rtilde: Decimal };
  /** Nodes (all panels) of the rule that met the target, or of the largest rule tried. */
  readonly nodes: number;
  /** u.H(w + t d)u at t = 0, the nodes and t = 1, ascending in t. */
  readonly samples: readonly CurvatureSample[];
}

/**
 * Gauss-Legendre nodes per panel: exact for polynomials of degree up to about the working
 * precision, and for an integrand analytic in a Bernstein ellipse of parameter rho the error is
 * about rho^(-precision).
 */
export function nodesPerPanel(precision: number): number {
  return Math.max(8, Math.ceil(precision / 2));
}

/**
 * Panels tried in turn. A long step can pass close to a singularity of the loss in the complex
 * plane (sqrt(1 + x^2) at x = +-i), which makes rho close to 1 for the whole segment; halving the
 * panels raises rho for each, so the composite rule converges where more nodes on one panel would
 * not. Most steps stop at one panel.
 */
export const PANELS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

interface RuleResult {
  readonly hbar: Matrix;
  readonly htilde: Matrix;
  readonly samples: readonly CurvatureSample[];
}

/** A composite node: t, its weight, and the weight 2 (1 - t) w of the triangular average. */
interface CompositeNode {
  readonly t: Decimal;
  readonly weight: Decimal;
  readonly triangular: Decimal;
}

const composites = new WeakMap<QuadratureRule, Map<number, readonly CompositeNode[]>>();

/** The rule on [0, 1] split into `panels` equal panels: nodes (j + t)/P with weights w/P (cached per rule). */
function composite(rule: QuadratureRule, panels: number, D: Decimal.Constructor): readonly CompositeNode[] {
  let byPanels = composites.get(rule);
  if (!byPanels) composites.set(rule, (byPanels = new Map()));
  let out = byPanels.get(panels);
  if (!out) {
    const nodes: CompositeNode[] = [];
    for (let j = 0; j < panels; j++) {
      rule.nodes.forEach((t0, q) => {
        const t = t0.plus(j).div(panels);
        const weight = rule.weights[q]!.div(panels);
        nodes.push({ t, weight, triangular: weight.times(new D(1).minus(t)).times(2) });
      });
    }
    byPanels.set(panels, (out = nodes));
  }
  return out;
}

function integrate(loss: CompiledLoss, rule: QuadratureRule, panels: number, w: Vector, d: Vector, curvature: (h: Matrix) => Decimal): RuleResult {
  const { D } = loss.context;
  const n = w.length;
  const bar = Array.from({ length: n }, () => Array.from({ length: n }, () => new D(0)));
  const tilde = Array.from({ length: n }, () => Array.from({ length: n }, () => new D(0)));
  const samples: CurvatureSample[] = [];
  for (const { t, weight, triangular } of composite(rule, panels, D)) {
    const h = loss.hessian(w.map((wi, i) => wi.plus(t.times(d[i]!))));
    // The upper triangle, mirrored (H is symmetric, so the lower entries would be the same sums).
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        bar[i]![j] = bar[i]![j]!.plus(weight.times(h[i]![j]!));
        tilde[i]![j] = tilde[i]![j]!.plus(triangular.times(h[i]![j]!));
        if (j > i) {
          bar[j]![i] = bar[i]![j]!;
          tilde[j]![i] = tilde[i]![j]!;
        }
      }
    }
    samples.push({ t, curvature: curvature(h) });
  }
  return { hbar: bar, htilde: tilde, samples };
}

/**
 * The averages over the step from `start` to `end` (end.w = start.w + d exactly). `target` is the
 * scaled quadrature residual to reach; the rule is refined through `nodeCounts` until both
 * residuals are below it.
 */
export function hessianAverages(loss: CompiledLoss, start: PointValues, end: PointValues, d: Vector, target: Decimal): HessianAverages {
  const ctx = loss.context;
  const { D } = ctx;
  const normSq = dot(d, d);
  const u = d.map((di) => di.div(D.sqrt(normSq)));
  const curvature = symmetricQuadraticForm(u);
  // Closed forms and the magnitudes of the terms they cancel.
  const g0d = dot(start.gradient, d);
  const g1d = dot(end.gradient, d);
  const secant = g1d.minus(g0d);
  const remainder = end.value.minus(start.value).minus(g0d).times(2);
  const secantScale = g1d.abs().plus(g0d.abs());
  const remainderScale = end.value.abs().plus(start.value.abs()).plus(g0d.abs()).times(2);
  let best: { result: RuleResult; n: number; res: { rbar: Decimal; rtilde: Decimal } } | undefined;
  const rule = gaussLegendre(nodesPerPanel(ctx.precision), ctx);
  for (const panels of PANELS) {
    const n = rule.n * panels;
    const result = integrate(loss, rule, panels, start.w, d, curvature);
    const dHbard = quadraticForm(result.hbar, d);
    const dHtilded = quadraticForm(result.htilde, d);
    const res = {
      rbar: dHbard.minus(secant).abs().div(D.max(1, secantScale.plus(dHbard.abs()))),
      rtilde: dHtilded.minus(remainder).abs().div(D.max(1, remainderScale.plus(dHtilded.abs()))),
    };
    best = { result, n, res };
    if (res.rbar.lte(target) && res.rtilde.lte(target)) break;
  }
  const { result, n, res } = best!;
  return {
    hbar: result.hbar,
    htilde: result.htilde,
    rbar: quadraticForm(result.hbar, u),
    rtilde: quadraticForm(result.htilde, u),
    closedForm: { rbar: secant.div(normSq), rtilde: remainder.div(normSq) },
    quadratureResidual: res,
    nodes: n,
    samples: [
      { t: new D(0), curvature: curvature(start.hessian) },
      ...result.samples,
      { t: new D(1), curvature: curvature(end.hessian) },
    ],
  };
}
