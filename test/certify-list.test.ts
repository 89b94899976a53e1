import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { numericContext } from '../src/numeric/context.js';

/*
 * classify --certify on the exact cases of MATH.md §5 and the 2-D trap of §4, at 30 digits: the
 * list certificate verifies, and every kind of tampering (eta, a sign of Q, a stability, a
 * mean-value enclosure) makes verification fail.
 */
const { D } = numericContext(60);
const dir = mkdtempSync(join(tmpdir(), 'eoskit-list-'));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function certifyClassify(name: string, args: readonly string[]): { file: string; cert: Json; stdout: string; exitCode: number } {
  const file = join(dir, `${name}.json`);
  const r = runCli(['classify', ...args, '--digits', '30', '--certify', '--out', file]);
  return { file, cert: JSON.parse(readFileSync(file, 'utf8')) as Json, stdout: r.stdout, exitCode: r.exitCode };
}

function verify(cert: Json, name: string): { exitCode: number; stdout: string } {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(cert));
  const r = runCli(['verify', file]);
  return { exitCode: r.exitCode, stdout: r.stdout };
}

const tamper = (cert: Json, f: (c: Json) => void): Json => {
  const c = structuredClone(cert);
  f(c);
  return c;
};
const item = (c: Json, id: string): Json => c['items'].find((i: Json) => i['id'] === id);

// Completeness proofs (--proof-boxes) are classify's business, tested there; skipped here for time.
const CASES = {
  cosine: ['--loss', '1-cos(x)', '--eta', '5/2', '--proof-boxes', '0'],
  quartic: ['--loss', 'x^2/2+x^4/4', '--eta', '9/5'],
  chenBruna: ['--loss', '(x^2-mu)^2/4', '--param', 'mu=1/3', '--eta', '33/10', '--box', '-2,2'],
  trap: ['--loss', '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', '--eta', '11/20', '--box', '-3,3', '--proof-boxes', '0'],
} as const;
const done = Object.fromEntries(Object.entries(CASES).map(([k, a]) => [k, certifyClassify(k, a)])) as Record<keyof typeof CASES, ReturnType<typeof certifyClassify>>;

describe('classify --certify: MATH.md §5 and the 2-D trap at 30 digits', () => {
  it('1 - cos x at eta 5/2: 7 fixed points, 3 stable orbits, 3 supercritical branches, all proved and verified', () => {
    const { cert, exitCode, stdout, file } = done.cosine;
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`certificate written to ${file}`);
    expect(cert['items'].filter((i: Json) => i['kind'] === 'fixed-point')).toHaveLength(7);
    expect(cert['items'].filter((i: Json) => i['kind'] === 'period-two' && i['claims']['stability'] === 'stable')).toHaveLength(3);
    expect(cert['items'].filter((i: Json) => i['kind'] === 'branch-sign' && i['claims']['signFlip'] === 'positive')).toHaveLength(3);
    expect(verify(cert, 'cosine-ok').exitCode).toBe(0);
  });

  it('x^2/2 + x^4/4 at eta 9/5: the orbit +-1/3 is unstable, Q = 1 > 0 (subcritical, flip coefficient -2)', () => {
    const { cert, exitCode } = done.quartic;
    expect(exitCode).toBe(0);
    expect(item(cert, 'O1')['claims']['stability']).toBe('unstable');
    expect(item(cert, 'B1')['claims']['signQ']).toBe('positive');
    expect(item(cert, 'B1')['claims']['signFlip']).toBe('negative');
    expect(verify(cert, 'quartic-ok').exitCode).toBe(0);
  });

  it('Chen-Bruna (x^2 - mu)^2/4, mu = 1/3, eta = 33/10: the two small orbits stable, Q = -8, c = 24', () => {
    const { cert, exitCode } = done.chenBruna;
    expect(exitCode).toBe(0);
    expect(['O2', 'O3'].map((id) => item(cert, id)['claims']['stability'])).toEqual(['stable', 'stable']);
    expect(Number(item(cert, 'B1')['claims']['flip'][0])).toBeCloseTo(24, 20);
    expect(verify(cert, 'chen-ok').exitCode).toBe(0);
  });

  it('the 2-D trap at eta 11/20: full Q(e_x) = -3/2 < 0 proved at the origin; the degenerate Q(e_y) = 0 reported as not provable, not dropped', () => {
    const { cert, exitCode, stdout } = done.trap;
    expect(exitCode).toBe(0);
    const origin = cert['items'].find((i: Json) => i['kind'] === 'branch-sign' && i['status'] === 'proved' && i['claims']['signQ'] === 'negative');
    // Q at the exact eigenvector e_x of H(0) = diag(4, 1), enclosed over the Krawczyk box.
    expect(origin['eigenvector']).toEqual({ eigenvalue: 'larger', form: 'lambda-c,b' });
    expect(Number(origin['claims']['Q'][0])).toBeCloseTo(-1.5, 20);
    expect(origin['claims']['signFlip']).toBe('positive');
    expect(stdout).toMatch(/B\d branch-sign: could not prove: .*Q\(u\)/);
    expect(cert['items'].find((i: Json) => i['kind'] === 'period-two')['claims']['stability']).toBe('stable');
    expect(verify(cert, 'trap-ok').exitCode).toBe(0);
  });
});

