import type { Decimal } from 'decimal.js';
import { bigDecimalArithmetic, type BigDecimal } from '../numeric/big-decimal.js';
import { compileAll } from '../numeric/compile.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { compileDecimal, fastDecimalAlgebra } from '../numeric/fast-decimal-algebra.js';
import { gaussLegendre, type QuadratureRule } from '../numeric/gauss-legendre.js';
import type { Matrix, Vector } from '../numeric/linalg.js';
import { withParamValues } from '../symbolic/loss.js';
import { floatCurvature, planPanels, stepForecast, within, type PanelBudget } from './panel-prediction.js';
import { polynomialLossDegree, type CurvatureSample } from './polynomial-loss.js';
import { atLeastOne, dot, matVec, norm, quadraticForm, sub, symmetricQuadraticCoefficients, symmetricQuadraticForm } from './vectors.js';

/** Value, gradient and Hessian of the loss at one iterate: what every step evaluates once. */
export interface PointValues {
  readonly w: Vector;
  readonly value: Decimal;
  readonly gradient: Vector;
  readonly hessian: Matrix;
}

export function pointValues(loss: CompiledLoss, w: Vector): PointValues {
  const { value, gradient, hessian } = sharedPoint(loss)(w);
  return { w, value, gradient, hessian };
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
 * a Bernstein ellipse of parameter rho, so the rule is refined (more panels) until the two agree. A
 * polynomial loss starts from the rule that is exact for its degree (`exactNodes`).
 */
export interface HessianAverages {
  readonly hbar: Matrix;
  readonly htilde: Matrix;
  /** Quadrature values of d.Hbar d/|d|^2 and d.Htilde d/|d|^2. */
  readonly rbar: Decimal;
  readonly rtilde: Decimal;
  /**
   * The closed forms, and `scale`: the magnitudes of the terms each cancels over |d|^2
   * ((|grad L(w+d).d| + |grad L(w).d|)/|d|^2, 2(|L(w+d)| + |L(w)| + |grad L(w).d|)/|d|^2). Their rounding
   * error is the working precision's unit times it: on a short step near a minimum (|d| ~ 1e-8 with
   * L ~ 7) rtilde's closed form keeps about 16 digits fewer than the working precision.
   */
  readonly closedForm: { readonly rbar: Decimal; readonly rtilde: Decimal; readonly scale: { readonly rbar: Decimal; readonly rtilde: Decimal } };
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
  /**
   * Which closed forms vouch for the matrices: 'converged' (the rule that resolves the Hessian along
   * the whole segment, or the exact rule of a polynomial loss: every entry to the target), or
   * 'along-step' (a cheaper rule accepted because Hbar d, d.Hbar d and d.Htilde d each match their
   * closed forms to the target; other parts of the matrices, such as Htilde d, are not verified).
   */
  readonly rule: 'converged' | 'along-step';
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
 * Deepest panel split: panels of width 2^-8. A long step can pass close to a singularity of the
 * loss in the complex plane (sqrt(1 + x^2) at x = +-i), which makes rho close to 1 near that part
 * of the segment; halving a panel raises rho for each half, so the composite rule converges where
 * more nodes on one panel would not. Most steps stop at one panel.
 */
export const MAX_PANEL_DEPTH = 8;

/**
 * Nodes of the one-panel Gauss-Legendre rule that is exact (to rounding) for a polynomial loss of
 * total degree p: along the step every entry of H(w + t d) is a polynomial of degree <= p - 2 in t,
 * the triangular integrand 2 (1 - t) H of degree <= p - 1, and m nodes integrate degree 2m - 1
 * exactly, so m = ceil(p/2) suffice. Undefined for any other loss, or where the exact rule would
 * not be smaller than the converged one.
 */
export function exactNodes(loss: CompiledLoss): number | undefined {
  const p = polynomialLossDegree(loss);
  const m = p === undefined ? undefined : Math.max(1, Math.ceil(p / 2));
  return m !== undefined && m < nodesPerPanel(loss.context.precision) ? m : undefined;
}

/**
 * Cheaper rules tried first where only what the closed forms verify is needed (see hessianAverages):
 * a step short relative to the distance to the nearest complex singularity of the loss has a
 * large Bernstein parameter rho, and rho^(-2m) reaches the target with far fewer nodes than the
 * rule sized for any segment. Not nested (Gauss-Legendre rules share no nodes), so a miss costs its
 * nodes: one small rung keeps that waste below the saving.
 */
export const ALONG_STEP_NODES: readonly number[] = [10];

/**
 * The cheap rules the float64 forecast (panel-prediction.ts) chooses from: the smallest predicted
 * to pass is the only one tried, so the rungs cost nothing until chosen.
 */
export const PREDICTED_STEP_NODES: readonly number[] = [6, 8, 10, 12, 14, 16];

/**
 * A composite node: t, its weight, and the weight 2 (1 - t) w of the triangular average, with the
 * same three numbers in BigInt form for integratePanel.
 */
interface CompositeNode {
  readonly t: Decimal;
  readonly weight: Decimal;
  readonly triangular: Decimal;
  readonly big: { readonly t: BigDecimal; readonly weight: BigDecimal; readonly triangular: BigDecimal };
}

const composites = new WeakMap<QuadratureRule, Map<string, readonly CompositeNode[]>>();

/**
 * Panel j of the rule on [0, 1] split into `panels` equal panels: nodes (j + t)/P with weights w/P
 * (cached per rule and panel: a deep panel is one of 2^8, and only the panels near a singularity
 * are ever integrated).
 */
function panelNodes(rule: QuadratureRule, panels: number, j: number, ctx: NumericContext): readonly CompositeNode[] {
  let byPanel = composites.get(rule);
  if (!byPanel) composites.set(rule, (byPanel = new Map()));
  const key = `${panels}:${j}`;
  let out = byPanel.get(key);
  if (!out) {
    const { fromDecimal } = bigDecimalArithmetic(ctx);
    out = rule.nodes.map((t0, q) => {
      const t = t0.plus(j).div(panels);
      const weight = rule.weights[q]!.div(panels);
      const triangular = weight.times(new ctx.D(1).minus(t)).times(2);
      return { t, weight, triangular, big: { t: fromDecimal(t), weight: fromDecimal(weight), triangular: fromDecimal(triangular) } };
    });
    byPanel.set(key, out);
  }
  return out;
}

type Point = Omit<PointValues, 'w'>;
interface Programs {
  readonly point: (w: Vector) => Point;
  readonly hessian: (w: Vector) => Matrix;
  /** The upper triangle of H, row by row, in BigInt form (the quadrature's inner loop stays in it). */
  readonly hessianEntries: (w: readonly BigDecimal[]) => BigDecimal[];
}
const programs = new WeakMap<CompiledLoss, Programs>();

/**
 * L, grad L and H compiled together (compileDecimal), and H alone the same way: a subexpression that
 * several entries share (sech(x*y), e^(x-y), ...) is evaluated once per point, not once per entry.
 * The same CAS entries and the same operations as loss.value, loss.gradient and loss.hessian, so
 * the same values; cached per compiled loss.
 */
function programsOf(loss: CompiledLoss): Programs {
  let hit = programs.get(loss);
  if (!hit) {
    const vars = loss.loss.vars;
    const n = loss.n;
    const pairs = vars.flatMap((_, i) => vars.map((__, j) => [i, j] as const).filter(([, j]) => j >= i));
    const roots = (indices: readonly (readonly number[])[]) => indices.map((ij) => withParamValues(loss.loss, loss.table.entry(ij)));
    const matrix = (values: readonly Decimal[]): Matrix => {
      const h: Decimal[][] = Array.from({ length: n }, () => Array<Decimal>(n));
      pairs.forEach(([i, j], k) => (h[i]![j] = h[j]![i] = values[k]!));
      return h;
    };
    const big = bigDecimalArithmetic(loss.context);
    const hessianEntries = compileAll(roots(pairs), fastDecimalAlgebra(loss.context), vars);
    const pointEntries = compileDecimal(roots([[], ...vars.map((_, i) => [i]), ...pairs]), loss.context, vars);
    hit = {
      hessianEntries,
      hessian: (w) => matrix(hessianEntries(w.map(big.fromDecimal)).map(big.toDecimal)),
      point: (w) => {
        const values = pointEntries(w);
        return { value: values[0]!, gradient: values.slice(1, n + 1), hessian: matrix(values.slice(n + 1)) };
      },
    };
    programs.set(loss, hit);
  }
  return hit;
}

const sharedPoint = (loss: CompiledLoss): ((w: Vector) => Point) => programsOf(loss).point;

/** H(w) with shared subexpressions across its entries (see programsOf). */
export const sharedHessian = (loss: CompiledLoss): ((w: Vector) => Matrix) => programsOf(loss).hessian;

/** One panel's share of the two averages, with the curvature at its nodes. */
interface PanelResult {
  readonly hbar: Matrix;
  readonly htilde: Matrix;
  readonly samples: readonly CurvatureSample[];
}

/**
 * H(w + t d) (upper triangle, row by row) and u.H(w + t d)u with the coefficients of
 * symmetricQuadraticCoefficients(u), in BigInt form: the same operations in the same order as
 * symmetricQuadraticForm(u)(sharedHessian(loss)(w + t d)), so the same values.
 */
function hessianAlong(loss: CompiledLoss, w: readonly BigDecimal[], d: readonly BigDecimal[], coefficients: readonly BigDecimal[]): (t: BigDecimal) => { h: BigDecimal[]; curvature: BigDecimal } {
  const big = bigDecimalArithmetic(loss.context);
  const hessian = programsOf(loss).hessianEntries;
  return (t) => {
    const h = hessian(w.map((wi, i) => big.add(wi, big.mul(t, d[i]!))));
    let c = big.mul(coefficients[0]!, h[0]!);
    for (let k = 1; k < h.length; k++) c = big.add(c, big.mul(coefficients[k]!, h[k]!));
    return { h, curvature: c };
  };
}

/** t -> u.H(w + t d)u for a unit vector u (the mean-value points' root finding evaluates it), via hessianAlong. */
export function curvatureAlong(loss: CompiledLoss, w: Vector, d: Vector, u: Vector): (t: Decimal) => Decimal {
  const big = bigDecimalArithmetic(loss.context);
  const at = hessianAlong(loss, w.map(big.fromDecimal), d.map(big.fromDecimal), symmetricQuadraticCoefficients(u).map(big.fromDecimal));
  return (t) => big.toDecimal(at(big.fromDecimal(t)).curvature);
}

/**
 * Panel j of 2^depth equal panels of [0, 1], integrated with `rule`. `curvature` holds the
 * coefficients of u.H u over the upper triangle of H (symmetricQuadraticForm's, in its order). The
 * loop runs in BigInt form (big-decimal.ts: the same correctly rounded operations as decimal.js, so
 * the same sums as in Decimal), and converts only the sums and the samples.
 */
function integratePanel(loss: CompiledLoss, rule: QuadratureRule, depth: number, j: number, w: Vector, d: Vector, curvature: readonly BigDecimal[]): PanelResult {
  const ctx = loss.context;
  const big = bigDecimalArithmetic(ctx);
  const n = w.length;
  const [wb, db] = [w.map(big.fromDecimal), d.map(big.fromDecimal)];
  const zero = big.fromDecimal(new ctx.D(0));
  const entries = curvature.length;
  const bar = Array<BigDecimal>(entries).fill(zero);
  const tilde = Array<BigDecimal>(entries).fill(zero);
  const samples: CurvatureSample[] = [];
  const nodes = panelNodes(rule, 2 ** depth, j, ctx);
  const at = hessianAlong(loss, wb, db, curvature);
  for (const { t, big: node } of nodes) {
    const { h, curvature: c } = at(node.t);
    for (let k = 0; k < entries; k++) {
      bar[k] = big.add(bar[k]!, big.mul(node.weight, h[k]!));
      tilde[k] = big.add(tilde[k]!, big.mul(node.triangular, h[k]!));
    }
    samples.push({ t, curvature: big.toDecimal(c) });
  }
  // The upper triangle, mirrored (H is symmetric, so the lower entries would be the same sums).
  const matrix = (sums: readonly BigDecimal[]): Matrix => {
    const m: Decimal[][] = Array.from({ length: n }, () => Array<Decimal>(n));
    let k = 0;
    for (let i = 0; i < n; i++) for (let l = i; l < n; l++) m[i]![l] = m[l]![i] = big.toDecimal(sums[k++]!);
    return m;
  };
  return { hbar: matrix(bar), htilde: matrix(tilde), samples };
}

/** L and grad L(.) d at w + t d: what the closed forms of a panel [a, b] take from its ends. */
interface PanelEnd {
  readonly value: Decimal;
  readonly slope: Decimal;
}

/** |quadrature - closed form| of one panel, and the magnitudes of the terms the closed form cancels. */
interface PanelErrors {
  readonly bar: { readonly error: Decimal; readonly scale: Decimal };
  readonly tilde: { readonly error: Decimal; readonly scale: Decimal };
}

/**
 * One panel [a, b] against its closed forms, with phi(t) = L(w + t d):
 * integral_a^b d.H d dt = phi'(b) - phi'(a) and integral_a^b 2 (1 - t) d.H d dt =
 * 2 ((1 - b) phi'(b) - (1 - a) phi'(a) + phi(b) - phi(a)) (integration by parts). The scale is
 * max(1, the magnitudes of the terms each cancels plus the quadrature value). On [0, 1] these are
 * the secant and the second-order remainder of the whole step.
 */
function panelErrors(part: PanelResult, d: Vector, a: Decimal, ea: PanelEnd, b: Decimal, eb: PanelEnd): PanelErrors {
  const dHbard = quadraticForm(part.hbar, d);
  const dHtilded = quadraticForm(part.htilde, d);
  const fa = a.neg().plus(1).times(ea.slope);
  const fb = b.neg().plus(1).times(eb.slope);
  const remainder = fb.minus(fa).plus(eb.value).minus(ea.value).times(2);
  return {
    bar: { error: dHbard.minus(eb.slope.minus(ea.slope)).abs(), scale: atLeastOne(eb.slope.abs().plus(ea.slope.abs()).plus(dHbard.abs())) },
    tilde: {
      error: dHtilded.minus(remainder).abs(),
      scale: atLeastOne(eb.value.abs().plus(ea.value.abs()).plus(fa.abs()).plus(fb.abs()).times(2).plus(dHtilded.abs())),
    },
  };
}

const scaled = (e: PanelErrors): { rbar: Decimal; rtilde: Decimal } => ({ rbar: e.bar.error.div(e.bar.scale), rtilde: e.tilde.error.div(e.tilde.scale) });

const verified = (e: PanelErrors, target: Decimal): boolean => scaled(e).rbar.lte(target) && scaled(e).rtilde.lte(target);

/**
 * |Hbar d - (grad L(w + d) - grad L(w))| over max(1, |grad L(w + d)| + |grad L(w)| + |Hbar d|): the
 * vector form of the secant, which checks Hbar along d in every component, not only d.Hbar d.
 */
export function secantResidual(hbar: Matrix, d: Vector, g0: Vector, g1: Vector): Decimal {
  const hd = matVec(hbar, d);
  return norm(sub(hd, sub(g1, g0))).div(atLeastOne(norm(g1).plus(norm(g0)).plus(norm(hd))));
}

/**
 * The averages over the step from `start` to `end` (end.w = start.w + d exactly). `target` is the
 * scaled quadrature residual to reach. A polynomial loss first tries its exact rule on one panel;
 * with `alongStep` (a caller that uses only Hbar d, rbar and rtilde) any other loss first tries
 * a cheap rule (the smallest of PREDICTED_STEP_NODES that the float64 forecast expects to pass, or
 * without a forecast ALONG_STEP_NODES), kept only if its closed forms verify it;
 * otherwise (or should it miss) the converged rule runs on [0, 1] and a panel that misses its own
 * closed forms by more than target x its width (relative to the step's scale) is halved, down to
 * MAX_PANEL_DEPTH: only the part of the step near a complex singularity is refined. With a
 * float64 forecast (planPanels) the panels are planned before any decimal evaluation: those
 * expected to miss are split unevaluated, and each kept panel gets the cheapest rule, no smaller
 * than the converged one, expected to meet its share; a forecast that was wrong costs one failed
 * panel, which is then refined as without it. The whole step is then compared with its closed
 * forms (the secant and the remainder), which is the reported residual.
 */
export function hessianAverages(loss: CompiledLoss, start: PointValues, end: PointValues, d: Vector, target: Decimal, alongStep = false): HessianAverages {
  const ctx = loss.context;
  const { D } = ctx;
  const n = d.length;
  const normSq = dot(d, d);
  const length = normSq.sqrt();
  const u = d.map((di) => di.div(length));
  const curvature = symmetricQuadraticForm(u);
  const coefficients = symmetricQuadraticCoefficients(u).map(bigDecimalArithmetic(ctx).fromDecimal);
  const zero = new D(0);
  const one = new D(1);
  const endOf = (p: PointValues): PanelEnd => ({ value: p.value, slope: dot(p.gradient, d) });
  const ends = new Map<string, PanelEnd>([
    ['0', endOf(start)],
    ['1', endOf(end)],
  ]);
  const endAt = (t: Decimal): PanelEnd => {
    const key = t.toString();
    let e = ends.get(key);
    if (!e) {
      const x = start.w.map((wi, i) => wi.plus(t.times(d[i]!)));
      ends.set(key, (e = { value: loss.value(x), slope: dot(loss.gradient(x), d) }));
    }
    return e;
  };
  const parts: PanelResult[] = [];
  let nodes = 0;
  // [0, 1] on one panel: its errors are the step's, not recomputed.
  let single: PanelErrors | undefined;
  let verifiedBy: HessianAverages['rule'] = 'converged';
  const exact = exactNodes(loss);
  const whole = exact === undefined ? undefined : integratePanel(loss, gaussLegendre(exact, ctx), 0, 0, start.w, d, coefficients);
  const wholeErrors = whole && panelErrors(whole, d, zero, endAt(zero), one, endAt(one));
  // The step's scales (the terms its closed forms cancel, as in panelErrors, with the closed-form
  // value for the quadrature's): a panel of width 2^-depth may miss its closed forms by target
  // 2^-depth times them, so the errors of all panels add up to at most the target relative to the
  // whole step, which the final comparison requires.
  const [s0, s1] = [endAt(zero), endAt(one)];
  const stepScale = {
    bar: atLeastOne(s1.slope.abs().plus(s0.slope.abs()).plus(s1.slope.minus(s0.slope).abs())),
    tilde: atLeastOne(s1.value.abs().plus(s0.value.abs()).plus(s0.slope.abs()).times(2).plus(s1.value.minus(s0.value).minus(s0.slope).times(2).abs())),
  };
  const budget = (a: number, b: number): PanelBudget => ({ bar: target.times(stepScale.bar).toNumber() * (b - a), tilde: target.times(stepScale.tilde).toNumber() * (b - a) });
  const forecast = whole && wholeErrors && verified(wholeErrors, target) ? undefined : stepForecast(floatCurvature(loss, start.w.map(Number), d.map(Number)));
  // Escalation: a cheap rule on [0, 1] is kept only where the closed forms check everything a
  // caller that asked for `alongStep` uses: d.Hbar d, d.Htilde d and the vector Hbar d = grad L(w + d)
  // - grad L(w) (fundamental theorem of calculus), each to the target.
  const tryCheap = (): { m: number; part: PanelResult; errors: PanelErrors } | undefined => {
    const predicted = forecast?.(0, 1);
    const rungs = predicted ? PREDICTED_STEP_NODES.filter((m) => within(predicted(m), budget(0, 1))).slice(0, 1) : ALONG_STEP_NODES;
    for (const m of rungs.filter((k) => k < nodesPerPanel(ctx.precision))) {
      const part = integratePanel(loss, gaussLegendre(m, ctx), 0, 0, start.w, d, coefficients);
      const errors = panelErrors(part, d, zero, endAt(zero), one, endAt(one));
      if (verified(errors, target) && secantResidual(part.hbar, d, start.gradient, end.gradient).lte(target)) return { m, part, errors };
    }
    return undefined;
  };
  const cheap = whole || !alongStep ? undefined : tryCheap();
  if (whole && wholeErrors && verified(wholeErrors, target)) {
    parts.push(whole);
    nodes = exact!;
    single = wholeErrors;
  } else if (cheap) {
    parts.push(cheap.part);
    nodes = cheap.m;
    single = cheap.errors;
    verifiedBy = 'along-step';
  } else {
    const rule = gaussLegendre(nodesPerPanel(ctx.precision), ctx);
    // Rules no smaller than the converged one, so a kept panel resolves at least as much.
    const plan = forecast && planPanels(forecast, [1, 1.5, 2, 3].map((k) => Math.round(k * rule.n)), MAX_PANEL_DEPTH, budget);
    // Panel j of 2^depth; depth first, left half first, so the samples come out ascending in t.
    // A panel that misses by more than this factor is far from resolved (relative error above
    // target^(2/3), 1e-20 at 30 digits): the rule sees a singularity close to it, and the half of
    // it nearer that singularity will miss too. (Measured on the search's losses, seed 7: factors
    // 1e3, 1e7.5, 1e10, 1e15, 1e20 left 17.9k, 17.0k, 16.9k, 17.2k, 18.0k Hessian evaluations.)
    const hopeless = target.cbrt();
    const refine = (depth: number, j: number, evaluate = !plan?.splits(depth, j)): void => {
      if (!evaluate) {
        refine(depth + 1, 2 * j);
        refine(depth + 1, 2 * j + 1);
        return;
      }
      const planned = plan?.nodes(depth, j);
      const part = integratePanel(loss, planned ? gaussLegendre(planned, ctx) : rule, depth, j, start.w, d, coefficients);
      const a = new D(j).div(2 ** depth);
      const b = new D(j + 1).div(2 ** depth);
      const errors = panelErrors(part, d, a, endAt(a), b, endAt(b));
      const allowed = target.div(2 ** depth);
      if (depth === MAX_PANEL_DEPTH || (errors.bar.error.lte(allowed.times(stepScale.bar)) && errors.tilde.error.lte(allowed.times(stepScale.tilde)))) {
        parts.push(part);
        nodes += part.samples.length;
        if (depth === 0) single = errors;
        return;
      }
      // Split without evaluating the half predicted to miss (the one holding the largest curvature
      // sample, i.e. nearer the singularity): its own halves are evaluated instead, which saves the
      // rule's nodes once per level on the way down to the singularity. A wrong guess costs one
      // panel; every kept panel is still checked against its own closed forms.
      const far = depth + 2 < MAX_PANEL_DEPTH && (errors.bar.error.gt(allowed.times(stepScale.bar).div(hopeless)) || errors.tilde.error.gt(allowed.times(stepScale.tilde).div(hopeless)));
      const peak = part.samples.reduce((m, x) => (x.curvature.abs().gt(m.curvature.abs()) ? x : m));
      const nearLeft = peak.t.lt(a.plus(b).div(2));
      refine(depth + 1, 2 * j, !(far && nearLeft));
      refine(depth + 1, 2 * j + 1, !(far && !nearLeft));
    };
    refine(0, 0);
  }
  const sum = (pick: (p: PanelResult) => Matrix): Matrix =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, k) => parts.reduce((s, p) => s.plus(pick(p)[i]![k]!), zero)));
  const whole01: PanelResult = parts.length === 1 ? parts[0]! : { hbar: sum((p) => p.hbar), htilde: sum((p) => p.htilde), samples: parts.flatMap((p) => p.samples) };
  const quadratureResidual = scaled(single ?? panelErrors(whole01, d, zero, endAt(zero), one, endAt(one)));
  return {
    hbar: whole01.hbar,
    htilde: whole01.htilde,
    rbar: quadraticForm(whole01.hbar, u),
    rtilde: quadraticForm(whole01.htilde, u),
    closedForm: {
      rbar: s1.slope.minus(s0.slope).div(normSq),
      rtilde: s1.value.minus(s0.value).minus(s0.slope).times(2).div(normSq),
      scale: { rbar: s1.slope.abs().plus(s0.slope.abs()).div(normSq), rtilde: s1.value.abs().plus(s0.value.abs()).plus(s0.slope.abs()).times(2).div(normSq) },
    },
    quadratureResidual,
    nodes,
    rule: verifiedBy,
    samples: [{ t: zero, curvature: curvature(start.hessian) }, ...whole01.samples, { t: one, curvature: curvature(end.hessian) }],
  };
}
