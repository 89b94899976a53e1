import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DECIMAL = /^-?\d+\.\d+(e[+-]\d+)?$/;

describe('eoskit classify: bad input gives one line on stderr and exit code 2', () => {
  it.each([
    ['missing loss', ['--eta', '1'], 'classify needs --loss'],
    ['missing eta', ['--loss', 'x^2'], 'classify needs --eta'],
    ['eta = 0', ['--loss', 'x^2', '--eta', '0'], 'eta must be positive'],
    ['negative eta', ['--loss', 'x^2', '--eta', '-1/2'], 'eta must be positive'],
    ['eta not a constant', ['--loss', 'x^2', '--eta', 'x'], "unknown symbol 'x'"],
    ['empty box', ['--loss', 'x^2', '--eta', '1', '--box', '3,-3'], 'is empty'],
    ['one-number box', ['--loss', 'x^2', '--eta', '1', '--box', '3'], '--box expects lo,hi'],
    ['box pairs for the wrong number of variables', ['--loss', 'x^2', '--eta', '1', '--box', '-1,1,-2,2'], '--box expects lo,hi'],
    ['box bound not a constant', ['--loss', 'x^2', '--eta', '1', '--box', '-1,y'], "unknown symbol 'y'"],
    ['too few digits', ['--loss', 'x^2', '--eta', '1', '--digits', '5'], 'digits must be an integer from 10 to 900'],
    ['bad grid', ['--loss', 'x^2', '--eta', '1', '--grid', 'many'], '--grid expects a non-negative integer'],
    ['zero grid', ['--loss', 'x^2', '--eta', '1', '--grid', '0'], 'seeds per axis'],
    ['bad proof budget', ['--loss', 'x^2', '--eta', '1', '--proof-boxes', '-1'], '--proof-boxes expects a non-negative integer'],
    ['three variables', ['--loss', 'x*y*z', '--vars', 'x,y,z', '--eta', '1'], '1 or 2 variables'],
    ['unknown option', ['--loss', 'x^2', '--eta', '1', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('%s', (_, args, fragment) => {
    const result = runCli(['classify', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toContain(fragment);
  });
});

describe('eoskit classify --json', () => {
  it('gives fixed points, orbits, branches and completeness as one object, numbers as decimal strings', () => {
    const result = runCli(['classify', '--loss', 'x^2/2+x^4/4', '--eta', '9/5', '--box', '-3,3', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.complete).toBe(true);
    expect(json.fixedPoints).toHaveLength(1);
    const [p] = json.fixedPoints;
    expect(p).toMatchObject({ kind: 'minimum', stable: true });
    for (const x of [...p.point, ...p.eigenvalues, ...p.criticalEta]) expect(x).toMatch(DECIMAL);
    expect(json.periodTwoOrbits).toHaveLength(1);
    const [o] = json.periodTwoOrbits;
    expect(o.halfAmplitude).toBe('0.' + '3'.repeat(30));
    expect(o.points.map((w: string[]) => w[0])).toEqual(['-0.' + '3'.repeat(30), '0.' + '3'.repeat(30)]);
    expect(o.stable).toBe(false);
    expect(o.multipliers[0]).toMatch(/^1\.960+$/);
    const [b] = json.branches;
    expect(b).toMatchObject({ side: 'below', stable: false, predictedHalfAmplitude: '0.' + '3'.repeat(30) });
    expect(b.fixedPoint[0]).toMatch(DECIMAL);
    expect(b.direction).toHaveLength(1);
    expect(b.criticalEta).toMatch(/^2\.0+$/);
    expect(b.Q).toMatch(/^1\.0+$/);
    expect(b.phi.latex).toContain('\\Phi_\\eta');
    expect(json.completeness.fixedPoints).toContain('Sturm');
  });

  it('proves a 2-D classification complete by interval arithmetic, and says so', () => {
    const result = runCli(['classify', '--loss', '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', '--eta', '11/20', '--box', '-3,3', '--digits', '20', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.complete).toBe(true);
    expect(json.completeness.periodTwoOrbits).toContain('proved in interval arithmetic');
    expect(json.search.periodTwoOrbits.proof.kind).toBe('proved');
  });

  it('without a proof (--proof-boxes 0) reports complex multipliers and an incomplete 2-D search honestly', () => {
    const result = runCli(['classify', '--loss', '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', '--eta', '11/20', '--box', '-3,3', '--digits', '20', '--proof-boxes', '0', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.complete).toBe(false);
    expect(json.completeness.fixedPoints).toContain('cannot prove');
    const stable = json.periodTwoOrbits.find((o: { stable: boolean }) => o.stable);
    expect(stable.multipliers[0]).toMatch(/^\d\.\d+\+\d\.\d+i$/);
    expect(json.branches.map((b: { side: string }) => b.side).sort()).toEqual(['above', 'below', 'degenerate']);
  });
});

describe('eoskit classify (text)', () => {
  it('prints readable tables and the completeness verdict', () => {
    const result = runCli(['classify', '--loss', '1-cos(x)', '--eta', '5/2', '--box', '-4,4']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/fixed points: 3 \(complete\)\n\s+#\s+point\s+kind/);
    expect(result.stdout).toContain('period-two orbits: 1');
    expect(result.stdout).toContain('1.131102585651282910');
    expect(result.stdout).toMatch(/B1\s+F2\s+1\s+2\s+\(1\)\s+-0\.1666666667\s+above/);
    expect(result.stdout).toContain('complete: yes');
    expect(result.stdout).toContain('proved in interval arithmetic');
  });

  it('runs from bin/ (dist is built by npm test)', () => {
    const run = spawnSync('node', [`${root}bin/eoskit.js`, 'classify', '--loss', 'x^4/4', '--eta', '1', '--box', '-2,2', '--digits', '12'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('fixed points: 1 (complete)');
  });
});
