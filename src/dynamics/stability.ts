import type { Decimal } from 'decimal.js';

/**
 * Linear stability of a fixed point or an orbit from the spectral radius rho of its multipliers:
 * stable when rho < 1, unstable when rho > 1, and neutral when rho equals 1 to the precision the
 * multipliers are known (a degenerate point, or eta exactly at a critical rate): the linearisation
 * does not decide there, and eoskit says so instead of guessing.
 */
export type Stability = 'stable' | 'unstable' | 'neutral';

export function stabilityOf(spectralRadius: Decimal, tolerance: Decimal): Stability {
  if (spectralRadius.lt(tolerance.neg().plus(1))) return 'stable';
  if (spectralRadius.gt(tolerance.plus(1))) return 'unstable';
  return 'neutral';
}
