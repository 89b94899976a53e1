import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericContext } from '../src/numeric/context.js';
import { decimalFunction } from '../src/numeric/evaluate.js';
import { differentiate } from '../src/symbolic/cas.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * nerdamer 1.1.13's diff mutates the argument of sqrt in place (MATH.md §6); patches/ fixes it at
 * install time. These are the measured failing cases: red without the patch.
 */
const ctx = numericContext(40);

function derivativeAt(src: string, vars: string[], wrt: string[], point: string[]): string {
  const loss = parseLoss(src, { vars });
  const d = wrt.reduce((e, v) => differentiate(e, v), loss.expr);
  return decimalFunction(loss, d, ctx)(point.map((p) => new ctx.D(p))).toSignificantDigits(30).toString();
}

describe('nerdamer sqrt-derivative patch', () => {
  it('d/dx (sqrt(x)+x)^3 = 135 at x = 4 (unpatched: 1215/16)', () => {
    expect(derivativeAt('(sqrt(x)+x)^3', ['x'], ['x'], ['4'])).toBe('135');
  });

  it('d2/dx2 sqrt(x^2+y^2+1) by nested diff = 0.4744 at (0.7, 1.3) (unpatched: 1.2490)', () => {
    // Exact: (1 + y^2)/(1 + x^2 + y^2)^(3/2) = 2.69/3.18^(3/2).
    const exact = new ctx.D('2.69').div(new ctx.D('3.18').pow('1.5')).toSignificantDigits(30).toString();
    expect(derivativeAt('sqrt(x^2+y^2+1)', ['x', 'y'], ['x', 'x'], ['0.7', '1.3'])).toBe(exact);
  });

  it('is applied from patches/ by patch-package on install', () => {
    const patch = readFileSync(new URL('../patches/nerdamer+1.1.13.patch', import.meta.url), 'utf8');
    expect(patch).toContain('var s = symbol.args[0].clone()');
    const installed = readFileSync(new URL('../node_modules/nerdamer/Calculus.js', import.meta.url), 'utf8');
    expect(installed).toContain('var s = symbol.args[0].clone()');
  });
});
