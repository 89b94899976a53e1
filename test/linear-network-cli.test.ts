import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { theoremById } from '../theorems/registry.js';
import { replayLine } from '../theorems/search.js';

const root = new URL('..', import.meta.url).pathname;
const base = ['linear-network', '--sizes', '2,2,2', '--target', '3,0;0,1', '--digits', '20', '--samples', '3', '--runs', '30', '--steps', '500'];

describe('eoskit linear-network', () => {
  it('prints eta_c, the sharpness, Q_perp, det DG samples, the sharpness bound and the Monte Carlo fraction', () => {
    const r = runCli([...base, '--eta', '1/2']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toEqual([]);
    expect(r.stdout).toContain('eta_c = 1/sigma_1 = 0.33333333333333333333');
    expect(r.stdout).toContain('sharpness = 6.0000000000000000000 (2 sigma_1 = 6.0000000000000000000)');
    expect(r.stdout).toContain('dim ker H = 4 (minimiser manifold: n - d0 d2 = 4)');
    expect(r.stdout).toContain('Q_perp(u) = -4.0000000000000000000');
    expect(r.stdout).toContain('non-singular at every sample');
    expect(r.stdout).toMatch(/0\/30 initialisations .* converged/);
    expect(r.stdout).not.toContain('NaN');
  });

  it('--json carries the same numbers, and below eta_c the Monte Carlo fraction is positive', () => {
    const r = runCli([...base, '--eta', '1/6', '--json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.balancedMinimum.qPerp).toBe('-4.0000000000000000000');
    expect(j.determinants).toHaveLength(3);
    expect(j.minimisers).toHaveLength(3);
    expect(j.monteCarlo.converged).toBeGreaterThan(20);
    expect(j.monteCarlo.interval.low).toBeGreaterThan(0.5);
  });

  it('says why the balanced minimum is not reduced when the singular values repeat', () => {
    const r = runCli(['linear-network', '--sizes', '2,2,2', '--target', '2,0;0,2', '--eta', '1', '--samples', '1', '--runs', '5', '--steps', '100']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('not reduced (repeated singular values)');
  });

  it.each([
    [['--target', '3,0;0,1', '--eta', '1'], 'needs --sizes, --target and --eta'],
    [['--sizes', '2,2', '--target', '3,0;0,1', '--eta', '1'], 'sizes must be three integers'],
    [['--sizes', '2,2,2', '--target', '3,0,1', '--eta', '1'], 'the target must be 2 x 2'],
    [['--sizes', '2,2,2', '--target', '3,0;0,q', '--eta', '1'], 'target entry (2,2)'],
    [['--sizes', '2,2,2', '--target', '0,0;0,0', '--eta', '1'], 'the target M is 0'],
    [['--sizes', '2,2,2', '--target', '3,0;0,1', '--eta=-1'], 'eta must be positive'],
    [['--sizes', '2,2,2', '--target', '3,0;0,1', '--eta', '1', '--samples', '0'], '--samples must be an integer'],
    [['--sizes', '2,2,2', '--target', '3,0;0,1', '--eta', '1', '--seed=-3'], '--seed must be an integer'],
    [['--sizes', '2,2,2', '--target', '3,0;0,1', '--eta', '1', '--digits', '5'], 'digits must be an integer from 10'],
    [['--sizes', '2,2,2', '--target', '3,0;0,1', '--eta', '1', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with one line and exit 2', (args, fragment) => {
    const r = runCli(['linear-network', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toContain(fragment);
  });

  it('runs from bin/: one line on stderr, no stack trace', () => {
    const bad = spawnSync('node', [`${root}bin/eoskit.js`, 'linear-network', '--sizes', '2,2,2', '--target', '1,2', '--eta', '1'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['eoskit: the target must be 2 x 2 (d2 x d0), got \'1,2\'']);
  });
});

describe('eoskit check on a network instance', () => {
  it.each(['linear-network-normal-reduction', 'linear-network-gd-map-nonsingular', 'linear-network-stable-minima-bounded', 'linear-network-large-step-divergence'])('%s: the replay line of the documented example re-checks it', (id) => {
    const theorem = theoremById(id)!;
    const line = replayLine(id, theorem.example);
    // The replay line quotes only the loss; the rest splits on spaces.
    const loss = /--loss "([^"]*)"/.exec(line)![1]!;
    const args = line.replace(/^eoskit /, '').replace(/--loss "[^"]*"/, '--loss LOSS').split(' ').map((a) => (a === 'LOSS' ? loss : a));
    const r = runCli([...args, '--digits', '20']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('holds: residual');
    const m = runCli([...args, '--digits', '20', '--mutant']);
    expect(m.stdout).toContain('violated: residual');
  });
});
