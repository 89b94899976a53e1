import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

/*
 * trajectory --regime (seeds 002-003 for users): the regime relative to eta* of the flattest point of
 * the curve of minima through --x0, fitted against predicted values, and the tangent drift, in the
 * text and under "manifoldRegime" in --json. Rates and amplitudes are float64 fits (src/dynamics/
 * manifold-regime.ts); the predictions they are compared with are computed, not written here,
 * except where MATH.md §5 gives them in closed form ((xy - 1)^2/2: lambda* = 2, eta* = 1, c = 4).
 */
interface RegimeJson {
  kind: string;
  flattest: { point: string[]; sharpness: string; criticalEta: string; flipCoefficient: string; flip: string };
  fits: { kind: string; fitted: number; predicted: number; tolerance: number; quantity: string }[];
  agrees: boolean;
  drift: { startSharpness: number; endSharpness: number; perStep: number; perTwoSteps: number; window: number[]; balancing?: { formula: string; start: number; end: number } } | null;
}

const regime = (args: readonly string[]): RegimeJson => {
  const r = runCli(['trajectory', '--loss', '(x*y-1)^2/2', '--fast', '--quiet', '--regime', '--json', ...args]);
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as { manifoldRegime: RegimeJson }).manifoldRegime;
};

describe('eoskit trajectory --regime on (xy - 1)^2/2', () => {
  it('supercritical at eta = 11/10: the 2-cycle around (1, 1), rate sqrt(rho) and half-amplitude sqrt(1/22), drift to sharpness 2', () => {
    const m = regime(['--eta', '11/10', '--x0', '6/5,17/20', '--steps', '2000']);
    expect(m.kind).toBe('supercritical');
    expect(m.flattest.point.map(Number)).toEqual([1, 1]);
    expect([Number(m.flattest.sharpness), Number(m.flattest.criticalEta), Number(m.flattest.flipCoefficient)]).toEqual([2, 1, 4]);
    expect(m.flattest.flip).toBe('supercritical');
    expect(m.agrees).toBe(true);
    const amplitude = m.fits.find((f) => f.kind === 'amplitude')!;
    expect(Math.abs(amplitude.fitted - Math.sqrt(1 / 22))).toBeLessThan(1e-10);
    expect(m.drift!.perStep).toBe(1);
    expect(Math.abs(m.drift!.endSharpness - 2)).toBeLessThan(1e-9);
    expect(m.drift!.balancing!.formula).toBe('x^2 - y^2');
  });

  it('critical at eta = 1: exponents -1/2 for normal and tangent distances; subcritical at 9/10: linear', () => {
    const c = regime(['--eta', '1', '--x0', '13/10,39/50', '--steps', '20000']);
    expect(c.kind).toBe('critical');
    expect(c.fits.map((f) => [f.kind, f.predicted])).toEqual([['power', -0.5], ['power', -0.5]]);
    for (const f of c.fits) expect(Math.abs(f.fitted + 0.5)).toBeLessThan(f.tolerance);
    const s = regime(['--eta', '9/10', '--x0', '8/5,1/2', '--steps', '2000']);
    expect([s.kind, s.agrees, s.fits[0]!.kind]).toEqual(['subcritical', true, 'linear']);
  });

  it('prints the regime, the fits with tolerances and the drift in the text output, with the high-precision run too', () => {
    const r = runCli(['trajectory', '--loss', '(x*y-1)^2/2', '--eta', '11/10', '--x0', '6/5,17/20', '--steps', '400', '--quiet', '--regime']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('manifold regime (seed 003): flattest point (1, 1)');
    expect(r.stdout).toContain(': supercritical');
    expect(r.stdout).toContain('normal flip: c = -eta* Q_perp = 4 (supercritical)');
    expect(r.stdout).toMatch(/half-amplitude +half-amplitude \|w_K - w_\{K-1\}\|\/2 +0\.21320072 +0\.21320072 +0\.2 rel .* yes/);
    expect(r.stdout).toMatch(/tangent drift \(seed 002\): sharpness of the nearest point of the curve 2\.1248286 -> 2 over steps 0\.\.\d+, lower than one step before on 100% of steps/);
    expect(r.stdout).not.toContain('NaN');
  });

  it('a diverging run (eta = 3) is reported in the section, not as an error', () => {
    const r = runCli(['trajectory', '--loss', '(x*y-1)^2/2', '--eta', '3', '--x0', '8/5,1/2', '--steps', '200', '--fast', '--quiet', '--regime']);
    expect(r.stdout).toContain('manifold regime (seed 003): not measured: the float64 run diverged');
    expect(r.stdout).not.toContain('NaN');
  });

  it('bad input: one line on stderr, exit 2', () => {
    for (const [args, fragment] of [
      [['--loss', 'x^4/4', '--eta', '1', '--x0', '1', '--steps', '10', '--regime'], 'needs a loss of 2 variables'],
      [['--loss', 'x^2+y^2', '--eta', '1/2', '--x0', '1,1', '--steps', '10', '--regime'], 'no curve of critical points through --x0'],
      [['--loss', '(x*y-1)^2/2', '--eta', '1', '--x0', '1,1', '--steps', '10', '--regime', '--csv'], 'drop --csv'],
    ] as const) {
      const r = runCli(['trajectory', ...args]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toHaveLength(1);
      expect(r.stderr[0]).toContain(fragment);
    }
  });
});
