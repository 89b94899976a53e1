import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { classify, type ClassifyReport } from '../src/dynamics/classify.js';
import { parseBox } from '../src/dynamics/box.js';
import { contract3, contract4, traceManifolds } from '../src/dynamics/manifolds.js';
import { stepJacobian } from '../src/dynamics/period-two-orbits.js';
import { times } from '../src/dynamics/vector-ops.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { eigenvalues, matMul } from '../src/numeric/linalg.js';
import { orbitNear } from '../theorems/reduction-at.js';
import { numericContext } from '../src/numeric/context.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * Manifolds of critical points in classify (MATH.md §4 last item, §5): the curve xy = 1 of
 * (xy - 1)^2/2 traced with its sharpness x^2 + y^2, the flattest points (+-1, +-1) with sharpness 2
 * and eta* = 1 at 30 digits, and the stable period-two orbit around each at eta = 11/10. On the
 * diagonal GD is Chen and Bruna's map for mu = 1, K = 11/10, so the orbit is known in closed form:
 * per coordinate a^2 = (1 - 1/eta)/4 = 1/44, m^2 = 1/eta + a^2 = 41/44, multiplier 7 - 4K - 2K^2.
 */
const DIGITS = 30;
const ref = numericContext(50);
const { D } = ref;
const agrees = (a: Decimal, b: Decimal.Value, digits = DIGITS - 1): boolean =>
  new D(a).minus(b).abs().lte(new D(10).pow(-digits).times(D.max(1, new D(b).abs())));

function run(src: string, eta: string, box?: string[]): ClassifyReport {
  return classify(parseLoss(src), { eta, digits: DIGITS, ...(box && { box }) });
}

