import { etaInterval, fixedPointSystem, intervalLoss } from '../certify/gd.js';
import type { IVector } from '../certify/krawczyk.js';
import { intervalAlgebra } from '../interval/algebra.js';
import { compile } from '../numeric/compile.js';
import { parseConstant, type Loss } from '../symbolic/loss.js';
import type { Box } from './box.js';
import type { FixedPointSearch } from './fixed-points.js';
import { proveAllPeriodTwoZeros, proveAllZeros, type IntervalProof } from './interval-proof.js';
import type { OrbitSearch } from './period-two-orbits.js';

/** Interval digits of the proofs: enough to isolate a nondegenerate zero; more only costs time. */
export const PROOF_PRECISION = 24;
/** Default bound on each proof's branch and bound (about a second for a 2-D polynomial at worst). */
export const DEFAULT_PROOF_BOXES = 3000;

const proved = (p: Extract<IntervalProof, { kind: 'proved' }>): string =>
  `proved in interval arithmetic (${p.precision} digits): every zero found is isolated by a Krawczyk test, and a branch and bound over ${p.boxes} boxes excludes every other zero from the box`;

/**
 * Settles completeness where the Sturm path does not apply: the fixed points as the zeros of
 * grad L in the box, the orbits as the zeros of F(x1, x2) with both points in the box (the fixed
 * points among them as (w, w)). Skipped where a continuum was found (no finite list is complete)
 * or `maxBoxes` is 0. A failed proof leaves `complete` false and says why.
 */
export function withIntervalProofs(
  loss: Loss,
  eta: string,
  box: Box,
  fixedPoints: FixedPointSearch,
  orbits: OrbitSearch,
  maxBoxes: number,
): { readonly fixedPoints: FixedPointSearch; readonly periodTwoOrbits: OrbitSearch } {
  const continuum = fixedPoints.continuum.length > 0 || orbits.continuum.length > 0;
  const tryFixed = maxBoxes > 0 && fixedPoints.method === 'sampling' && !continuum;
  const tryOrbits = maxBoxes > 0 && orbits.method === 'sampling' && !continuum;
  if (!tryFixed && !tryOrbits) return { fixedPoints, periodTwoOrbits: orbits };
  const L = intervalLoss(loss, PROOF_PRECISION);
  const alg = intervalAlgebra(PROOF_PRECISION);
  const bound = (text: string) => compile(parseConstant(text, 'box'), alg, [])([]);
  // The interval hull of the box as the user wrote it (pi/2 is enclosed, not rounded).
  const region: IVector = box.text.map(([lo, hi]) => L.ia.hull(bound(lo), bound(hi)));
  const settle = <S extends FixedPointSearch | OrbitSearch>(search: S, proof: IntervalProof): S =>
    proof.kind === 'proved'
      ? { ...search, complete: true, completeness: proved(proof), proof }
      : { ...search, completeness: `${search.completeness}; interval proof not completed: ${proof.reason}`, proof };
  const fixedZeros = fixedPoints.points.map((p) => p.point);
  const fixed = tryFixed ? settle(fixedPoints, proveAllZeros(L.ia, fixedPointSystem(L), region, fixedZeros, maxBoxes)) : fixedPoints;
  const orbitZeros = [
    ...fixedZeros.map((w) => [...w, ...w]),
    ...orbits.orbits.flatMap((o) => [
      [...o.points[0], ...o.points[1]],
      [...o.points[1], ...o.points[0]],
    ]),
  ];
  const periodTwo = tryOrbits
    ? settle(orbits, proveAllPeriodTwoZeros(L, etaInterval(eta, PROOF_PRECISION), region, orbitZeros, maxBoxes))
    : orbits;
  return { fixedPoints: fixed, periodTwoOrbits: periodTwo };
}
