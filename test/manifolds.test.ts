import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { classify, type ClassifyReport } from '../src/dynamics/classify.js';
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
    expect(text.stdout).toMatch(/M2 +\(1, 1\) +2 +1 +refined/);
    const json = runCli(['classify', '--loss', '(x*y-1)^2/2', '--eta', '11/10', '--json']);
    const out = JSON.parse(json.stdout) as { manifolds: { samples: string[][]; flattest: { point: string[]; sharpness: string; criticalEta: string }; orbits: number[] }[]; periodTwoOrbits: { stable: boolean }[] };
    const plus = out.manifolds.find((m) => Number(m.flattest.point[0]) > 0)!;
    expect(plus.flattest.point.map(Number)).toEqual([1, 1]);
    expect(Number(plus.flattest.sharpness)).toBe(2);
    expect(Number(plus.flattest.criticalEta)).toBe(1);
    expect(plus.samples.length).toBeGreaterThan(10);
    expect(out.periodTwoOrbits[plus.orbits[0]!]!.stable).toBe(true);
  });
});
