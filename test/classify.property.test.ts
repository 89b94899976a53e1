import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Branch } from '../src/dynamics/branches.js';
import { etaInterval, fixedPointSystem, intervalLoss } from '../src/certify/gd.js';
import { classify, type ClassifyReport } from '../src/dynamics/classify.js';
import { proveAllPeriodTwoZeros, proveAllZeros } from '../src/dynamics/interval-proof.js';
import type { PeriodTwoOrbit } from '../src/dynamics/period-two-orbits.js';
import { parseLoss } from '../src/symbolic/loss.js';

/*
 * Planted orbits. A random loss is built around a chosen fixed point c with chosen Hessian,
 * third and fourth derivatives, so the branch data are known in closed form here (Q from the
 * coefficients, by hand), independently of the library's tensors. For eta = eta_c (1 +- eps) on
 * the side where the branch lives:
 *   - the side and the stability verdict equal the closed-form ones;
 *   - predicted and solved half-amplitudes agree to leading order: the relative difference is
 *     small and shrinks about tenfold from eps = 1e-3 to 1e-4;
 *   - the stability verdict agrees with simulating GD (float64, hand-written gradient) from the
 *     solved orbit, slightly perturbed: the perturbation dies out on a stable orbit and grows on an
 *     unstable one.
 * fast-check prints seed and path of a failure; replay with { seed, path }.
 */
const DIGITS = 30;
/** EOSKIT_RUNS scales the search (a deep run: EOSKIT_RUNS=200 npx vitest run test/classify.property.test.ts). */
const RUNS = Number(process.env['EOSKIT_RUNS'] ?? 8);

/** A small rational as [numerator, denominator], printed exactly. */
type Q = readonly [number, number];
const show = ([p, q]: Q): string => `(${p}/${q})`;
const value = ([p, q]: Q): number => p / q;
const small = (max: number, den: number): fc.Arbitrary<Q> => fc.integer({ min: -max, max }).map((p) => [p, den] as const);

/** eta = eta_c (1 + s eps) with eta_c = 2/lambda, lambda = p/q: exactly 2 q (K + s) / (p K) for eps = 1/K. */
function etaNear(lambda: Q, side: 'above' | 'below', k: number): string {
  const s = side === 'above' ? 1 : -1;
  return `${2 * lambda[1] * (k + s)}/${lambda[0] * k}`;
}

/** GD in float64 from the orbit's first point pushed by 1e-6; |w_2N - w_0| against the push. */
function simulatedStability(gradient: (w: number[]) => number[], eta: number, o: PeriodTwoOrbit): 'stable' | 'unstable' {
  const start = o.points[0].map((x) => x.toNumber());
  const push = 1e-6;
  let w = start.map((x, i) => x + push * (i === 0 ? 0.6 : 0.8) * (start.length === 1 ? 1 / 0.6 : 1));
  for (let k = 0; k < 100_000; k++) {
    const g = gradient(w);
    w = w.map((x, i) => x - eta * g[i]!);
    if (!w.every(Number.isFinite)) return 'unstable';
  }
  const distance = Math.hypot(...w.map((x, i) => x - start[i]!));
  return distance < push ? 'stable' : 'unstable';
}

interface Planted {
  readonly loss: string;
  readonly vars: string[];
  readonly centre: readonly number[];
  readonly centreText: readonly string[];
  readonly lambda: Q;
  /** Q(u) of the planted branch, from the coefficients. */
  readonly q: number;
  readonly stable: boolean;
  readonly gradient: (w: number[]) => number[];
}

function branchOf(r: ClassifyReport, p: Planted): Branch {
  const b = r.branches.find(
    (b) => b.fixedPoint.every((x, i) => Math.abs(x.toNumber() - p.centre[i]!) < 1e-12) && Math.abs(b.eigenvalue.toNumber() - value(p.lambda)) < 1e-12,
  );
  if (!b) throw new Error(`no branch at (${p.centre.join(', ')}) with lambda ${show(p.lambda)}`);
  return b;
}

