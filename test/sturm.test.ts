import { describe, expect, it } from 'vitest';
import { evaluate, mulPoly, polynomialOf, rat, rootBound, squareFree, type Polynomial } from '../src/dynamics/rational-polynomial.js';
import { countRoots, isolateRoots, sturmSequence } from '../src/dynamics/sturm.js';
import { parseExpr } from '../src/symbolic/parse.js';

const poly = (src: string): Polynomial => {
  const p = polynomialOf(parseExpr(src), 'x');
  if (!p) throw new Error(`${src} is not a polynomial`);
  return p;
};
const r = (n: number, d = 1) => rat(BigInt(n), BigInt(d));

describe('exact real-root counting (Sturm)', () => {
  it('counts distinct roots in (a, b], multiple roots once', () => {
    const p = squareFree(poly('(x-1)^2*(x+2)*(x-3)^3'));
    const seq = sturmSequence(p);
    expect(countRoots(seq, r(-10), r(10))).toBe(3);
    expect(countRoots(seq, r(-2), r(3))).toBe(2); // (-2, 3]: 1 and 3, not -2
    expect(countRoots(seq, r(0), r(2))).toBe(1);
    expect(countRoots(seq, r(4), r(10))).toBe(0);
  });

  it('isolates every root of [lo, hi], endpoints included, in increasing order', () => {
    const p = squareFree(poly('(x^2-2)*(x-1/3)*(x+1)'));
    const roots = isolateRoots(p, r(-1), r(2));
    expect(roots.map((x) => x.kind)).toEqual(['exact', 'interval', 'interval']); // -1, 1/3, sqrt 2 (not -sqrt 2)
    expect(roots[0]).toEqual({ kind: 'exact', x: r(-1) });
    for (const root of roots.slice(1)) {
      if (root.kind !== 'interval') continue;
      // A sign change across each isolating interval, and exactly one root inside.
      expect(evaluate(p, root.lo).n * evaluate(p, root.hi).n < 0n).toBe(true);
      expect(countRoots(sturmSequence(p), root.lo, root.hi)).toBe(1);
    }
  });

  it('separates close roots and bounds all roots (Cauchy)', () => {
    const p = mulPoly(poly('x - 1/1000'), poly('x - 1/1001'));
    expect(isolateRoots(p, r(0), r(1))).toHaveLength(2);
    expect(rootBound(poly('x^3 - 100*x + 7')).n).toBeGreaterThanOrEqual(100n);
  });

  it('reads polynomials with rational coefficients and refuses everything else', () => {
    expect(poly('(x^2-1/3)^2/4')).toHaveLength(5);
    expect(polynomialOf(parseExpr('sin(x)'), 'x')).toBeUndefined();
    expect(polynomialOf(parseExpr('x^(1/2)'), 'x')).toBeUndefined();
    expect(polynomialOf(parseExpr('1/x'), 'x')).toBeUndefined();
    expect(polynomialOf(parseExpr('pi*x'), 'x')).toBeUndefined();
  });
});
