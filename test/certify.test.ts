import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildCertificate, type Certificate } from '../src/certify/certificate.js';
import { certifyOrbit, type Certification } from '../src/certify/gd.js';
import { proveUniqueZero } from '../src/certify/krawczyk.js';
import { intervalArithmetic } from '../src/interval/interval.js';
import { runCli } from '../src/cli/run.js';
import { numericContext } from '../src/numeric/context.js';
import { constantValue } from '../src/numeric/evaluate.js';
import { parseLoss } from '../src/symbolic/loss.js';
import { verifyCertificate } from '../src/verify/verify.js';

const DIGITS = 30;
const ctx = numericContext(DIGITS);

interface Case {
  readonly name: string;
  readonly loss: string;
  readonly params?: Record<string, string>;
  readonly eta: string;
  readonly guess: readonly string[];
  readonly stability: 'stable' | 'unstable';
  /** Exact values (60 digits) the enclosures must contain: [coordinate index, value]. */
  readonly exact?: readonly [number, string][];
  /** An exact multiplier the first multiplier enclosure must contain. */
  readonly multiplier?: string;
}

const R = numericContext(60);
const v = (text: string) => constantValue(text, 'value', R);

// MATH.md §5 and the 2-D trap of §4.
const CASES: readonly Case[] = [
  // 2a = eta sin a at eta = 5/2; the value below is a 60-digit root of that equation (checked in the test).
  { name: '1 - cos x, eta 5/2, orbit +-1.1311...', loss: '1-cos(x)', eta: '5/2', guess: ['1.1311', '-1.1311'], stability: 'stable' },
  { name: 'x^2/2 + x^4/4, eta 9/5, orbit +-1/3 (unstable)', loss: 'x^2/2+x^4/4', eta: '9/5', guess: ['0.33', '-0.33'], stability: 'unstable', exact: [[0, '1/3'], [1, '-1/3']], multiplier: '49/25' },
  {
    // mu = 1/3, K = 11/10: a^2 = (mu - 1/eta)/4 = 1/132, m^2 = 1/eta + a^2 = 41/132, multiplier 7 - 4K - 2K^2 = 9/50.
    name: '(x^2 - mu)^2/4, mu 1/3, eta 33/10, stable orbit',
    loss: '(x^2-mu)^2/4',
    params: { mu: '1/3' },
    eta: '33/10',
    guess: ['0.47', '0.644'],
    stability: 'stable',
    exact: [[0, 'sqrt(41/132)-sqrt(1/132)'], [1, 'sqrt(41/132)+sqrt(1/132)']],
    multiplier: '9/50',
  },
  { name: '2-D trap, fixed point 0 at eta 2/5 (stable)', loss: '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', eta: '2/5', guess: ['0', '0'], stability: 'stable', exact: [[0, '0'], [1, '0']], multiplier: '-3/5' },
  { name: '2-D trap, fixed point 0 at eta 3/5 (unstable)', loss: '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', eta: '3/5', guess: ['0', '0'], stability: 'unstable', multiplier: '-7/5' },
  {
    // Just above eta_c = 1/2: the full-Q prediction (stable branch) holds; multipliers complex, |mu| ~ 0.63.
    name: '2-D trap, period-two orbit at eta 13/25 (stable)',
    loss: '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3',
    eta: '13/25',
    guess: ['-0.34968', '-0.10039', '0.2998', '-0.11177'],
    stability: 'stable',
  },
];

function certify(c: Case): { cert: Certificate; result: Extract<Certification, { kind: 'certified' }> } {
  const loss = parseLoss(c.loss, { params: c.params ?? {} });
  const result = certifyOrbit(loss, c.eta, c.guess.map((g) => constantValue(g, 'guess', ctx)), ctx.precision);
  if (result.kind !== 'certified') throw new Error(`${c.name}: ${result.reason}`);
  return { cert: buildCertificate(loss, c.eta, DIGITS, result), result };
}

const certified = new Map(CASES.map((c) => [c.name, certify(c)]));
const clone = (c: Certificate): Record<string, unknown> => JSON.parse(JSON.stringify(c));

