import fc from 'fast-check';
import { parseBox } from '../src/dynamics/box.js';
import { traceManifolds, type FlattestPoint } from '../src/dynamics/manifolds.js';
import { onInstance, type CheckOptions, type Instance, type TheoremInput, type Verdict } from './theorem.js';

/*
 * Shared by the seed 002-003 theorems (curves of minima in 2-D): the flattest point of the curve
 * through the start, and random losses phi(g) with a curve g = 0 of minima whose flattest point is
 * interior.
 */

/** The refined flattest point (with its normal reduction) of the curve of critical points through the start, in [-4, 4]^2. */
function flattestThrough(i: Instance): FlattestPoint | string {
  if (i.f.n !== 2) return 'the manifold tracing is 2-D';
  const p = traceManifolds(i.f, parseBox(['-4', '4'], i.f.loss, i.ctx), i.eta, [i.start])[0]?.flattest;
  if (!p || p.kind !== 'refined' || !p.reduction) return 'no curve of critical points with an interior flattest point through the start';
  return p;
}

/** A check body on the instance (derivatives to order 4) and the flattest point through its start; undecided without one. */
export function onFlattest(input: TheoremInput, options: CheckOptions, body: (i: Instance, p: FlattestPoint) => Verdict): Verdict {
  return onInstance(input, options, 4, (i) => {
    const p = flattestThrough(i);
    return typeof p === 'string' ? { kind: 'undecided', reason: p } : body(i, p);
  });
}

/**
 * The local hypothesis of the drift and of the regimes at and above eta*: the start's nearest curve
 * point z_0 is itself just above its edge, eta lambda(z_0) - 2 <= 1/2. Far above it the oscillation
 * is not small and GD may settle elsewhere (measured: eta lambda(z_0) - 2 = 1.44 ends at sharpness
 * 4.38 with lambda* = 3.09; 1.42 at eta* leaves both distances decaying like t^-0.2).
 */
export function farAboveEdge(eta: number, startSharpness: number): string | undefined {
  const excess = eta * startSharpness - 2;
  return excess > 1 / 2 ? `eta lambda(z_0) - 2 = ${excess.toFixed(2)} > 1/2: not just above the edge at the start` : undefined;
}

/**
 * L = g^2/2 + k g^3/6 + m g^4/24 with g = xy + (d/8) x^2 - c/8: the curve y = c/(8x) - d x/8 (x > 0)
 * of minima (phi(g) has a strict minimum at g = 0 for small |g|), sharpness |grad g|^2 on it, so the
 * flattest point is that of normal-space-reduction's family; k and m change the flip coefficient,
 * m > 0 large enough makes it subcritical. The start is the curve's point at x = 1 + t, moved off
 * the curve by `offset` in y.
 */
export function curveOfMinimaInputs(draws: {
  readonly t: fc.Arbitrary<number>;
  readonly offset: fc.Arbitrary<number>;
  readonly eta: fc.Arbitrary<string>;
  /** The largest quartic coefficient m: up to 24 reaches subcritical flips, up to 6 stays mostly supercritical. */
  readonly maxQuartic: number;
}): fc.Arbitrary<TheoremInput> {
  return fc
    .record({
      c: fc.integer({ min: 4, max: 16 }),
      d: fc.integer({ min: -2, max: 2 }),
      k: fc.integer({ min: -3, max: 3 }),
      m: fc.integer({ min: -6, max: draws.maxQuartic }),
      t: draws.t,
      offset: draws.offset,
      eta: draws.eta,
    })
    .map(({ c, d, k, m, t, offset, eta }) => ({ loss: curveOfMinimaLoss(c, d, k, m), vars: ['x', 'y'], eta, start: curvePoint(c, d, t, offset) }));
}

export function curveOfMinimaLoss(c: number, d: number, k: number, m: number): string {
  const g = `(x*y + (${d}/8)*x^2 - ${c}/8)`;
  return `${g}^2/2 + (${k})*${g}^3/6 + (${m})*${g}^4/24`;
}

/**
 * x = (20 + t)/20 and y = c/(8x) - d x/8 + offset/100 (on the curve, then moved by offset hundredths)
 * as exact fractions over 800 (20 + t), so that a replay line needs no shell quoting.
 */
export function curvePoint(c: number, d: number, t: number, offset: number): string[] {
  const n = 20 + t;
  return [`${n}/20`, `${2000 * c - 5 * d * n * n + 8 * offset * n}/${800 * n}`];
}