describe('tampered list certificates fail verification', () => {
  const fails = (cert: Json, name: string, pattern: RegExp) => {
    const r = verify(cert, name);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(pattern);
  };
  it('a changed eta', () => fails(tamper(done.cosine.cert, (c) => (c['eta'] = '12/5')), 'eta', /FAILED: O1/));
  it('a flipped sign of Q', () => fails(tamper(done.trap.cert, (c) => {
    const b = c['items'].find((i: Json) => i['kind'] === 'branch-sign' && i['claims']?.['signQ'] === 'negative');
    b['claims']['signQ'] = 'positive';
    b['claims']['Q'] = [b['claims']['Q'][1].slice(1), b['claims']['Q'][0].slice(1)];
  }), 'signQ', /FAILED: B\d: sign of Q/));
  it('a branch sign claimed at the other eigenvector of H(w*)', () => fails(tamper(done.trap.cert, (c) => {
    const b = c['items'].find((i: Json) => i['kind'] === 'branch-sign' && i['claims']?.['signQ'] === 'negative');
    b['eigenvector']['eigenvalue'] = b['eigenvector']['eigenvalue'] === 'larger' ? 'smaller' : 'larger';
  }), 'eigenvector', /FAILED: B\d: sign of Q/));
  it('a flipped stability', () => fails(tamper(done.chenBruna.cert, (c) => (item(c, 'O2')['claims']['stability'] = 'unstable')), 'stability', /FAILED: O2: multiplier bounds/));
  it('a branch pointing at another (unverified) fixed point', () => fails(tamper(done.quartic.cert, (c) => (item(c, 'B1')['fixedPoint'] = 'O1')), 'ref', /not a verified fixed point/));
  it('a list with nothing proved', () => fails(tamper(done.quartic.cert, (c) => (c['items'] = [{ id: 'F1', kind: 'fixed-point', status: 'not-proved', reason: 'x' }])), 'empty', /proves nothing/));
});

describe('trajectory --certify: rigorous mean-value points of the first steps', () => {
  const file = join(dir, 'trajectory.json');
  const r = runCli(['trajectory', '--loss', '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', '--eta', '11/20', '--x0', '3/10,1/10', '--steps', '30', '--certify', '--out', file]);
  const cert = JSON.parse(readFileSync(file, 'utf8')) as Json;

  it('certifies xi_k, zeta_k of the first 20 steps (stated in the output), and the certificate verifies', () => {
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('certified for steps 0..19 (the first 20 of 30');
    expect(cert['items']).toHaveLength(20);
    for (const s of cert['items']) {
      expect(s['status']).toBe('proved');
      expect(Number(s['stepResidual'])).toBeLessThan(1e-35);
    }
    expect(verify(cert, 'trajectory-ok').exitCode).toBe(0);
  });

  it('a moved xi enclosure fails (no sign change at its ends)', () => {
    const moved = tamper(cert, (c) => {
      const xi = c['items'][3]['claims']['xi']['roots'][0];
      c['items'][3]['claims']['xi']['roots'][0] = xi.map((x: string) => new D(x).plus('1e-3').toString());
    });
    const v = verify(moved, 'trajectory-moved');
    expect(v.exitCode).toBe(1);
    expect(v.stdout).toMatch(/FAILED: S3: xi .*no sign change proved/);
  });

  it('a changed eta fails (d is no longer the GD step)', () => {
    const v = verify(tamper(cert, (c) => (c['eta'] = '1/2')), 'trajectory-eta');
    expect(v.exitCode).toBe(1);
    expect(v.stdout).toMatch(/FAILED: S0: d is the GD step/);
  });
});

describe('classify --certify --json', () => {
  it('adds the certificate file and the unproved items to the JSON report', () => {
    const file = join(dir, 'json.json');
    const r = runCli(['classify', '--loss', 'x^2/2+x^4/4', '--eta', '9/5', '--certify', '--out', file, '--json']);
    expect(r.exitCode).toBe(0);
    const c = (JSON.parse(r.stdout) as Json)['certificate'];
    expect(c['file']).toBe(file);
    expect(c['proved']).toBe(3);
    expect(c['notProved']).toEqual([]);
  });
});

describe('--certify: bad input is one line and exit 2', () => {
  it.each([
    [['classify', '--loss', 'x^2', '--eta', '1', '--out', join(dir, 'a.json')], /add --certify/],
    [['classify', '--loss', 'x^2', '--eta', '1', '--certify', '--out', join(dir, 'missing', 'dir', 'a.json')], /cannot write --out/],
    [['trajectory', '--loss', 'x^2', '--eta', '1', '--x0', '1', '--steps', '5', '--fast', '--certify'], /drop --fast/],
  ])('%j', (argv, message) => {
    const r = runCli(argv);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
  });
});
