import { centreHalfAmplitudeForm } from './centre-half-amplitude-form.js';
import { couplingCoefficientUnique } from './coupling-coefficient-unique.js';
import { edgeCouplingBackwardGradient } from './edge-coupling-backward-gradient.js';
import { edgeCouplingCriticalIffPeriodTwo } from './edge-coupling-critical-iff-period-two.js';
import { edgeCouplingHessianBlocks } from './edge-coupling-hessian-blocks.js';
import type { Theorem } from './theorem.js';

/** Every checked claim, in the order of MATH.md. Tests, `eoskit check` and the docs read this list. */
export const THEOREMS: readonly Theorem[] = [
  couplingCoefficientUnique,
  edgeCouplingBackwardGradient,
  edgeCouplingCriticalIffPeriodTwo,
  edgeCouplingHessianBlocks,
  centreHalfAmplitudeForm,
];

export function theoremById(id: string): Theorem | undefined {
  return THEOREMS.find((t) => t.id === id);
}
