import { describe, expect, it } from 'vitest';
import { curveOfMinimaLoss, curvePoint } from '../theorems/manifold-at.js';
import { manifoldTangentDrift } from '../theorems/manifold-tangent-drift.js';
import { manifoldThreeRegimes } from '../theorems/manifold-three-regimes.js';
import { normalFlipLyapunov } from '../theorems/normal-flip-lyapunov.js';

/*
 * Instances the random searches of the seed 002-003 theorems found while they were written, pinned:
 * each was a counterexample to a first version of a check, and what the check does with it now.
 * The family is theorems/manifold-at.ts's phi(g), g = xy + (d/8) x^2 - c/8.
 */
const family = (d: number, c: number, k: number, m: number): string => curveOfMinimaLoss(c, d, k, m);
const onCurve = (d: number, c: number, x: string, offset: number): string[] => curvePoint(c, d, Number(x.split('/')[0]) - 20, offset);

describe('seed 002-003 theorems: pinned instances', () => {
  it('regimes at eta*: on an asymmetric curve the tangent exponent is -0.37 (not -1/2) while the normal one is -1/2; only the normal one is claimed', () => {
    const input = { loss: family(-1, 4, 0, 0), vars: ['x', 'y'], eta: '1', start: onCurve(-1, 4, '14/20', -1) };
    const v = manifoldThreeRegimes.check(input, { digits: 30 });
    expect(v.kind).toBe('holds');
    const evidence = v.kind === 'holds' ? v.evidence : {};
    expect(Math.abs(Number(evidence['tangent distance norm(z - p*) (evidence)']!.replace('exponent ', '')) + 0.37)).toBeLessThan(0.01);
    expect(manifoldThreeRegimes.mutant.check(input, { digits: 30 }).kind).toBe('violated');
  });

  it('regimes above eta*: a 2-cycle of half-amplitude 0.3 misses the leading-order amplitude by 25%, and the miss shrinks at a quarter of the excess', () => {
    const input = { loss: family(0, 7, -1, 3), vars: ['x', 'y'], eta: '21/20', start: onCurve(0, 7, '22/20', -1) };
    const v = manifoldThreeRegimes.check(input, { digits: 30 });
    expect(v.kind).toBe('holds');
    expect(Object.keys(v.kind === 'holds' ? v.evidence : {})).toContain('(excess / 4) amplitude: half-amplitude norm(w_K - w_{K-1})/2');
  });

  it('tangent drift: far above the edge at the start (eta lambda(z_0) - 2 = 1.44) is outside the hypotheses, not a counterexample', () => {
    const input = { loss: family(-1, 14, 3, 3), vars: ['x', 'y'], eta: '1', start: onCurve(-1, 14, '16/20', 2) };
    const v = manifoldTangentDrift.check(input, { digits: 30 });
    expect(v.kind).toBe('undecided');
    expect(v.kind === 'undecided' && v.reason).toContain('not just above the edge at the start');
  });

  it('flip coefficient: c = 0.21 with a branch that folds back at alpha ~ 0.017: the cycle below eta* is the fold, not a counterexample', () => {
    const input = { loss: family(0, 13, -3, 18), vars: ['x', 'y'], eta: '1', start: onCurve(0, 13, '20/20', 0) };
    const v = normalFlipLyapunov.check(input, { digits: 20 });
    expect(v.kind).toBe('undecided');
    expect(v.kind === 'undecided' && v.reason).toContain('no 2-cycle in the leading-order regime');
  });

  it('flip coefficient: on an asymmetric curve the normal multiplier (by its eigenvector) is 1 - 4mu although the tangent one is further from 1', () => {
    const input = { loss: family(-2, 4, -1, 3), vars: ['x', 'y'], eta: '1', start: onCurve(-2, 4, '20/20', 0) };
    const v = normalFlipLyapunov.check(input, { digits: 30 });
    expect(v.kind).toBe('holds');
    const ratio = (v.kind === 'holds' ? v.evidence : {})['(1 - rho_normal) / (4 mu)']!;
    expect(Number(ratio.split(',')[0])).toBeCloseTo(1, 4);
    const tangent = (v.kind === 'holds' ? v.evidence : {})['tangent multiplier (not claimed)']!;
    // At 30 digits epsilon = 10^-5, mu = 2 epsilon: the tangent multiplier 1 - 4.33 mu is below the normal 1 - 4 mu.
    expect(Number(tangent.split(',')[0])).toBeLessThan(1 - 4.2 * 2e-5);
  });
});
