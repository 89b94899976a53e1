import { DomainError } from '../../numeric/algebra.js';
import { floatAlgebra } from '../../numeric/float-algebra.js';
import { networkDerivatives, targetIn, type LinearNetwork } from './network.js';

/** mulberry32: a small seeded generator, so every Monte Carlo estimate is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion k/N: unlike the normal interval it is not
 * degenerate at k = 0 (upper end z^2/(N + z^2), about 3.84/N), which is the case this estimate is for.
 */
export function wilsonInterval(k: number, total: number, z = Z95): { low: number; high: number } {
  const p = k / total;
  const z2 = z * z;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / (1 + z2 / total);
  // At k = 0 (k = N) the lower (upper) end is exactly 0 (1); the formula only gets there up to rounding.
  return { low: k === 0 ? 0 : centre - half, high: k === total ? 1 : centre + half };
}

export interface MonteCarloSettings {
  readonly eta: number;
  readonly samples: number;
  readonly steps: number;
  /** Initialisations are uniform in [-box, box]^n. */
  readonly box: number;
  readonly seed: number;
  /** A run has converged to a critical point when |grad L| < tolerance within the steps. */
  readonly tolerance: number;
}

export interface MonteCarloEstimate extends MonteCarloSettings {
  readonly converged: number;
  /** Runs that overflowed or left |w| < 1e8 (a subset of the non-converged). */
  readonly diverged: number;
  readonly fraction: number;
  readonly interval: { readonly low: number; readonly high: number };
}

const ESCAPE = 1e8;

/**
 * The fraction of initialisations from which float64 GD reaches a critical point: each run stops
 * when |grad| < tolerance (converged), when it overflows or |w| > 1e8 (diverged), or after `steps`.
 */
export function convergenceFraction(net: LinearNetwork, settings: MonteCarloSettings): MonteCarloEstimate {
  const { eta, samples, steps, box, seed, tolerance } = settings;
  const random = seededRandom(seed);
  const target = targetIn(net, floatAlgebra);
  let converged = 0;
  let diverged = 0;
  for (let s = 0; s < samples; s++) {
    let w = Array.from({ length: net.n }, () => (2 * random() - 1) * box);
    try {
      for (let k = 0; k <= steps; k++) {
        const g = networkDerivatives(net, floatAlgebra, w, target).gradient;
        if (Math.hypot(...g) < tolerance) {
          converged++;
          break;
        }
        w = w.map((x, i) => x - eta * g[i]!);
        if (Math.hypot(...w) > ESCAPE) {
          diverged++;
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      diverged++;
    }
  }
  return { ...settings, converged, diverged, fraction: converged / samples, interval: wilsonInterval(converged, samples) };
}

/** The theorem's settings, small enough for its counterexample search (25 instances, twice); the CLI takes --samples and --steps. */
export const DIVERGENCE_SAMPLES = 32;
export const DIVERGENCE_STEPS = 1000;
export const CONVERGED_GRADIENT = 1e-8;

/** One estimate with initialisations in [-sqrt(sigma_1), sqrt(sigma_1)]^n, the scale of the balanced minimum's weights. */
export function divergenceEstimate(net: LinearNetwork, eta: number, sigma1: number, seed: number, samples = DIVERGENCE_SAMPLES, steps = DIVERGENCE_STEPS): MonteCarloEstimate {
  return convergenceFraction(net, { eta, samples, steps, box: Math.sqrt(sigma1), seed, tolerance: CONVERGED_GRADIENT });
}
