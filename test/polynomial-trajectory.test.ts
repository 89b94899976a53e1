import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { exactNodes, hessianAverages, pointValues, sharedHessian } from '../src/dynamics/hessian-averages.js';
import { meanValuePoint, polynomialMeanValuePoint } from '../src/dynamics/mean-value-points.js';
import { curvaturePolynomial, polynomialLossDegree } from '../src/dynamics/polynomial-loss.js';
import { trajectory } from '../src/dynamics/trajectory.js';
import { add, dot, scale, sub } from '../src/dynamics/vectors.js';
import type { Algebra } from '../src/numeric/algebra.js';
import { compile, compileAll } from '../src/numeric/compile.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { floatAlgebra } from '../src/numeric/float-algebra.js';
import { numericContext } from '../src/numeric/context.js';
import { constantValue, parsePoint } from '../src/numeric/evaluate.js';
import { gaussLegendre } from '../src/numeric/gauss-legendre.js';
import { parseLoss } from '../src/symbolic/loss.js';
import { polynomialDegree } from '../src/symbolic/polynomial-degree.js';

/*
 * The fast paths of the checked trajectory: the exact Gauss-Legendre rule for polynomial losses,
 * the mean-value points of a polynomial curvature by Sturm's theorem, and the adaptive panels of a
 * transcendental step. Each is held to an independent value and has a negative control.
 */
const ctx = numericContext(30);
const { D } = ctx;
const tol = new D('1e-25');

const compiled = (source: string, params?: Record<string, string>) => compileLoss(parseLoss(source, params && { params }), ctx);

describe('polynomial degree of a loss', () => {
  it('is the total degree for polynomials (parameters and constants count as degree 0)', () => {
    const degree = (source: string, params?: Record<string, string>) => polynomialLossDegree(compiled(source, params));
    expect(degree('(x*y-1)^2/2')).toBe(4);
    expect(degree('x^4/4 + x^2/2')).toBe(4);
    expect(degree('(x^2 - mu)^2/4', { mu: '1' })).toBe(4);
    expect(degree('sqrt(2)*x^3 + pi*y')).toBe(3);
    expect(degree('(x + y)^3 / 7')).toBe(3);
  });
  it('is undefined for anything else', () => {
    const vars = ['x', 'y'];
    for (const source of ['sin(x) + y^2', 'x/y', 'x^(1/2)', 'x^(-1)', 'exp(x*y)', '2^x']) {
      expect(polynomialDegree(parseLoss(source, { vars }).expr, vars), source).toBeUndefined();
    }
  });
});

describe('exact rule for polynomial losses', () => {
  const loss = compiled('(x*y-1)^2/2');
  const w = parsePoint(['1/2', '3/2'], loss.loss, ctx);
  const step = sub(loss.gdStep(w, constantValue('21/20', 'eta', ctx)), w);
  const avg = hessianAverages(loss, pointValues(loss, w), pointValues(loss, add(w, step)), step, new D(10).pow(-30));

  it('uses ceil(p/2) nodes and still meets the closed forms', () => {
    expect(exactNodes(loss)).toBe(2);
    expect(avg.nodes).toBe(2);
    expect(avg.quadratureResidual.rbar.lt('1e-40') && avg.quadratureResidual.rtilde.lt('1e-40')).toBe(true);
    expect(avg.rbar.minus(avg.closedForm.rbar).abs().lt('1e-40')).toBe(true);
    expect(avg.rtilde.minus(avg.closedForm.rtilde).abs().lt('1e-40')).toBe(true);
  });

  it('negative control: one node fewer misses the triangular closed form', () => {
    // u.H(w + t d)u is quadratic in t here, so 2 (1 - t) u.H u is cubic: one node is not exact.
    const u = scale(new D(1).div(dot(step, step).sqrt()), step);
    const curvature = (t: Decimal) => {
      const h = loss.hessian(add(w, scale(t, step)));
      return dot(u, h.map((row) => dot(row, u)));
    };
    const one = gaussLegendre(1, ctx);
    const rtilde1 = curvature(one.nodes[0]!).times(one.weights[0]!).times(new D(1).minus(one.nodes[0]!)).times(2);
    expect(rtilde1.minus(avg.closedForm.rtilde).abs().gt('1e-6')).toBe(true);
  });
});