function checkPlanted(p: Planted): void {
  const side = p.q < 0 ? 'above' : 'below';
  const loss = parseLoss(p.loss, { vars: p.vars });
  const box = p.centreText.flatMap((c) => [`${c}-3/2`, `${c}+3/2`]);
  const at = (k: number) => {
    const eta = etaNear(p.lambda, side, k);
    // Completeness is not the subject here (and its interval proof costs a second per call).
    const r = classify(loss, { eta, box, digits: DIGITS, proofBoxes: 0 });
    const b = branchOf(r, p);
    return { r, b, eta };
  };
  // The leading order holds as eta -> eta_c; a branch may fold back soon after (|Q| small against
  // the next order), so eps = 1e-3 and 1e-4, not 1e-2.
  const coarse = at(1000);
  const fine = at(10000);
  for (const { b } of [coarse, fine]) {
    expect(b.side).toBe(side);
    expect(Math.abs(b.reduction.Q.toNumber() - p.q)).toBeLessThan(1e-12 * Math.max(1, Math.abs(p.q)));
    expect(b.stable).toBe(p.stable);
    expect(b.prediction.kind).toBe('orbit');
    expect(b.match, 'a solved orbit near the prediction').toBeDefined();
  }
  const [d1, d2] = [coarse.b.match!.relativeDifference.toNumber(), fine.b.match!.relativeDifference.toNumber()];
  // O(eps): about ten times smaller for eps ten times smaller (or already exact).
  expect(d2).toBeLessThan(0.05);
  expect(d2 < d1 / 4 || d1 < 1e-20).toBe(true);
  const orbit = coarse.r.periodTwoOrbits.orbits[coarse.b.match!.orbit]!;
  expect(orbit.forcing.residual.toNumber()).toBeLessThan(1e-30);
  const simulated = simulatedStability(p.gradient, Number(coarse.eta.split('/')[0]) / Number(coarse.eta.split('/')[1]), orbit);
  expect(orbit.stability).toBe(simulated);
  expect(p.stable ? 'stable' : 'unstable').toBe(simulated);
}

/**
 * 1-D: L = h/2 d^2 + t/6 d^3 + q/24 d^4 + k (sin d - d + d^3/6), d = x - c. The last term is
 * O(d^5): it leaves h, t, q (so the leading order) alone, and makes the loss non-polynomial when
 * k != 0 (the sampling path rather than the Sturm path). Q = (h q - 3 t^2) / (6 h).
 */
const planted1d: fc.Arbitrary<Planted> = fc
  .record({ c: small(4, 4), h: fc.integer({ min: 1, max: 4 }).map((p) => [p, 2] as const), t: small(6, 3), q: small(6, 2), k: fc.integer({ min: -1, max: 1 }) })
  .filter(({ h, t, q }) => Math.abs(3 * value(t) ** 2 - value(h) * value(q)) >= 0.5)
  .map(({ c, h, t, q, k }) => {
    const d = `(x-${show(c)})`;
    const Qv = (value(h) * value(q) - 3 * value(t) ** 2) / (6 * value(h));
    return {
      loss: `${show(h)}/2*${d}^2+${show(t)}/6*${d}^3+${show(q)}/24*${d}^4+${k}*(sin${d}-${d}+${d}^3/6)`,
      vars: ['x'],
      centre: [value(c)],
      centreText: [show(c)],
      lambda: h,
      q: Qv,
      stable: Qv < 0,
      gradient: ([x]: number[]) => {
        const e = x! - value(c);
        return [value(h) * e + (value(t) / 2) * e ** 2 + (value(q) / 6) * e ** 3 + k * (Math.cos(e) - 1 + e ** 2 / 2)];
      },
    };
  });

/**
 * 2-D: L = l1/2 dx^2 + l2/2 dy^2 + sum c_ij dx^i dy^j (cubic) + sum e_ij dx^i dy^j (quartic),
 * l1 > l2, l2 possibly negative (a saddle). The branch of l1 along e_x has
 * Q = 4 e40 - (1/2)((6 c30)^2 / l1 + (2 c21)^2 / l2); the branch of l2 along e_y has
 * Q = 4 e04 - (1/2)((2 c12)^2 / l1 + (6 c03)^2 / l2). Stable: Q < 0 and the other eigenvalue
 * strictly between 0 and the branch's own (so only the l1 branch of a minimum).
 */
const planted2d: fc.Arbitrary<Planted> = fc
  .record({
    c: fc.tuple(small(4, 4), small(4, 4)),
    l1: fc.constantFrom<Q>([3, 2], [2, 1], [3, 1]),
    l2: fc.constantFrom<Q>([-1, 1], [-1, 2], [1, 2], [1, 1]),
    cubic: fc.tuple(small(3, 3), small(3, 3), small(3, 3), small(3, 3)),
    quartic: fc.tuple(small(2, 4), small(2, 4), small(2, 4), small(2, 4), small(2, 4)),
    second: fc.boolean(),
  })
  .map(({ c, l1, l2, cubic, quartic, second }) => {
    const [c30, c21, c12, c03] = cubic.map(value) as [number, number, number, number];
    const [e40, e31, e22, e13, e04] = quartic.map(value) as [number, number, number, number, number];
    const [a, b] = [value(l1), value(l2)];
    const useSecond = second && b > 0;
    const q = useSecond ? 4 * e04 - ((2 * c12) ** 2 / a + (6 * c03) ** 2 / b) / 2 : 4 * e40 - ((6 * c30) ** 2 / a + (2 * c21) ** 2 / b) / 2;
    const dx = `(x-${show(c[0])})`;
    const dy = `(y-${show(c[1])})`;
    const terms = [
      `${show(l1)}/2*${dx}^2`,
      `${show(l2)}/2*${dy}^2`,
      ...[`${dx}^3`, `${dx}^2*${dy}`, `${dx}*${dy}^2`, `${dy}^3`].map((m, i) => `${show(cubic[i]!)}*${m}`),
      ...[`${dx}^4`, `${dx}^3*${dy}`, `${dx}^2*${dy}^2`, `${dx}*${dy}^3`, `${dy}^4`].map((m, i) => `${show(quartic[i]!)}*${m}`),
    ];
    return {
      loss: terms.join('+'),
      vars: ['x', 'y'],
      centre: c.map(value),
      centreText: c.map(show),
      lambda: useSecond ? l2 : l1,
      q,
      stable: q < 0 && !useSecond && b > 0,
      gradient: ([x, y]: number[]) => {
        const [u, v] = [x! - value(c[0]), y! - value(c[1])];
        return [
          a * u + 3 * c30 * u ** 2 + 2 * c21 * u * v + c12 * v ** 2 + 4 * e40 * u ** 3 + 3 * e31 * u ** 2 * v + 2 * e22 * u * v ** 2 + e13 * v ** 3,
          b * v + c21 * u ** 2 + 2 * c12 * u * v + 3 * c03 * v ** 2 + e31 * u ** 3 + 2 * e22 * u ** 2 * v + 3 * e13 * u * v ** 2 + 4 * e04 * v ** 3,
        ];
      },
    };
  })
  .filter((p) => Math.abs(p.q) >= 0.25);

