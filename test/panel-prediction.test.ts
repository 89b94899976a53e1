import { describe, expect, it } from 'vitest';
import { hessianAverages, MAX_PANEL_DEPTH, nodesPerPanel, pointValues } from '../src/dynamics/hessian-averages.js';
import { chebyshevPoints, floatCurvature, forecastPanel, gaussLegendreErrorEstimate, planPanels, stepForecast, within } from '../src/dynamics/panel-prediction.js';
import { add } from '../src/dynamics/vectors.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { parsePoint } from '../src/numeric/evaluate.js';
import { gaussLegendre } from '../src/numeric/gauss-legendre.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * The float64 forecast of the Gauss-Legendre error (panel-prediction.ts), held to errors computed
 * in decimal on integrands whose complex singularities are known, and the fallback where it is wrong.
 */
const ctx = numericContext(40);
const { D } = ctx;

/** The actual m-node error on [0, 1] of f given in decimal, at 40 digits. */
function actualError(f: (t: InstanceType<typeof D>) => InstanceType<typeof D>, exact: InstanceType<typeof D>, m: number): number {
  const rule = gaussLegendre(m, ctx);
  return rule.nodes.reduce((s, t, q) => s.plus(rule.weights[q]!.times(f(t))), new D(0)).minus(exact).abs().toNumber();
}

describe('Gauss-Legendre error estimate', () => {
  // 1/(1 + x^2) on [-1, 1] (t in [0, 1], x = 2t - 1): poles at x = +-i, Bernstein rho = 1 + sqrt 2.
  const f = (t: number): number => 1 / (1 + (2 * t - 1) ** 2);
  const fD = (t: InstanceType<typeof D>) => new D(1).div(t.times(2).minus(1).pow(2).plus(1));
  const exact = D.atan(1).times(2).div(2); // integral_0^1 = (1/2) integral_-1^1 = atan(1)
  const values = chebyshevPoints(0, 1).map(f);

  it('falls like rho^(-2m) for a known pole distance', () => {
    const rho = 1 + Math.SQRT2;
    const ratio = gaussLegendreErrorEstimate(values, 1)(10) / gaussLegendreErrorEstimate(values, 1)(15);
    expect(Math.log(ratio) / Math.log(rho ** 10)).toBeGreaterThan(0.8);
    expect(Math.log(ratio) / Math.log(rho ** 10)).toBeLessThan(1.25);
  });

  it('is close to the actual error, which decimal quadrature measures: at most 10x below, 100x above', () => {
    // Below costs a failed panel, above a needless split: the estimate leans to the cheaper miss.
    for (const m of [8, 16, 24]) {
      const ratio = gaussLegendreErrorEstimate(values, 1)(m) / actualError(fD, exact, m);
      expect(ratio).toBeGreaterThan(1e-1);
      expect(ratio).toBeLessThan(1e2);
    }
  });

  it('sees an entire integrand as resolved by few nodes, and a nearby pole as not', () => {
    // cos: the 8-node error is about (8!)^4 / (17 (16!)^3) ~ 1e-23; the estimate, bounded by the
    // float64 floor, says 1e-20.
    const entire = chebyshevPoints(0, 1).map((t) => Math.cos(t));
    expect(gaussLegendreErrorEstimate(entire, 1)(8)).toBeLessThan(1e-18);
    // Pole at x = +-i/20: rho ~ 1.05, 22 nodes leave ~1e-2.
    const near = chebyshevPoints(0, 1).map((t) => 1 / (1 + (20 * (2 * t - 1)) ** 2));
    expect(gaussLegendreErrorEstimate(near, 1)(22)).toBeGreaterThan(1e-6);
  });
});

describe('panel forecast', () => {
  it('splits only the panels near the singularity', () => {
    // Pole of the curvature at t = 0.9 +- 0.01 i.
    const g = (t: number): number => 1 / ((t - 0.9) ** 2 + 1e-4);
    const plan = planPanels(stepForecast(g), [22], MAX_PANEL_DEPTH, (a, b) => ({ bar: 1e-30 * (b - a), tilde: 1e-30 * (b - a) }));
    expect(plan).toBeDefined();
    expect(plan!.splits(0, 0)).toBe(true);
    expect(plan!.splits(2, 3)).toBe(true); // [3/4, 1] holds the pole's real part
    expect(plan!.splits(2, 0)).toBe(false); // [0, 1/4] is far from it
    expect(plan!.nodes(2, 0)).toBe(22);
  });

  it('takes a larger rule where it costs fewer nodes than halving, never a smaller one', () => {
    // Pole at t = 0.5 +- 0.05 i: 22-node panels must shrink towards it, a larger rule need not.
    const g = (t: number): number => 1 / ((t - 0.5) ** 2 + 0.0025);
    const budget = (a: number, b: number) => ({ bar: 1e-30 * (b - a), tilde: 1e-30 * (b - a) });
    /** Nodes of the kept panels, and the smallest rule among them. */
    const total = (sizes: readonly number[]): { nodes: number; smallest: number } => {
      const plan = planPanels(stepForecast(g), sizes, MAX_PANEL_DEPTH, budget)!;
      const walk = (depth: number, j: number): number[] => (plan.splits(depth, j) ? [...walk(depth + 1, 2 * j), ...walk(depth + 1, 2 * j + 1)] : [plan.nodes(depth, j)!]);
      const kept = walk(0, 0);
      return { nodes: kept.reduce((s, m) => s + m, 0), smallest: Math.min(...kept) };
    };
    const mixed = total([22, 33, 44, 66]);
    expect(mixed.nodes).toBeLessThan(total([22]).nodes);
    expect(mixed.smallest).toBeGreaterThanOrEqual(22);
  });

  it('predicts nothing where float64 fails', () => {
    const loss = compileLoss(parseLoss('exp(x) + x^2'), numericContext(30));
    const g = floatCurvature(loss, [700], [50]); // e^750 overflows float64
    expect(planPanels(stepForecast(g), [22], MAX_PANEL_DEPTH, () => ({ bar: 1, tilde: 1 }))).toBeUndefined();
  });

  it('a wrong forecast still ends in the verified result: the refinement takes over', () => {
    // A curvature term 1e-16 of the rest, below float64's floor, with a pole at x = +-i/100: float64
    // sees a constant (6 nodes would do), decimal needs panels near x = 0 to reach 1e-30.
    const c30 = numericContext(30);
    const target = new c30.D(10).pow(-30);
    const loss = compileLoss(parseLoss('sqrt(1 + (100*x)^2)/10^20 + x^2/2'), c30);
    const w = parsePoint(['-1/2'], loss.loss, c30);
    const d = parsePoint(['1'], loss.loss, c30);
    const budget = { bar: 1e-30, tilde: 1e-30 };
    expect(within(forecastPanel(floatCurvature(loss, [-0.5], [1]), 0, 1)!(6), budget)).toBe(true);
    const [start, end] = [pointValues(loss, w), pointValues(loss, add(w, d))];
    for (const alongStep of [true, false]) {
      const avg = hessianAverages(loss, start, end, d, target, alongStep);
      expect(avg.rule).toBe('converged');
      expect(avg.nodes).toBeGreaterThan(nodesPerPanel(c30.precision));
      expect(avg.quadratureResidual.rbar.lte(target) && avg.quadratureResidual.rtilde.lte(target)).toBe(true);
    }
  });
});
