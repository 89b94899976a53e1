import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fastTrajectory } from '../src/dynamics/fast-trajectory.js';
import { meanValuePoint } from '../src/dynamics/mean-value-points.js';
import { orbitDiagram } from '../src/dynamics/orbit-diagram.js';
import { refineWindow } from '../src/dynamics/refine-windows.js';
import { refinementWindows, trajectoryRegime } from '../src/dynamics/trajectory-regime.js';
import { lossChangeResidual, trajectory } from '../src/dynamics/trajectory.js';
import { dot } from '../src/dynamics/vectors.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { constantValue, parsePoint } from '../src/numeric/evaluate.js';
import { compileFloatLoss } from '../src/numeric/float-loss.js';
import { gaussLegendre } from '../src/numeric/gauss-legendre.js';
import { parseLoss } from '../src/symbolic/loss.js';

const ctx = numericContext(30);
const { D } = ctx;
const tol = new D('1e-25');

function run(source: string, x0: string[], eta: string, steps: number) {
  const loss = parseLoss(source);
  const compiled = compileLoss(loss, ctx);
  return { compiled, loss, t: trajectory(compiled, { eta: constantValue(eta, 'eta', ctx), x0: parsePoint(x0, loss, ctx), steps }) };
}

describe('Gauss-Legendre rules at the working precision', () => {
  it('integrate polynomials of degree 2n - 1 exactly and are symmetric', () => {
    const rule = gaussLegendre(7, ctx);
    expect(rule.weights.reduce((s, w) => s.plus(w), new D(0)).minus(1).abs().lt('1e-40')).toBe(true);
    // integral_0^1 t^13 dt = 1/14.
    const t13 = rule.nodes.reduce((s, t, i) => s.plus(rule.weights[i]!.times(t.pow(13))), new D(0));
    expect(t13.minus(new D(1).div(14)).abs().lt('1e-40')).toBe(true);
    rule.nodes.forEach((t, i) => expect(t.plus(rule.nodes[6 - i]!).minus(1).abs().lt('1e-40')).toBe(true));
    // The 5-point rule's middle weight is 128/225 on [-1, 1], so 64/225 on [0, 1].
    expect(gaussLegendre(5, ctx).weights[2]!.minus(new D(64).div(225)).abs().lt('1e-40')).toBe(true);
  });
});

describe('trajectory at high precision', () => {
  it('is exact on a quadratic: rbar = rtilde = u.H u, and every t is a mean-value point', () => {
    const { t } = run('(3*x^2+2*x*y+y^2)/2', ['1', '-1/2'], '1/5', 6);
    expect(t.failures).toEqual([]);
    for (const s of t.steps) {
      const u = s.step.map((x) => x.div(dot(s.step, s.step).sqrt()));
      const uHu = u[0]!.pow(2).times(3).plus(u[0]!.times(u[1]!).times(2)).plus(u[1]!.pow(2));
      expect(s.rbar.minus(uHu).abs().lt(tol) && s.rtilde.minus(uHu).abs().lt(tol)).toBe(true);
      expect(s.xi?.kind).toBe('everywhere');
      expect(s.zeta?.kind).toBe('everywhere');
    }
  });

  it('matches the scalar secant form and the loss change of x^4/4 + x^2/2', () => {
    const { t, compiled } = run('x^4/4+x^2/2', ['1/2'], '1/2', 5);
    expect(t.failures).toEqual([]);
    t.steps.forEach((s, k) => {
      const w1 = t.steps[k + 1]?.w ?? t.final.w;
      const secant = compiled.gradient(w1)[0]!.minus(compiled.gradient(s.w)[0]!).div(s.step[0]!);
      expect(s.rbar.minus(secant).abs().lt(tol)).toBe(true);
      expect(s.xi?.kind === 'found' && s.xi.unique).toBe(true);
    });
    expect(t.summary.telescopingResidual.lt(tol)).toBe(true);
    // Thm 4.1: the weighted mean equals the telescoped bound.
    expect(t.summary.weightedMeanRtilde.minus(t.summary.thm41Bound).abs().lt(tol)).toBe(true);
  });

  it('catches the negative controls with the same residual', () => {
    const { t } = run('cos(x)+x^2/8', ['1'], '3/2', 3);
    const s = t.steps[0]!;
    const L1 = t.steps[1]!.loss;
    const normSq = dot(s.step, s.step);
    const two = new D(2).div(new D(3).div(2));
    expect(lossChangeResidual(s.loss, L1, normSq, s.rtilde, two).lt(tol)).toBe(true);
    expect(lossChangeResidual(s.loss, L1, normSq, s.rtilde, two.div(2)).gt('1e-3')).toBe(true);
    expect(lossChangeResidual(s.loss, L1, normSq, s.rbar, two).gt('1e-6')).toBe(true);
  });

  it('reports reaching a fixed point of the rounded map as stationary', () => {
    const { t } = run('(x-1)^2/2', ['2'], '1/2', 400);
    expect(t.end.kind).toBe('stationary');
    expect(t.failures).toEqual([]);
  });

  it('stops a diverging run with a reason', () => {
    const { t } = run('x^2', ['1'], '3', 200);
    expect(t.end.kind).toBe('stopped');
    expect(t.end.kind === 'stopped' && t.end.reason).toContain('diverged');
  });
});

