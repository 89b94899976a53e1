import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'eoskit-trajectory-'));
const base = ['--loss', '(x*y-1)^2/2', '--eta', '19/20', '--x0', '1/100,1'];

describe('eoskit trajectory: bad input gives one line on stderr and exit code 2', () => {
  it.each([
    ['eta zero', ['--loss', 'x^2', '--eta', '0', '--x0', '1', '--steps', '3'], 'eta must be positive'],
    ['eta negative', ['--loss', 'x^2', '--eta=-1/2', '--x0', '1', '--steps', '3'], 'eta must be positive'],
    ['steps zero', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '0'], '--steps must be an integer from 1'],
    ['steps absurd', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '1000000000000'], '--steps must be an integer from 1 to 1000000'],
    ['steps not a number', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', 'many'], '--steps must be an integer'],
    ['missing steps', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1'], '--steps is required'],
    ['wrong x0 count', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1,2', '--steps', '3'], 'has 2 coordinate(s) but the loss has 1 variable(s)'],
    ['digits out of range', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--digits', '5000'], 'digits must be an integer from 10 to 900'],
    ['unwritable plot', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--plot', '/nonexistent-dir/out.svg'], 'cannot write --plot'],
    ['plot is a directory', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--plot', dir], 'it is a directory'],
    ['json and csv', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--json', '--csv'], 'choose one of --json and --csv'],
    ['window without fast', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--window', '0:2'], 'add --fast'],
    ['bad window', ['--loss', 'x^2', '--eta', '1/2', '--x0', '1', '--steps', '3', '--fast', '--window', '2:9'], '--window expects start:end'],
    ['undefined start', ['--loss', 'log(x)', '--eta', '1/2', '--x0=-1', '--steps', '3'], 'cannot evaluate at this point'],
    ['missing eta', ['--loss', 'x^2', '--x0', '1', '--steps', '3'], 'trajectory needs --eta'],
  ])('%s', (_, args, fragment) => {
    const result = runCli(['trajectory', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toContain(fragment);
  });

  it('refuses a two-variable loss in the orbit diagram', () => {
    const result = runCli(['bifurcation', '--loss', 'x^2+y^2', '--eta-min', '1', '--eta-max', '2', '--x0', '1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr[0]).toContain('for a scalar loss');
  });
});

describe('eoskit trajectory output', () => {
  it('--json has the documented shape and passes its checks', () => {
    const result = runCli(['trajectory', ...base, '--steps', '8', '--digits', '25', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.steps).toHaveLength(8);
    const step = json.steps[0];
    for (const key of ['k', 'w', 'loss', 'step', 'rbar', 'rtilde', 'xi', 'zeta', 'residuals']) expect(step).toHaveProperty(key);
    expect(step.w).toHaveLength(2);
    expect(Object.keys(step.residuals)).toEqual(['recurrence', 'lossChange']);
    expect(Number(step.residuals.recurrence)).toBeLessThan(1e-20);
    for (const key of ['telescopingResidual', 'weightedMeanRtilde', 'twoOverEta', 'maxSharpness', 'finalSharpness']) expect(json.summary).toHaveProperty(key);
    expect(json.summary.twoOverEta).toBe('2.105263157894736842105263');
    expect(json.summary.checks.passed).toBe(true);
    expect(Number(step.xi)).toBeGreaterThan(0);
    expect(Number(step.xi)).toBeLessThan(1);
  });

  it('--csv has one row per step; --output and --plot are written atomically', () => {
    const output = join(dir, 'run.csv');
    const plot = join(dir, 'run.svg');
    const result = runCli(['trajectory', ...base, '--steps', '5', '--csv', '--output', output, '--plot', plot]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`wrote ${output}\n`);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]!.startsWith('k,w_x,w_y,loss,d_x,d_y,sharpness,rbar,rtilde')).toBe(true);
    expect(lines).toHaveLength(6);
    const svg = readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('2/η');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--fast finds the regime and refines windows at high precision', () => {
    const result = runCli(['trajectory', ...base, '--steps', '2000', '--fast', '--window-steps', '5', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.mode).toBe('float64');
    expect(json.regime.kind).toBe('edge-of-stability');
    expect(json.windows.length).toBeGreaterThan(0);
    expect(json.windows[0].steps).toHaveLength(5);
    expect(json.windows[0].summary.checks.passed).toBe(true);
  });

  it('prints a readable summary in text mode', () => {
    const result = runCli(['trajectory', ...base, '--steps', '4']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('checks: all identities hold within tolerance');
    expect(result.stdout).toContain('weighted mean of rtilde');
  });
});

describe('eoskit bifurcation', () => {
  it('draws the orbit diagram of a scalar loss', () => {
    const plot = join(dir, 'orbit.svg');
    const result = runCli(['bifurcation', '--loss', '(x^2-1)^2/4', '--eta-min', '1/2', '--eta-max', '1', '--etas', '40', '--x0', '3/2', '--transient', '300', '--keep', '16', '--plot', plot, '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.columns).toHaveLength(40);
    // At eta = 1/2 < eta_c = 2/L''(1) = 1 GD converges to the minimiser x = 1.
    expect(json.columns[0].points.every((x: number) => Math.abs(x - 1) < 1e-9)).toBe(true);
    expect(readFileSync(plot, 'utf8')).toContain('<svg');
  });
});
