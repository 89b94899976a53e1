import { DomainError } from '../numeric/algebra.js';
import type { FloatLoss } from '../numeric/float-loss.js';

export interface OrbitDiagramOptions {
  readonly etaMin: number;
  readonly etaMax: number;
  /** Learning rates on the grid, ends included. */
  readonly etas: number;
  readonly x0: number;
  /** Steps discarded before recording (the transient). */
  readonly transient: number;
  /** Iterates recorded after the transient. */
  readonly keep: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** |x| beyond this is divergence (default 1e12). */
  readonly divergenceBound?: number;
}

/** One learning rate: the iterates after the transient, or where the run stopped. */
export type OrbitColumn =
  | { readonly kind: 'orbit'; readonly eta: number; readonly points: Float64Array }
  | { readonly kind: 'stopped'; readonly eta: number; readonly atStep: number; readonly reason: string };

/**
 * The orbit (bifurcation) diagram of float64 GD x -> x - eta L'(x) for a scalar loss: for each eta
 * on a uniform grid, the iterates after a transient. A fixed point shows as one point, a
 * period-two orbit as two, period doubling as a cascade, chaos as a band; the branch through a
 * flip of a minimiser starts at eta_c = 2/L''(x*) (MATH.md §4).
 */
export function orbitDiagram(loss: FloatLoss, options: OrbitDiagramOptions): readonly OrbitColumn[] {
  if (loss.n !== 1) throw new RangeError('the orbit diagram is for a scalar loss');
  const { etaMin, etaMax, etas, transient, keep } = options;
  const bound = options.divergenceBound ?? 1e12;
  const g = new Float64Array(1);
  const w = new Float64Array(1);
  const columns: OrbitColumn[] = [];
  for (let j = 0; j < etas; j++) {
    const eta = etas === 1 ? etaMin : etaMin + ((etaMax - etaMin) * j) / (etas - 1);
    w[0] = options.x0;
    const points = new Float64Array(keep);
    let column: OrbitColumn | undefined;
    for (let k = 0; k < transient + keep && !column; k++) {
      try {
        loss.gradient(w, g);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        column = { kind: 'stopped', eta, atStep: k, reason: err.message };
        break;
      }
      w[0] = w[0]! - eta * g[0]!;
      if (!(Math.abs(w[0]!) <= bound)) column = { kind: 'stopped', eta, atStep: k + 1, reason: `diverged: |x| exceeds ${bound}` };
      else if (k >= transient) points[k - transient] = w[0]!;
    }
    columns.push(column ?? { kind: 'orbit', eta, points });
    options.onProgress?.(j + 1, etas);
  }
  return columns;
}
