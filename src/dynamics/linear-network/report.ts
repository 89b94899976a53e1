import type { Decimal } from 'decimal.js';
import { DomainError } from '../../numeric/algebra.js';
import type { NumericContext } from '../../numeric/context.js';
import { InputError } from '../../symbolic/loss.js';
import { decimalAlgebra } from '../../numeric/decimal-algebra.js';
import { balancedMinimum, normalReduction, svd, type NormalReductionReport } from './balanced.js';
import { gdMapDeterminant, type GdMapDeterminant } from './gd-map.js';
import { divergenceEstimate, seededRandom, type MonteCarloEstimate } from './monte-carlo.js';
import { basis, hessianOf, networkDerivatives, type LinearNetwork } from './network.js';
import { freeFactorShape, minimiserThrough, sharpnessBound, type SharpnessBound } from './stable-minima.js';

export interface LinearNetworkOptions {
  readonly eta: Decimal;
  /** Random points for det DG and random minimisers for the sharpness bound. */
  readonly samples: number;
  /** Monte Carlo initialisations and GD steps each. */
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
}

/** Everything `eoskit linear-network` prints: Prop 2.6 at the balanced minimum and the three seed 004 claims. */
export interface LinearNetworkReport {
  readonly singularValues: readonly Decimal[];
  readonly reduction: { readonly kind: 'reduced'; readonly report: NormalReductionReport } | { readonly kind: 'degenerate'; readonly reason: string };
  /** Random points uniform in [-b, b]^n, b = max(1, sqrt(sigma_1)). */
  readonly box: number;
  readonly determinants: readonly GdMapDeterminant[];
  /** Minimisers through a random free factor (undefined when d1 < min(d0, d2): no exact minimiser). */
  readonly minimisers?: readonly SharpnessBound[];
  readonly monteCarlo: MonteCarloEstimate;
}

export function linearNetworkReport(net: LinearNetwork, options: LinearNetworkOptions, ctx: NumericContext): LinearNetworkReport {
  const { D } = ctx;
  const alg = decimalAlgebra(ctx);
  const singularValues = svd(net, ctx).values;
  if (singularValues.length === 0) throw new InputError('the target M is 0: every point with W2 W1 = 0 is a minimum, there is no eta*');
  const sigma1 = singularValues[0]!.toNumber();
  const min = balancedMinimum(net, ctx);
  const box = Math.max(1, Math.sqrt(sigma1));
  const random = seededRandom(options.seed);
  const draw = (): Decimal => new D(2 * random() - 1).times(box);
  const e = basis(alg, net.n);
  const determinants = Array.from({ length: options.samples }, () =>
    gdMapDeterminant(hessianOf(networkDerivatives(net, alg, e.map(draw)), e), options.eta, ctx),
  );
  const shape = freeFactorShape(net);
  const minimisers = shape && Array.from({ length: options.samples }, () => {
    const free = Array.from({ length: shape[0] }, () => Array.from({ length: shape[1] }, draw));
    try {
      const w = minimiserThrough(net, free, ctx);
      return w && sharpnessBound(net, w, ctx);
    } catch (err) {
      // A rank-deficient random factor: no minimiser through it, skip the sample.
      if (err instanceof DomainError) return undefined;
      throw err;
    }
  }).filter((b): b is SharpnessBound => b !== undefined);
  return {
    singularValues,
    reduction: min.kind === 'balanced' ? { kind: 'reduced', report: normalReduction(net, min, ctx) } : min,
    box,
    determinants,
    ...(minimisers && { minimisers }),
    monteCarlo: divergenceEstimate(net, options.eta.toNumber(), sigma1, options.seed, options.runs, options.steps),
  };
}