describe('mean-value points of a polynomial curvature', () => {
  // Samples of c(t) = (t - 1/2)(t - 0.5001) + 1 at t = 0, the 2-node rule's nodes and 1: both
  // roots of c - 1 lie between two samples, with no sign change between any two of them.
  const c = (t: Decimal) => t.minus('0.5').times(t.minus('0.5001')).plus(1);
  const rule = gaussLegendre(2, ctx);
  const samples = [new D(0), ...rule.nodes, new D(1)].map((t) => ({ t, curvature: c(t) }));

  it('finds both close roots, which bracketing on the same samples cannot', () => {
    const coefficients = curvaturePolynomial(samples, c, 2, ctx);
    expect(coefficients).toBeDefined();
    const p = polynomialMeanValuePoint(coefficients!, c, new D(1), ctx);
    expect(p.kind).toBe('found');
    if (p.kind !== 'found') return;
    expect(p.unique).toBe(false);
    expect(p.roots.length).toBe(2);
    expect(p.roots[0]!.minus('0.5').abs().lt('1e-38')).toBe(true);
    expect(p.roots[1]!.minus('0.5001').abs().lt('1e-38')).toBe(true);
    expect(p.residual.lt(tol)).toBe(true);
    // Negative control: the grid has no sign change, so bracketing reports nothing.
    expect(meanValuePoint(c, new D(1), samples, ctx).kind).toBe('not-found');
  });

  it('reports a target the curvature never reaches as not-found', () => {
    const p = polynomialMeanValuePoint(curvaturePolynomial(samples, c, 2, ctx)!, c, new D(-1), ctx);
    expect(p.kind).toBe('not-found');
  });

  it('refuses samples that are not of the stated degree', () => {
    const cosine = (t: Decimal) => D.cos(t.times(3));
    const wrong = [new D(0), ...gaussLegendre(3, ctx).nodes, new D(1)].map((t) => ({ t, curvature: cosine(t) }));
    expect(curvaturePolynomial(wrong, cosine, 2, ctx)).toBeUndefined();
  });
});

describe('trajectory on a polynomial loss with the fast paths', () => {
  it('keeps every identity and locates xi and zeta on (x*y-1)^2/2', () => {
    const loss = compiled('(x*y-1)^2/2');
    const t = trajectory(loss, { eta: constantValue('21/20', 'eta', ctx), x0: parsePoint(['1/2', '3/2'], loss.loss, ctx), steps: 30 });
    expect(t.failures).toEqual([]);
    expect(t.summary.meanValuePoints.notFound).toBe(0);
    for (const st of t.steps) {
      expect(st.quadrature.nodes).toBe(2);
      // xi and zeta evaluated here with the compiled Hessian, against the closed-form averages.
      const u = scale(new D(1).div(dot(st.step, st.step).sqrt()), st.step);
      for (const [p, target] of [[st.xi, st.closedForm.rbar], [st.zeta, st.closedForm.rtilde]] as const) {
        expect(p?.kind).toBe('found');
        if (p?.kind !== 'found') continue;
        const h = loss.hessian(add(st.w, scale(p.t, st.step)));
        expect(dot(u, h.map((row) => dot(row, u))).minus(target).abs().lt(tol)).toBe(true);
      }
    }
  });
});

describe('adaptive panels on a transcendental step', () => {
  it('refines near the complex singularity of sqrt(1 + 25 x^2) and meets the closed forms', () => {
    // A step from x = 2 across x = 0 passes within 1/5 of the branch points x = +-i/5.
    const loss = compiled('sqrt(1+25*x^2)');
    const w = [new D(2)];
    const d = [new D(-4)];
    const avg = hessianAverages(loss, pointValues(loss, w), pointValues(loss, add(w, d)), d, new D(10).pow(-30));
    expect(avg.nodes).toBeGreaterThan(22);
    expect(avg.quadratureResidual.rbar.lte('1e-30') && avg.quadratureResidual.rtilde.lte('1e-30')).toBe(true);
    // Independent value: the mean of L'' over the step is the secant (L'(w + d) - L'(w))/d.
    const secant = loss.gradient(add(w, d))[0]!.minus(loss.gradient(w)[0]!).div(d[0]!);
    expect(avg.rbar.minus(secant).abs().lt('1e-30')).toBe(true);
    // The samples come out ascending in t (the bracketing of the mean-value points relies on it).
    avg.samples.slice(1).forEach((s, i) => expect(s.t.gt(avg.samples[i]!.t)).toBe(true));
  });
});

describe('entries compiled together share their subexpressions', () => {
  it('evaluates a function common to several roots once per call, to the same values', () => {
    let calls = 0;
    const counting: Algebra<number> = { ...floatAlgebra, apply: (fn, a) => (calls++, floatAlgebra.apply(fn, a)) };
    const roots = ['sin(x*y)*2 + y', 'sin(x*y) - x', 'cos(x) + sin(x*y)'].map((src) => parseLoss(src).expr);
    const together = compileAll(roots, counting, ['x', 'y']);
    const values = together([0.3, -1.2]);
    expect(calls).toBe(2);
    // Negative control: compiled one by one, sin(x*y) is evaluated once per root.
    calls = 0;
    const apart = roots.map((r) => compile(r, counting, ['x', 'y'])([0.3, -1.2]));
    expect(calls).toBe(4);
    expect(values).toEqual(apart);
  });

  it('gives the Hessian and the point values of the compiled loss exactly', () => {
    const loss = compiled('log(1+exp(x-y)) + tanh(x*y)/3 + (x^2+y^2)/8');
    const w = parsePoint(['7/10', '-13/10'], loss.loss, ctx);
    const same = (a: readonly (readonly Decimal[])[], b: readonly (readonly Decimal[])[]) => a.every((row, i) => row.every((x, j) => x.eq(b[i]![j]!)));
    expect(same(sharedHessian(loss)(w), loss.hessian(w))).toBe(true);
    const p = pointValues(loss, w);
    expect(p.value.eq(loss.value(w)) && p.gradient.every((g, i) => g.eq(loss.gradient(w)[i]!)) && same(p.hessian, loss.hessian(w))).toBe(true);
  });
});