describe('mean-value points', () => {
  const samples = (f: (t: number) => number) => {
    const rule = gaussLegendre(20, ctx);
    return [new D(0), ...rule.nodes, new D(1)].map((t) => ({ t, curvature: new D(f(t.toNumber())) }));
  };
  it('reports all roots when there are several', () => {
    // cos(4 pi t) has mean 0 on [0, 1] and four roots: 1/8, 3/8, 5/8, 7/8.
    const curvature = (t: Decimal) => D.cos(t.times(4).times(D.acos(-1)));
    const p = meanValuePoint(curvature, new D(0), samples((t) => Math.cos(4 * Math.PI * t)), ctx);
    expect(p.kind).toBe('found');
    if (p.kind !== 'found') return;
    expect(p.unique).toBe(false);
    expect(p.roots.map((r) => r.toNumber())).toEqual([0.125, 0.375, 0.625, 0.875].map((x) => expect.closeTo(x, 12)));
    expect(p.roots[0]!.minus('0.125').abs().lt('1e-38')).toBe(true);
  });
  it('a float64 guess only speeds the roots up: a right one and a wrong one give the same roots to the working precision', () => {
    const curvature = (t: Decimal) => D.cos(t.times(4).times(D.acos(-1)));
    const grid = samples((t) => Math.cos(4 * Math.PI * t));
    const right = meanValuePoint(curvature, new D(0), grid, ctx, (t) => Math.cos(4 * Math.PI * t));
    // A float64 curvature with its roots in the wrong places (shifted by 0.02): the decimal
    // refinement must not keep them.
    const wrong = meanValuePoint(curvature, new D(0), grid, ctx, (t) => Math.cos(4 * Math.PI * (t + 0.02)));
    for (const p of [right, wrong]) {
      expect(p.kind).toBe('found');
      if (p.kind !== 'found') return;
      expect(p.roots.every((r, k) => r.minus(new D(2 * k + 1).div(8)).abs().lt('1e-38'))).toBe(true);
    }
  });
  it('says not-found honestly when the target is outside the sampled curvature', () => {
    const p = meanValuePoint((t) => t.plus(1), new D(5), samples((t) => t + 1), ctx);
    expect(p.kind).toBe('not-found');
  });
});

describe('float64 fast path', () => {
  const loss = parseLoss('(x*y-1)^2/2');
  const compiled = compileLoss(loss, ctx);
  const floatLoss = compileFloatLoss(loss, compiled.table);

  it('agrees with the high-precision run where it is not chaotic, and finds the edge', () => {
    const fast = fastTrajectory(floatLoss, { eta: 0.95, x0: [0.01, 1], steps: 300 });
    const regime = trajectoryRegime(fast);
    expect(regime.kind).toBe('edge-of-stability');
    expect(regime.onset).toBe(2);
    const windows = refinementWindows(fast, regime, 10);
    expect(windows[0]).toEqual({ start: 0, end: 10 });
    const refined = refineWindow(compiled, fast, windows[0]!, constantValue('0.95', 'eta', ctx));
    expect(refined.trajectory.failures).toEqual([]);
    expect(refined.drift).toBeLessThan(1e-12);
    expect(fast.summary.telescopingResidual!).toBeLessThan(1e-12);
    expect(Math.abs(fast.rtilde![3]! - refined.trajectory.steps[3]!.rtilde.toNumber())).toBeLessThan(1e-10);
  });

  it('classifies stable and diverged runs', () => {
    const quad = compileFloatLoss(parseLoss('x^2'), compileLoss(parseLoss('x^2'), ctx).table);
    expect(trajectoryRegime(fastTrajectory(quad, { eta: 0.1, x0: [1], steps: 100 })).kind).toBe('stable');
    const diverged = fastTrajectory(quad, { eta: 3, x0: [1], steps: 1000 });
    expect(diverged.end.kind).toBe('stopped');
    expect(trajectoryRegime(diverged).kind).toBe('diverged');
  });

  it('draws the orbit diagram of 1 - cos x: the symmetric orbit 2a = eta sin a at eta = 2.5', () => {
    const cosLoss = compileFloatLoss(parseLoss('1-cos(x)'), compileLoss(parseLoss('1-cos(x)'), ctx).table);
    const [column] = orbitDiagram(cosLoss, { etaMin: 2.5, etaMax: 3, etas: 2, x0: 0.3, transient: 2000, keep: 4 });
    expect(column?.kind).toBe('orbit');
    if (column?.kind !== 'orbit') return;
    // MATH.md §5: a = 1.13110258565128...
    for (const x of column.points) expect(Math.abs(Math.abs(x) - 1.13110258565128)).toBeLessThan(1e-12);
  });
});
