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

  it('critical, eta = eta* = 1: normal and tangent distances of the nearest curve point decay like t^(-1/2) (not t^(-1))', () => {
    const r = manifoldRegime(f, flattest, new D(1), [new D('1.3'), new D('0.78')], 20000);
    expect(r.kind).toBe('critical');
    expect(r.agrees).toBe(true);
    expect(r.fits.map((x) => x.quantity)).toEqual(['normal distance |w - z|', 'tangent distance |z - p*|']);
    for (const fit of r.fits) expect(Math.abs(fit.fitted + 1)).toBeGreaterThan(0.3);
  });

  it('critical, a start whose normal offset dominates: a transient tangent exponent -1/4 (t^(-1/2) only after ~1/s0^4 steps), reported as disagreeing', () => {
    // From (1.6, 0.5) the run catapults to within 1e-3 of the diagonal: the normal amplitude decays
    // like (8t)^(-1/2) (second iterate s -> s - 2c s^3, c = 4) and the balancing x^2 - y^2 by
    // (1 - r^2) per step with r^2 ~ 2a^2 = 1/(4t): t^(-1/4). The normal instability (lambda - 2 ~ s^2)
    // catches up with c a^2 only when s^2 ~ a^2, far beyond 20000 steps.
    const r = manifoldRegime(f, flattest, new D(1), start, 20000);
    const [normal, tangent] = r.fits;
    expect(Math.abs(normal!.fitted + 0.5)).toBeLessThan(0.01);
    expect(Math.abs(tangent!.fitted + 0.25)).toBeLessThan(0.01);
    expect(r.agrees).toBe(false);
  });

  it('supercritical, eta = 11/10: linear convergence to the stable 2-cycle around (1, 1), rate sqrt(0.8) per step', () => {
    const r = manifoldRegime(f, flattest, new D('1.1'), start, 2000);
    expect(r.kind).toBe('supercritical');
    expect(r.agrees).toBe(true);
    expect(r.fits[0]!.predicted).toBeCloseTo(Math.sqrt(0.8), 6);
    expect(Math.abs(r.fits[0]!.fitted - r.fits[0]!.predicted)).toBeLessThan(0.001);
    // The run ends on the orbit of classify: a point of {0.8146, 1.1161} (1, 1).
    expect([0.814551626874541, 1.11606297145230].some((c) => Math.abs(r.final[0]! - c) < 1e-8)).toBe(true);
    // Half-amplitude: alpha^2 = (2/eta - 2)/Q_perp = 1/22 holds exactly here (Chen-Bruna on the diagonal).
    const amplitude = r.fits.find((x) => x.kind === 'amplitude')!;
    expect(Math.abs(amplitude.fitted - Math.sqrt(1 / 22))).toBeLessThan(1e-10);
    expect(amplitude.predicted).toBeCloseTo(Math.sqrt(1 / 22), 12);
    // Negative control: the leading-order sqrt(mu/c) = sqrt(0.2/4) is 5% off; (2/eta - lambda*)/Q_perp is what matches.
    expect(Math.abs(amplitude.fitted - Math.sqrt(0.05)) / amplitude.fitted).toBeGreaterThan(0.04);
  });

  it('tangent drift (seed 002), eta = 21/20 from (1.2, 0.85): the nearest point of xy = 1 gets flatter every step, balancing x^2 - y^2 -> 0', () => {
    const r = manifoldRegime(f, flattest, new D('1.05'), [new D('1.2'), new D('0.85')], 3000);
    const d = r.drift!;
    expect(d.window[0]).toBe(0);
    expect(d.startSharpness).toBeCloseTo(2.124828624, 8);
    expect(Math.abs(d.endSharpness - 2)).toBeLessThan(1e-9);
    expect(d.perStep).toBe(1);
    expect(d.perTwoSteps).toBe(1);
    expect(d.balancing!.formula).toBe('x^2 - y^2');
    expect(d.balancing!.start).toBeCloseTo(1.44 - 0.7225, 12);
    expect(Math.abs(d.balancing!.end)).toBeLessThan(1e-9);
    // Every nearest point is on the curve and w - z is normal to it.
    d.nearest.forEach((z) => expect(Math.abs(z[0]! * z[1]! - 1)).toBeLessThan(1e-12));
  });
});

describe('manifold regimes (seed 003) on (x^2 y - 1)^2/2: flattest point x^6 = 2, lambda* = 3 * 2^(2/3)', () => {
  const loss2 = parseLoss('(x^2*y-1)^2/2');
  const f2 = compileLoss(loss2, ctx, 2);
  const flat2 = classify(loss2, { eta: '2/5', digits: 30, box: ['-3', '3'] }).manifolds.map((m) => m.flattest).find((p) => p.point[0]!.gt(0))!;
  const start2 = [new D('1.3'), new D('0.6')];

  it('the flattest point and eta* in closed form; flip coefficient c = -eta* Q_perp > 0 (supercritical)', () => {
    expect(flat2.point[0]!.minus(new D(2).pow(new D(1).div(6))).abs().lt('1e-28')).toBe(true);
    expect(flat2.sharpness.minus(new D(4).cbrt().times(3)).abs().lt('1e-28')).toBe(true);
    expect(flat2.reduction!.flip).toBe('supercritical');
  });

  it('subcritical (eta = 2/5), supercritical (eta = 11/25: rate and half-amplitude), critical (eta = eta* to 40 digits: exponents -1/2)', () => {
    const sub = manifoldRegime(f2, flat2, new D('0.4'), start2, 3000);
    expect([sub.kind, sub.agrees]).toEqual(['subcritical', true]);
    const sup = manifoldRegime(f2, flat2, new D('0.44'), start2, 3000);
    expect([sup.kind, sup.agrees]).toEqual(['supercritical', true]);
    expect(sup.fits.map((x) => x.kind)).toEqual(['linear', 'amplitude']);
    const crit = manifoldRegime(f2, flat2, flat2.criticalEta, start2, 20000);
    expect([crit.kind, crit.agrees]).toEqual(['critical', true]);
    // The drift: the nearest point's sharpness falls from 5.20 to lambda* = 4.762 above the edge.
    expect(sup.drift!.perStep).toBe(1);
    expect(Math.abs(sup.drift!.endSharpness - 3 * 4 ** (1 / 3))).toBeLessThan(1e-9);
    expect(sup.drift!.balancing!.formula).toBe('x^2 - 2 y^2');
  });
});
