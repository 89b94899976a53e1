import { describe, expect, it } from 'vitest';
import { flipCoefficient } from '../src/certify/flip.js';
import { certifyOrbit } from '../src/certify/gd.js';
import { meanValuePoints } from '../src/certify/mean-value.js';
import { intervalArithmetic } from '../src/interval/interval.js';
import { numericContext } from '../src/numeric/context.js';
import { constantValue } from '../src/numeric/evaluate.js';
import { parseLoss } from '../src/symbolic/loss.js';

const DIGITS = 30;
const ctx = numericContext(DIGITS);
const ia = intervalArithmetic(ctx.precision);
const exact = (t: string) => constantValue(t, 'value', numericContext(60));

describe('rigorous mean-value points xi, zeta (MATH.md §3) by sign change', () => {
  it('L = x^3/3 + x^2, w = 0, d = 1: xi = 1/2 and zeta = 1/3 exactly, each unique and enclosed to 1e-30', () => {
    const r = meanValuePoints(parseLoss('x^3/3+x^2'), ['0'], ['1'], DIGITS, ctx.precision);
    expect(r.kind).toBe('enclosed');
    if (r.kind !== 'enclosed') return;
    for (const [roots, value] of [[r.xi, '1/2'], [r.zeta, '1/3']] as const) {
      expect(roots.unique).toBe(true);
      expect(roots.roots).toHaveLength(1);
      const [x] = roots.roots;
      expect(ia.contains(x!, exact(value))).toBe(true);
      expect(ia.width(x!).lte('1e-30')).toBe(true);
    }
  });

  it('a 2-D step of the trap loss: one proved root each, at 30 digits', () => {
    const r = meanValuePoints(parseLoss('2*x^2+y^2/2+x^2*y+x^4/4+x^3/3'), ['1/10', '1/5'], ['3/10', '-1/10'], DIGITS, ctx.precision);
    expect(r.kind).toBe('enclosed');
    if (r.kind !== 'enclosed') return;
    expect(r.xi.roots).toHaveLength(1);
    expect(r.zeta.roots).toHaveLength(1);
    expect(ia.width(r.xi.roots[0]!).lte('1e-30')).toBe(true);
  });

  it('negative control: a quadratic loss has constant curvature, so no root is claimed (phi is identically 0)', () => {
    const r = meanValuePoints(parseLoss('x^2'), ['0'], ['1'], DIGITS, ctx.precision);
    expect(r.kind).toBe('enclosed');
    if (r.kind === 'enclosed') {
      expect(r.xi.roots).toHaveLength(0);
      expect(r.xi.unique).toBe(false);
      expect(r.xi.notes.join(' ')).toMatch(/undecided|no sign change/);
    }
  });
});

describe('rigorous sign of Q(u) and of the flip coefficient (MATH.md §4)', () => {
  const fixedBox = (loss: string, point: readonly string[], params: Record<string, string> = {}) => {
    const L = parseLoss(loss, { params });
    const r = certifyOrbit(L, '1', point.map((p) => constantValue(p, 'p', ctx)), ctx.precision);
    if (r.kind !== 'certified') throw new Error(r.reason);
    return { L, box: r.krawczyk.box };
  };

  it('2-D trap at 0, u = e_x: full Q(e_x) = -3/2 < 0, flip coefficient 3/4 > 0 (supercritical, stable branch)', () => {
    const { L, box } = fixedBox('2*x^2+y^2/2+x^2*y+x^4/4+x^3/3', ['0', '0']);
    const r = flipCoefficient(L, box, ['1', '0'], ctx.precision);
    expect('Q' in r).toBe(true);
    if (!('Q' in r)) return;
    expect(r.signQ).toBe('negative');
    expect(ia.contains(r.Q, exact('-3/2'))).toBe(true);
    expect(r.signFlip).toBe('positive');
    expect(ia.contains(r.flip!, exact('3/4'))).toBe(true);
  });

  it('the trap: the loss restricted to the x-axis gives the opposite sign (Q = 1/2 > 0)', () => {
    const { L, box } = fixedBox('2*x^2+x^4/4+x^3/3', ['0']);
    const r = flipCoefficient(L, box, ['1'], ctx.precision);
    if (!('Q' in r)) throw new Error(r.reason);
    expect(r.signQ).toBe('positive');
    expect(ia.contains(r.Q, exact('1/2'))).toBe(true);
    expect(r.signFlip).toBe('negative');
  });

  it('Chen-Bruna at w* = sqrt(mu): c = (3t^2 - hq)/(3h^2) = 8/mu = 24 > 0', () => {
    const { L, box } = fixedBox('(x^2-mu)^2/4', ['0.577'], { mu: '1/3' });
    const r = flipCoefficient(L, box, ['1'], ctx.precision);
    if (!('Q' in r)) throw new Error(r.reason);
    // h = 2 mu, t = 6 sqrt(mu), q = 6: (108 mu - 12 mu)/(12 mu^2) = 8/mu = 24.
    expect(ia.contains(r.flip!, exact('24'))).toBe(true);
    expect(r.signFlip).toBe('positive');
  });
});
