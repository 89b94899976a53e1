import { balancingIdentity } from './balancing-identity.js';
import { branchSideAndAmplitude } from './branch-side-and-amplitude.js';
import { centreHalfAmplitudeForm } from './centre-half-amplitude-form.js';
import { centreMapExpansion } from './centre-map-expansion.js';
import { chenBrunaTwoCycle } from './chen-bruna-two-cycle.js';
import { couplingCoefficientUnique } from './coupling-coefficient-unique.js';
import { curvatureGapBound } from './curvature-gap-bound.js';
import { edgeCouplingBackwardGradient } from './edge-coupling-backward-gradient.js';
import { edgeCouplingCriticalIffPeriodTwo } from './edge-coupling-critical-iff-period-two.js';
import { edgeCouplingHessianBlocks } from './edge-coupling-hessian-blocks.js';
import { exactForcingOnPeriodTwoOrbits } from './exact-forcing-on-period-two-orbits.js';
import { flipStabilitySign } from './flip-stability-sign.js';
import { linearNetworkGdMapNonsingular } from './linear-network-gd-map-nonsingular.js';
import { linearNetworkLargeStepDivergence } from './linear-network-large-step-divergence.js';
import { linearNetworkNormalReduction } from './linear-network-normal-reduction.js';
import { linearNetworkStableMinimaBounded } from './linear-network-stable-minima-bounded.js';
import { lossChangeTriangularAverage } from './loss-change-triangular-average.js';
import { manifoldTangentDrift } from './manifold-tangent-drift.js';
import { manifoldThreeRegimes } from './manifold-three-regimes.js';
import { maxCurvatureLowerBound } from './max-curvature-lower-bound.js';
import { meanValueLocalisation } from './mean-value-localisation.js';
import { normalFlipLyapunov } from './normal-flip-lyapunov.js';
import { normalSpaceReduction } from './normal-space-reduction.js';
import { quarticReduction } from './quartic-reduction.js';
import { stepInnerProductForm } from './step-inner-product-form.js';
import { stepRecurrenceUniformAverage } from './step-recurrence-uniform-average.js';
import { telescopingCurvatureIdentity } from './telescoping-curvature-identity.js';
import type { Theorem } from './theorem.js';

/** Every checked claim, in the order of MATH.md. Tests, `eoskit check` and the docs read this list. */
export const THEOREMS: readonly Theorem[] = [
  // §1 the edge coupling
  couplingCoefficientUnique,
  edgeCouplingBackwardGradient,
  edgeCouplingCriticalIffPeriodTwo,
  edgeCouplingHessianBlocks,
  centreHalfAmplitudeForm,
  // §2 step recurrence and loss change
  stepRecurrenceUniformAverage,
  lossChangeTriangularAverage,
  telescopingCurvatureIdentity,
  maxCurvatureLowerBound,
  stepInnerProductForm,
  curvatureGapBound,
  // §3 mean-value localisation
  meanValueLocalisation,
  exactForcingOnPeriodTwoOrbits,
  // §4 fixed points, period-two orbits, half-amplitude reduction
  centreMapExpansion,
  quarticReduction,
  branchSideAndAmplitude,
  flipStabilitySign,
  normalSpaceReduction,
  // §5 exact cases
  chenBrunaTwoCycle,
  balancingIdentity,
  // seeds 002-003: bifurcation view, three regimes (minimiser manifolds)
  normalFlipLyapunov,
  manifoldTangentDrift,
  manifoldThreeRegimes,
  // seed 004: linear networks
  linearNetworkNormalReduction,
  linearNetworkGdMapNonsingular,
  linearNetworkStableMinimaBounded,
  linearNetworkLargeStepDivergence,
];

export function theoremById(id: string): Theorem | undefined {
  return THEOREMS.find((t) => t.id === id);
}