describe('certified orbits of MATH.md §5 and the 2-D trap, at 30 digits', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: proved, enclosures tight, stability as expected, re-checked', (_, c) => {
    const { cert, result } = certified.get(c.name)!;
    expect(cert.claims.stability).toBe(c.stability);
    const flat = result.points.flat();
    for (const x of flat) expect(x.hi.minus(x.lo).lte(`1e-${DIGITS + 1}`)).toBe(true);
    const ia = intervalArithmetic(ctx.precision);
    for (const [i, text] of c.exact ?? []) expect(ia.contains(flat[i]!, v(text))).toBe(true);
    if (c.multiplier) {
      const mu = result.multipliers.eigenvalues![0]!;
      expect(ia.contains(mu, v(c.multiplier))).toBe(true);
    }
    const report = verifyCertificate(clone(cert));
    expect(report.failures).toEqual([]);
    expect(report.verified).toBe(true);
  });

  it('the 1 - cos x orbit satisfies 2a = eta sin a (checked at 60 digits on the enclosure)', () => {
    const { result } = certified.get(CASES[0]!.name)!;
    const a = result.points[0]![0]!;
    const m: Decimal = R.D.add(a.lo, a.hi).div(2);
    expect(m.times(2).minus(R.D.sin(m).times(2.5)).abs().lt('1e-40')).toBe(true);
    expect(m.toSignificantDigits(15).toString()).toBe('1.13110258565128');
  });
});

/** A certificate as plain JSON that a test may edit. */
interface Mutable {
  eta: string;
  loss: string;
  krawczyk: { box: string[][]; center: string[]; preconditioner: string[][] };
  claims: { stability: string; multipliers: { eigenvalues: string[][]; det: string[] }; enclosure: string[][][]; distinct?: boolean };
}

it('certifies and re-checks the 1 - cos x orbit at 480 digits (past the point where decimal.js trig needs split arguments)', () => {
  const c = numericContext(480);
  const loss = parseLoss('1-cos(x)');
  const r = certifyOrbit(loss, '5/2', [new c.D('1.1311'), new c.D('-1.1311')], c.precision);
  expect(r.kind).toBe('certified');
  if (r.kind !== 'certified') return;
  expect(r.points[0]![0]!.hi.minus(r.points[0]![0]!.lo).lt('1e-480')).toBe(true);
  expect(verifyCertificate(clone(buildCertificate(loss, '5/2', 480, r))).verified).toBe(true);
});

describe('tampered certificates fail verification', () => {
  const base = certified.get(CASES[0]!.name)!.cert;
  const trap = certified.get(CASES[5]!.name)!.cert;
  const tamper = (c: Certificate, f: (j: Mutable) => void) => {
    const j = clone(c) as unknown as Mutable;
    f(j);
    return verifyCertificate(j);
  };
  it.each([
    ['changed eta', (j: Mutable) => (j['eta'] = '251/100')],
    ['changed loss', (j: Mutable) => (j['loss'] = '1-cos(x)+x^4/1000')],
    ['box shifted by ten widths', (j: Mutable) => (j['krawczyk']['box'][0] = j['krawczyk']['box'][0]!.map((s) => R.D.add(s, '1e-30').toString()))],
    ["flipped 'stable' to 'unstable'", (j: Mutable) => (j['claims']['stability'] = 'unstable')],
    ['narrowed multiplier bounds', (j: Mutable) => (j['claims']['multipliers']['eigenvalues'][0] = ['0.5', '0.6'])],
    ['enclosure claimed elsewhere', (j: Mutable) => (j['claims']['enclosure'][0]![0] = ['1.2', '1.3'])],
    ['zero preconditioner', (j: Mutable) => (j['krawczyk']['preconditioner'] = [['0', '0'], ['0', '0']])],
    ['centre outside the box', (j: Mutable) => (j['krawczyk']['center'][0] = '1.2')],
    ['distinctness claim removed', (j: Mutable) => delete j['claims']['distinct']],
  ])('%s', (_, f) => {
    const report = tamper(base, f);
    expect(report.verified).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
  });

  it('a 2-D orbit certificate with a changed parameter of the loss fails', () => {
    expect(tamper(trap, (j) => (j['loss'] = '2*x^2+y^2/2+x^2*y+x^4/4+x^3/4')).verified).toBe(false);
    expect(tamper(trap, (j) => (j['claims']['multipliers']['det'] = ['0.3', '0.4'])).verified).toBe(false);
  });

  it('malformed certificates are input errors, not silent passes', () => {
    expect(() => verifyCertificate({ ...clone(base), format: 'other' })).toThrow(/unknown format/);
    expect(() => verifyCertificate({ ...clone(base), krawczyk: { box: [['a', 'b']], center: ['0'], preconditioner: [['1']] } })).toThrow(/needs 2 unknowns|not a decimal/);
    expect(() => verifyCertificate([])).toThrow(/not a JSON object/);
  });
});

