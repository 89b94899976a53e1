import { describe, expect, it } from 'vitest';
import { classify } from '../src/dynamics/classify.js';
import { manifoldRegime } from '../src/dynamics/manifold-regime.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * Seed 003's regimes for f = theta_1 theta_2 (L = (xy - 1)^2/2, eta* = 1 at the flattest point
 * (1, 1)), from the start (1.6, 1/2): the fitted rate of a float64 run against the predicted one.
 */
const loss = parseLoss('(x*y-1)^2/2');
const ctx = numericContext(30);
const { D } = ctx;
const f = compileLoss(loss, ctx, 2);
const flattest = classify(loss, { eta: '11/10', digits: 30 }).manifolds.map((m) => m.flattest).find((p) => p.point[0]!.gt(0))!;
const start = [new D('1.6'), new D('0.5')];

describe('manifold regimes (seed 003) on (xy - 1)^2/2', () => {
  it('subcritical, eta = 9/10: linear convergence to a minimum flatter than 2/eta, at the rate |1 - eta lambda| of the limit', () => {
    const r = manifoldRegime(f, flattest, new D('0.9'), start, 2000);
    expect(r.kind).toBe('subcritical');
    expect(r.agrees).toBe(true);
    const [fit] = r.fits;
    expect(fit!.kind).toBe('linear');
    expect(Math.abs(fit!.fitted - fit!.predicted)).toBeLessThan(0.005);
    const [x, y] = r.final;
    const limitSharpness = x! ** 2 + y! ** 2;
    expect(limitSharpness).toBeGreaterThan(2); // not the flattest point: the run stops on the way
    expect(limitSharpness).toBeLessThan(2 / 0.9);
    // Negative control: the multiplier at the start (sharpness 2.81) is not the rate.
    expect(Math.abs(fit!.fitted - Math.abs(1 - 0.9 * (1.6 ** 2 + 0.25)))).toBeGreaterThan(0.02);
  });

  it('critical, eta = eta* = 1: normal and tangent distances decay like t^(-1/2) (not t^(-1))', () => {
    const r = manifoldRegime(f, flattest, new D(1), start, 20000);
    expect(r.kind).toBe('critical');
    expect(r.agrees).toBe(true);
    expect(r.fits.map((x) => x.quantity)).toEqual(['|grad L|', 'tangent: |w - p*|']);
    for (const fit of r.fits) expect(Math.abs(fit.fitted + 1)).toBeGreaterThan(0.3);
  });

  it('supercritical, eta = 11/10: linear convergence to the stable 2-cycle around (1, 1), rate sqrt(0.8) per step', () => {
    const r = manifoldRegime(f, flattest, new D('1.1'), start, 2000);
    expect(r.kind).toBe('supercritical');
    expect(r.agrees).toBe(true);
    expect(r.fits[0]!.predicted).toBeCloseTo(Math.sqrt(0.8), 6);
    expect(Math.abs(r.fits[0]!.fitted - r.fits[0]!.predicted)).toBeLessThan(0.001);
    // The run ends on the orbit of classify: a point of {0.8146, 1.1161} (1, 1).
    expect([0.814551626874541, 1.11606297145230].some((c) => Math.abs(r.final[0]! - c) < 1e-8)).toBe(true);
  });
});
