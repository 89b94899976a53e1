import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { hessianAverages, nodesPerPanel, pointValues, secantResidual } from '../src/dynamics/hessian-averages.js';
import { add, matVec, sub } from '../src/dynamics/vectors.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { parsePoint } from '../src/numeric/evaluate.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * The search's shortcuts in the Hessian averages: a cheap rule kept only where the closed forms
 * verify what its callers use (alongStep), and the panel refinement that skips the half nearer a
 * singularity. Each is held to the converged rule or to the closed forms.
 */
const ctx = numericContext(30);
const { D } = ctx;
const target = new D(10).pow(-30);
const compiled = (source: string) => compileLoss(parseLoss(source), ctx);

/** The averages over w -> w + d with and without the cheap rule. */
function both(source: string, w0: readonly string[], d0: readonly string[]) {
  const loss = compiled(source);
  const w = parsePoint(w0, loss.loss, ctx);
  const d = parsePoint(d0, loss.loss, ctx);
  const [start, end] = [pointValues(loss, w), pointValues(loss, add(w, d))];
  return { loss, d, start, end, cheap: hessianAverages(loss, start, end, d, target, true), converged: hessianAverages(loss, start, end, d, target) };
}

const dist = (a: readonly Decimal[], b: readonly Decimal[]): Decimal => sub(a, b).reduce((m, x) => D.max(m, x.abs()), new D(0));

describe('cheap rule verified along the step', () => {
  // A short step on an entire loss: far from any singularity, 10 nodes reach 1e-30.
  const { d, start, end, cheap, converged } = both('1 - cos(x) + sin(x*y)/3', ['1/2', '1/3'], ['1/20', '-1/30']);

  it('is kept on a short step, and agrees with the converged rule along d', () => {
    expect(cheap.rule).toBe('along-step');
    expect(cheap.nodes).toBeLessThan(nodesPerPanel(ctx.precision));
    expect(converged.rule).toBe('converged');
    expect(converged.nodes).toBe(nodesPerPanel(ctx.precision));
    expect(cheap.rbar.minus(converged.rbar).abs().lt('1e-29')).toBe(true);
    expect(cheap.rtilde.minus(converged.rtilde).abs().lt('1e-29')).toBe(true);
    expect(dist(matVec(cheap.hbar, d), matVec(converged.hbar, d)).lt('1e-29')).toBe(true);
    expect(secantResidual(cheap.hbar, d, start.gradient, end.gradient).lte(target)).toBe(true);
  });

  it('negative control: the secant residual catches Htilde in place of Hbar', () => {
    expect(secantResidual(cheap.htilde, d, start.gradient, end.gradient).gt('1e-5')).toBe(true);
  });

  it('falls back to the converged rule on a long step near a singularity', () => {
    const long = both('sqrt(1 + (5*y)^2) + x^2/8 + y^2/8', ['-1/5', '-14/3'], ['3/40', '9']);
    expect(long.cheap.rule).toBe('converged');
    expect(long.cheap.nodes).toBeGreaterThan(nodesPerPanel(ctx.precision));
    for (const avg of [long.cheap, long.converged]) {
      expect(avg.quadratureResidual.rbar.lte(target) && avg.quadratureResidual.rtilde.lte(target)).toBe(true);
    }
    expect(secantResidual(long.converged.hbar, long.d, long.start.gradient, long.end.gradient).lt('1e-29')).toBe(true);
    // Samples ascending in t (the mean-value bracketing relies on it), also where halves were skipped.
    const ts = long.converged.samples.map((s) => s.t);
    expect(ts.every((t, k) => k === 0 || t.gt(ts[k - 1]!))).toBe(true);
  });
});