describe('could-not-prove results carry the reason', () => {
  it('at the bifurcation eta = eta_c the fixed point exists but stability is undecided', () => {
    const loss = parseLoss('2*x^2+y^2/2+x^2*y+x^4/4+x^3/3');
    const r = certifyOrbit(loss, '1/2', [new ctx.D(0), new ctx.D(0)], ctx.precision);
    expect(r.kind).toBe('certified');
    if (r.kind === 'certified') {
      expect(r.multipliers.stability.kind).toBe('undecided');
      const cert = buildCertificate(loss, '1/2', DIGITS, r);
      expect(cert.claims.stability).toBe('undecided');
      expect(verifyCertificate(clone(cert)).verified).toBe(true);
    }
  });

  it('a degenerate (Morse-Bott) minimum cannot be isolated', () => {
    const r = certifyOrbit(parseLoss('(x*y-1)^2/2'), '1/2', [new ctx.D(1), new ctx.D(1)], ctx.precision);
    expect(r).toMatchObject({ kind: 'not-certified' });
    if (r.kind === 'not-certified') expect(r.reason).toMatch(/singular/);
  });

  it('an orbit guess at the fixed point is refused as not a genuine period-two orbit', () => {
    const r = certifyOrbit(parseLoss('1-cos(x)'), '5/2', [new ctx.D('0.001'), new ctx.D('-0.001')], ctx.precision);
    expect(r).toMatchObject({ kind: 'not-certified' });
    if (r.kind === 'not-certified') expect(r.reason).toMatch(/not separated|fixed point/);
  });

  it('Krawczyk negative control: a box holding two zeros is never proved', () => {
    const ia = intervalArithmetic(30);
    // F(x) = x^2 - 1e-40 has zeros +-1e-20, both inside any box of radius 1e-18 around 0; J(0) = 0.
    const sys = {
      size: 1,
      F: (z: readonly { lo: Decimal; hi: Decimal }[]) => [ia.sub(ia.powInt(z[0]!, 2n), ia.rational(1n, 10n ** 40n))],
      J: (z: readonly { lo: Decimal; hi: Decimal }[]) => [[ia.mul(ia.rational(2n, 1n), z[0]!)]],
    };
    const r = proveUniqueZero(ia, sys, [new ia.down(0)], { newtonSteps: 0 });
    expect(r.kind).toBe('not-proved');
  });
});

describe('eoskit certify / verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eoskit-cert-'));
  it('certifies, writes a certificate that verifies, and a tampered copy fails with exit 1', () => {
    const out = join(dir, 'cert.json');
    const r = runCli(['certify', '--loss', 'x^2/2+x^4/4', '--eta', '9/5', '--orbit', '1/3:-1/3', '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('stability: unstable (proved)');
    const ok = runCli(['verify', out]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^VERIFIED/);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    cert.eta = '91/50';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(cert));
    const no = runCli(['verify', bad]);
    expect(no.exitCode).toBe(1);
    expect(no.stdout).toContain('FAILED');
  });

  it('a stability it cannot prove is exit 1 with the reason', () => {
    const r = runCli(['certify', '--loss', 'x^2/2', '--eta', '2', '--point', '0']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr[0]).toContain('could not prove stability');
  });

  it.each([
    ['certify without --eta', ['certify', '--loss', 'x^2', '--point', '0'], 'certify needs --eta'],
    ['certify with both --point and --orbit', ['certify', '--loss', 'x^2', '--eta', '1', '--point', '0', '--orbit', '1:2'], 'exactly one of'],
    ['certify with a wrong coordinate count', ['certify', '--loss', 'x^2', '--eta', '1', '--point', '0,1'], 'coordinate(s)'],
    ['certify with a bad --orbit', ['certify', '--loss', 'x^2', '--eta', '1', '--orbit', '1'], "separated by ':'"],
    ['certify with eta <= 0', ['certify', '--loss', 'x^2', '--eta=-1', '--point', '0'], 'eta must be positive'],
    ['certify with too few digits', ['certify', '--loss', 'x^2', '--eta', '1', '--point', '0', '--digits', '5'], 'digits must be'],
    ['verify without a file', ['verify'], 'verify needs a certificate file'],
    ['verify a missing file', ['verify', join(tmpdir(), 'no-such-eoskit-cert.json')], 'cannot read'],
  ])('%s: exit 2, one line', (_, args, fragment) => {
    const r = runCli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toContain(fragment);
  });

  it('verify of a file that is not JSON or not a certificate: exit 2', () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{ not json');
    expect(runCli(['verify', junk]).exitCode).toBe(2);
    writeFileSync(junk, JSON.stringify({ format: 'eoskit-certificate-1', kind: 'fixed-point' }));
    const r = runCli(['verify', junk]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr[0]).toContain('certificate:');
  });
});