describe('planted orbits: prediction, solved orbit and GD agree near eta_c (property)', () => {
  it('1-D losses around a chosen fixed point', () => {
    fc.assert(
      fc.property(planted1d, (p) => checkPlanted(p)),
      { numRuns: RUNS, verbose: 1 },
    );
  });

  it('2-D losses around a chosen fixed point, either eigen-direction', () => {
    fc.assert(
      fc.property(planted2d, (p) => checkPlanted(p)),
      { numRuns: RUNS, verbose: 1 },
    );
  });
});

/*
 * Two independent proofs of completeness must agree: for a 1-D polynomial the Sturm counts make the
 * lists complete, so the interval branch and bound run on the same lists may fail only for want of
 * boxes or at a degenerate zero, never "prove" a list with one zero taken out.
 */
const polynomial1d = fc.record({
  coefficients: fc.array(small(6, 4), { minLength: 3, maxLength: 5 }),
  lead: fc.integer({ min: 1, max: 3 }),
  eta: fc.integer({ min: 1, max: 12 }).map((k) => `${k}/8`),
});

describe('Sturm and interval proofs of completeness agree (property)', () => {
  it('1-D polynomials: the interval proof accepts the Sturm lists and refuses any list with a zero left out', () => {
    let proved = 0;
    fc.assert(
      fc.property(polynomial1d, ({ coefficients, lead, eta }) => {
        // L = lead x^(2k) / (2k) + sum c_j x^j: bounded below, so GD has something to settle on.
        const degree = coefficients.length + 1;
        const even = degree % 2 === 0 ? degree : degree + 1;
        const src = [`${lead}*x^${even}/${even}`, ...coefficients.map((c, j) => `${show(c)}*x^${j + 1}`)].join('+');
        const loss = parseLoss(src);
        const r = classify(loss, { eta, box: ['-2', '2'], digits: 20 });
        expect(r.complete).toBe(true);
        expect(r.fixedPoints.method).toBe('sturm');
        const L = intervalLoss(loss, 24);
        const region = [L.ia.hull(L.ia.point(-2), L.ia.point(2))];
        const fixed = r.fixedPoints.points.map((p) => p.point);
        const orbitZeros = (orbits: typeof r.periodTwoOrbits.orbits) => [
          ...fixed.map((w) => [...w, ...w]),
          ...orbits.flatMap((o) => [[...o.points[0], ...o.points[1]], [...o.points[1], ...o.points[0]]]),
        ];
        const full = proveAllZeros(L.ia, fixedPointSystem(L), region, fixed, 3000);
        const orbits = proveAllPeriodTwoZeros(L, etaInterval(eta, 24), region, orbitZeros(r.periodTwoOrbits.orbits), 3000);
        if (full.kind !== 'proved' || orbits.kind !== 'proved') return;
        proved++;
        // With a zero left out, even twice the boxes the full list needed must not give a proof.
        if (fixed.length > 0) {
          const fewerFixed = proveAllZeros(L.ia, fixedPointSystem(L), region, fixed.slice(1), 2 * full.boxes + 100);
          expect(fewerFixed.kind).toBe('not-proved');
        }
        if (r.periodTwoOrbits.orbits.length > 0) {
          const fewer = orbitZeros(r.periodTwoOrbits.orbits.slice(1));
          expect(proveAllPeriodTwoZeros(L, etaInterval(eta, 24), region, fewer, 2 * orbits.boxes + 100).kind).toBe('not-proved');
        }
      }),
      { numRuns: RUNS, verbose: 1 },
    );
    // Not a vacuous agreement: most lists are proved complete by the interval search as well.
    expect(proved).toBeGreaterThan(RUNS / 2);
  });
});