describe('classify: manifolds of critical points', () => {
  const r = run('(x*y-1)^2/2', '11/10');

  it('(xy - 1)^2/2: both branches of xy = 1 traced, sharpness x^2 + y^2 along them, flattest (+-1, +-1) at 30 digits', () => {
    expect(r.manifolds).toHaveLength(2);
    const flattest = r.manifolds.map((m) => m.flattest).sort((a, b) => a.point[0]!.comparedTo(b.point[0]!));
    flattest.forEach((p, i) => {
      const s = i === 0 ? -1 : 1;
      expect(p.kind).toBe('refined');
      expect(p.point.every((x) => agrees(x, s))).toBe(true);
      expect(agrees(p.sharpness, 2)).toBe(true);
      expect(agrees(p.criticalEta, 1)).toBe(true);
      expect(p.residual.lt('1e-30')).toBe(true);
    });
    for (const m of r.manifolds) {
      expect(m.closed).toBe(false);
      expect(m.samples.length).toBeGreaterThan(10);
      for (const s of m.samples) {
        const [x, y] = s.point;
        expect(agrees(x!.times(y!), 1)).toBe(true);
        expect(agrees(s.sharpness, x!.pow(2).plus(y!.pow(2)))).toBe(true);
        expect(s.sharpness.gte(2)).toBe(true);
      }
    }
  });

  it('the normal-space reduction at (1, 1): Q_perp = -4 (branch above eta* = 1), predicted half-amplitude sqrt(1/22) equals the solved one', () => {
    const m = r.manifolds.find((m) => m.flattest.point[0]!.gt(0))!;
    const reduction = m.flattest.reduction!;
    expect(agrees(reduction.Q, -4)).toBe(true);
    expect(reduction.side).toBe('above');
    expect(agrees(reduction.predictedHalfAmplitude!, D.sqrt(new D(1).div(22)))).toBe(true);
  });

  it('the stable 2-cycle around each flattest point, in closed form (Chen-Bruna on the diagonal), multipliers 0.18 and 0.8', () => {
    const a = D.sqrt(new D(1).div(44));
    const mid = D.sqrt(new D(41).div(44));
    for (const m of r.manifolds) {
      expect(m.orbits).toHaveLength(1);
      const o = r.periodTwoOrbits.orbits[m.orbits[0]!]!;
      const s = m.flattest.point[0]!.gt(0) ? 1 : -1;
      const ends = [mid.minus(a).times(s), mid.plus(a).times(s)].sort((p, q) => p.comparedTo(q));
      o.points.forEach((w, k) => expect(w.every((x) => agrees(x, ends[k]!))).toBe(true));
      expect(o.stability).toBe('stable');
      if (o.multipliers.kind !== 'real') throw new Error('complex multipliers');
      const [lo, hi] = o.multipliers.values;
      expect(agrees(lo!, '0.18')).toBe(true); // 7 - 4K - 2K^2, K = 11/10: the normal direction
      expect(agrees(hi!, '0.8')).toBe(true); // the tangent direction, drifting back to the flattest point
    }
  });

  it('the normal flip: c = -eta* Q_perp = 4 > 0 (supercritical), checked on solved cycles: mu/alpha^2 -> c and 1 - rho ~ 4 mu (mu = eta lambda* - 2)', () => {
    // Families phi(xy - 1) with phi = g^2/2 + ...: c from the tensors at the flattest point (1, 1)
    // against the cycle Newton solves at eta = eta* (1 + 10^-3) and (1 + 10^-4): both relations of
    // the flip normal form, with errors that must shrink tenfold (they are O(mu)). By the symmetry
    // x <-> y the normal multiplier is the one further from 1 here (theorems/normal-flip-lyapunov.ts
    // picks it by its eigenvector, which is what an asymmetric curve needs).
    for (const [src, expected] of [['(x*y-1)^2/2', 4], ['(x*y-1)^2/2 + (x*y-1)^3/2', 34], ['(x*y-1)^2/2 - (x*y-1)^4/8', 6]] as const) {
      const ctx = numericContext(DIGITS);
      const f = compileLoss(parseLoss(src), ctx, 4);
      const p = traceManifolds(f, parseBox(['-4', '4'], f.loss, ctx), new ctx.D(1), [[new ctx.D('1.1'), new ctx.D('0.9')]])[0]!.flattest;
      const c = p.reduction!.flipCoefficient;
      expect(c.minus(expected).abs().lt('1e-25')).toBe(true);
      expect(p.reduction!.flip).toBe('supercritical');
      const errors = ['1e-3', '1e-4'].map((eps) => {
        const eta = p.criticalEta.times(new ctx.D(1).plus(eps));
        const mu = eta.times(p.sharpness).minus(2);
        const o = orbitNear({ f, ctx, eta, start: p.point }, eta, p.point, times(p.normal, mu.div(c).sqrt()))!;
        const [w0, w1] = o.points;
        const m = eigenvalues(matMul(stepJacobian(f, w1, eta), stepJacobian(f, w0, eta)), ctx);
        if (m.kind !== 'real') throw new Error('complex multipliers');
        const normal = m.values.reduce((a, b) => (a.minus(1).abs().gt(b.minus(1).abs()) ? a : b));
        expect(normal.lt(1)).toBe(true); // stable, as c > 0 says
        return [mu.div(o.halfAmplitude.pow(2)).div(c).minus(1).abs(), new ctx.D(1).minus(normal).div(mu.times(4)).minus(1).abs()];
      });
      for (const k of [0, 1]) {
        expect(errors[0]![k]!.lt('0.05')).toBe(true);
        expect(errors[1]![k]!.lt(errors[0]![k]!.div(5))).toBe(true);
      }
      // The normal-line map s -> -s + a s^2 + b s^3, a = -eta* T[n,n,n]/2, b = -eta* Q4[n,n,n,n]/6:
      // c = a^2 + b. Negative control: Kuznetsov's f''^2/4 + f'''/6 read with the Taylor
      // coefficients (a^2/4 + b/6) is far from the c the cycles confirm.
      const n = p.normal;
      const a = contract3(f.tensor(3, p.point), n, n, n).times(p.criticalEta).div(-2);
      const b = contract4(f.tensor(4, p.point), n).times(p.criticalEta).div(-6);
      expect(a.pow(2).plus(b).minus(c).abs().lt('1e-25')).toBe(true);
      expect(a.pow(2).div(4).plus(b.div(6)).minus(c).abs().gt(c.abs().div(2))).toBe(true);
    }
  });

  it('a subcritical normal flip: (xy - 1)^2/2 + (xy - 1)^4/2 has c = -4, and at eta = 9/10 < eta* the small 2-cycle around (1, 1) is unstable', () => {
    const sub = run('(x*y-1)^2/2 + (x*y-1)^4/2', '9/10', ['-3', '3']);
    const m = sub.manifolds.find((x) => x.flattest.point[0]!.gt(0))!;
    const reduction = m.flattest.reduction!;
    expect(agrees(reduction.flipCoefficient, -4)).toBe(true);
    expect([reduction.side, reduction.flip]).toEqual(['below', 'subcritical']);
    // The orbit nearest the prediction sqrt((2/eta - 2)/Q_perp) = sqrt(1/18): unstable, as c < 0 says.
    const predicted = reduction.predictedHalfAmplitude!;
    expect(agrees(predicted, D.sqrt(new D(1).div(18)))).toBe(true);
    const orbit = m.orbits.map((k) => sub.periodTwoOrbits.orbits[k]!).reduce((a, b) => (a.halfAmplitude.minus(predicted).abs().lt(b.halfAmplitude.minus(predicted).abs()) ? a : b));
    expect(orbit.halfAmplitude.minus(predicted).abs().lt(predicted.div(4))).toBe(true);
    expect(orbit.stability).toBe('unstable');
  });

  it('a closed curve: (x^2/4 + y^2 - 1)^2/2 has the ellipse as manifold, sharpness x^2/4 + 4y^2, flattest (+-2, 0) with eta* = 2', () => {
    const e = run('(x^2/4+y^2-1)^2/2', '11/10', ['-3', '3']);
    expect(e.manifolds).toHaveLength(1);
    const [m] = e.manifolds;
    expect(m!.closed).toBe(true);
    expect(agrees(m!.flattest.point[0]!.abs(), 2)).toBe(true);
    expect(m!.flattest.point[1]!.abs().lt('1e-29')).toBe(true);
    expect(agrees(m!.flattest.sharpness, 1)).toBe(true);
    expect(agrees(m!.flattest.criticalEta, 2)).toBe(true);
    // eta = 11/10 < eta* = 2 and Q_perp < 0: no orbit predicted (the branch is above eta*).
    expect(m!.flattest.reduction?.predictedHalfAmplitude).toBeUndefined();
  });

  it('constant sharpness along the curve: (x - y)^2 has the line x = y with sharpness 4 everywhere, reported as constant, eta* = 1/2', () => {
    const c = run('(x-y)^2', '1/4', ['-3', '3']);
    expect(c.manifolds).toHaveLength(1);
    const p = c.manifolds[0]!.flattest;
    expect(p.kind).toBe('constant');
    expect(agrees(p.point[0]!, p.point[1]!)).toBe(true);
    expect(agrees(p.sharpness, 4)).toBe(true);
    expect(agrees(p.criticalEta, '0.5')).toBe(true);
  });

  it('isolated critical points only: no manifold (x^2 + y^2, and 1-D losses)', () => {
    expect(run('x^2+y^2', '1/2', ['-2', '2']).manifolds).toHaveLength(0);
    expect(run('x^4', '1/2', ['-2', '2']).manifolds).toHaveLength(0);
  });

  it('the CLI reports the manifold in the table and in --json', () => {
    const text = runCli(['classify', '--loss', '(x*y-1)^2/2', '--eta', '11/10']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('manifolds of critical points: 2');
    expect(text.stdout).toMatch(/M2 +\(1, 1\) +2 +1 +refined +arc +-4 +4 +supercritical/);
    expect(text.stdout).toContain('first Lyapunov coefficient c = -eta* Q_perp = 4.00000000000000000000000000000: supercritical, a 2-cycle for eta just above eta*, stable in the normal direction');
    const json = runCli(['classify', '--loss', '(x*y-1)^2/2', '--eta', '11/10', '--json']);
    const out = JSON.parse(json.stdout) as {
      manifolds: { samples: string[][]; flattest: { point: string[]; sharpness: string; criticalEta: string; reduction: { flipCoefficient: string; flip: string } }; orbits: number[] }[];
      periodTwoOrbits: { stable: boolean }[];
    };
    const plus = out.manifolds.find((m) => Number(m.flattest.point[0]) > 0)!;
    expect(plus.flattest.point.map(Number)).toEqual([1, 1]);
    expect(Number(plus.flattest.sharpness)).toBe(2);
    expect(Number(plus.flattest.criticalEta)).toBe(1);
    expect(Number(plus.flattest.reduction.flipCoefficient)).toBe(4);
    expect(plus.flattest.reduction.flip).toBe('supercritical');
    expect(plus.samples.length).toBeGreaterThan(10);
    expect(out.periodTwoOrbits[plus.orbits[0]!]!.stable).toBe(true);
  });
});
