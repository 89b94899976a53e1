import type { Decimal } from 'decimal.js';
import { compileAll } from '../numeric/compile.js';
import type { CompiledLoss } from '../numeric/compiled-loss.js';
import { decimalAlgebra } from '../numeric/decimal-algebra.js';
import { gaussLegendre, type QuadratureRule } from '../numeric/gauss-legendre.js';
import type { Matrix, Vector } from '../numeric/linalg.js';
import { withParamValues } from '../symbolic/loss.js';
import { polynomialLossDegree, type CurvatureSample } from './polynomial-loss.js';
import { atLeastOne, dot, matVec, norm, quadraticForm, sub, symmetricQuadraticForm } from './vectors.js';

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

type Point = Omit<PointValues, 'w'>;
const programs = new WeakMap<CompiledLoss, { readonly point: (w: Vector) => Point; readonly hessian: (w: Vector) => Matrix }>();

/**
 * L, grad L and H compiled together (compileAll), and H alone the same way: a subexpression that
 * several entries share (sech(x*y), e^(x-y), ...) is evaluated once per point, not once per entry.
 * The same CAS entries and the same operations as loss.value, loss.gradient and loss.hessian, so
 * the same values; cached per compiled loss.
 */
function programsOf(loss: CompiledLoss): { readonly point: (w: Vector) => Point; readonly hessian: (w: Vector) => Matrix } {
  let hit = programs.get(loss);
  if (!hit) {
    const vars = loss.loss.vars;
    const n = loss.n;
    const pairs = vars.flatMap((_, i) => vars.map((__, j) => [i, j] as const).filter(([, j]) => j >= i));
    const compiled = (indices: readonly (readonly number[])[]) =>
      compileAll(
        indices.map((ij) => withParamValues(loss.loss, loss.table.entry(ij))),
        decimalAlgebra(loss.context),
        vars,
      );
    const matrix = (values: readonly Decimal[]): Matrix => {
      const h: Decimal[][] = Array.from({ length: n }, () => Array<Decimal>(n));
      pairs.forEach(([i, j], k) => (h[i]![j] = h[j]![i] = values[k]!));
      return h;
    };
    const hessianEntries = compiled(pairs);
    const pointEntries = compiled([[], ...vars.map((_, i) => [i]), ...pairs]);
    hit = {
      hessian: (w) => matrix(hessianEntries(w)),
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

/** Panel j of 2^depth equal panels of [0, 1], integrated with `rule`. */
function integratePanel(loss: CompiledLoss, rule: QuadratureRule, depth: number, j: number, w: Vector, d: Vector, curvature: (h: Matrix) => Decimal): PanelResult {
  const { D } = loss.context;
  const n = w.length;
  const bar = Array.from({ length: n }, () => Array.from({ length: n }, () => new D(0)));
  const tilde = Array.from({ length: n }, () => Array.from({ length: n }, () => new D(0)));
  const samples: CurvatureSample[] = [];
  const nodes = composite(rule, 2 ** depth, D);
  const hessian = sharedHessian(loss);
  for (let q = j * rule.n; q < (j + 1) * rule.n; q++) {
    const { t, weight, triangular } = nodes[q]!;
    const h = hessian(w.map((wi, i) => wi.plus(t.times(d[i]!))));
    // The upper triangle, mirrored (H is symmetric, so the lower entries would be the same sums).
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) {
        bar[i]![k] = bar[i]![k]!.plus(weight.times(h[i]![k]!));
        tilde[i]![k] = tilde[i]![k]!.plus(triangular.times(h[i]![k]!));
        if (k > i) {
          bar[k]![i] = bar[i]![k]!;
          tilde[k]![i] = tilde[i]![k]!;
        }
      }
    }
    samples.push({ t, curvature: curvature(h) });
  }
  return { hbar: bar, htilde: tilde, samples };
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
 * the cheap rules of ALONG_STEP_NODES, each kept only if its closed forms verify it;
 * otherwise (or should it miss) the converged rule runs on [0, 1] and a panel that misses its own
 * closed forms by more than target x its width (relative to the step's scale) is halved, down to
 * MAX_PANEL_DEPTH: only the part of the step near a complex singularity is refined. The whole step is then compared with its
 * closed forms (the secant and the remainder), which is the reported residual.
 */
export function hessianAverages(loss: CompiledLoss, start: PointValues, end: PointValues, d: Vector, target: Decimal, alongStep = false): HessianAverages {
  const ctx = loss.context;
  const { D } = ctx;
  const n = d.length;
  const normSq = dot(d, d);
  const length = normSq.sqrt();
  const u = d.map((di) => di.div(length));
  const curvature = symmetricQuadraticForm(u);
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
  const whole = exact === undefined ? undefined : integratePanel(loss, gaussLegendre(exact, ctx), 0, 0, start.w, d, curvature);
  const wholeErrors = whole && panelErrors(whole, d, zero, endAt(zero), one, endAt(one));
  // Escalation: a cheap rule on [0, 1] is kept only where the closed forms check everything a
  // caller that asked for `alongStep` uses: d.Hbar d, d.Htilde d and the vector Hbar d = grad L(w + d)
  // - grad L(w) (fundamental theorem of calculus), each to the target.
  const tryCheap = (): { m: number; part: PanelResult; errors: PanelErrors } | undefined => {
    for (const m of ALONG_STEP_NODES.filter((k) => k < nodesPerPanel(ctx.precision))) {
      const part = integratePanel(loss, gaussLegendre(m, ctx), 0, 0, start.w, d, curvature);
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
    // The step's scales, from the first panel [0, 1]: a panel of width 2^-depth may miss its closed
    // forms by target 2^-depth times them, so the errors of all panels add up to at most the target
    // relative to the whole step, which the final comparison requires.
    let step: PanelErrors | undefined;
    // Panel j of 2^depth; depth first, left half first, so the samples come out ascending in t.
    // A panel that misses by more than this factor is far from resolved (relative error above
    // target^(2/3), 1e-20 at 30 digits): the rule sees a singularity close to it, and the half of
    // it nearer that singularity will miss too. (Measured on the search's losses, seed 7: factors
    // 1e3, 1e7.5, 1e10, 1e15, 1e20 left 17.9k, 17.0k, 16.9k, 17.2k, 18.0k Hessian evaluations.)
    const hopeless = target.cbrt();
    const refine = (depth: number, j: number, evaluate = true): void => {
      if (!evaluate) {
        refine(depth + 1, 2 * j);
        refine(depth + 1, 2 * j + 1);
        return;
      }
      const part = integratePanel(loss, rule, depth, j, start.w, d, curvature);
      const a = new D(j).div(2 ** depth);
      const b = new D(j + 1).div(2 ** depth);
      const errors = panelErrors(part, d, a, endAt(a), b, endAt(b));
      step ??= errors;
      const allowed = target.div(2 ** depth);
      if (depth === MAX_PANEL_DEPTH || (errors.bar.error.lte(allowed.times(step.bar.scale)) && errors.tilde.error.lte(allowed.times(step.tilde.scale)))) {
        parts.push(part);
        nodes += rule.n;
        if (depth === 0) single = errors;
        return;
      }
      // Split without evaluating the half predicted to miss (the one holding the largest curvature
      // sample, i.e. nearer the singularity): its own halves are evaluated instead, which saves the
      // rule's nodes once per level on the way down to the singularity. A wrong guess costs one
      // panel; every kept panel is still checked against its own closed forms.
      const far = depth + 2 < MAX_PANEL_DEPTH && (errors.bar.error.gt(allowed.times(step.bar.scale).div(hopeless)) || errors.tilde.error.gt(allowed.times(step.tilde.scale).div(hopeless)));
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
  const [g0, g1] = [endAt(zero), endAt(one)];
  return {
    hbar: whole01.hbar,
    htilde: whole01.htilde,
    rbar: quadraticForm(whole01.hbar, u),
    rtilde: quadraticForm(whole01.htilde, u),
    closedForm: { rbar: g1.slope.minus(g0.slope).div(normSq), rtilde: g1.value.minus(g0.value).minus(g0.slope).times(2).div(normSq) },
    quadratureResidual,
    nodes,
    rule: verifiedBy,
    samples: [{ t: zero, curvature: curvature(start.hessian) }, ...whole01.samples, { t: one, curvature: curvature(end.hessian) }],
  };
}
