import { decimate } from './decimate.js';
import type { VegaLiteSpec } from './render-svg.js';

/** What the trajectory figure shows, as plain numbers indexed by step (from either path). */
export interface TrajectorySeries {
  readonly title: string;
  readonly subtitle: string;
  readonly twoOverEta: number;
  /** Largest Hessian eigenvalue at w_k. */
  readonly sharpness: ArrayLike<number>;
  readonly loss: ArrayLike<number>;
  /** rtilde_k and the |d|^2-weighted running mean of rtilde_0..rtilde_k. */
  readonly rtilde: ArrayLike<number>;
  readonly runningMean: ArrayLike<number>;
}

const WIDTH = 680;
const HEIGHT = 170;
const EDGE_COLOUR = '#d62728';

/** The |d|^2-weighted running mean of rtilde, from the step norms. */
export function weightedRunningMean(rtilde: ArrayLike<number>, stepNorm: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rtilde.length);
  let energy = 0;
  let weighted = 0;
  for (let k = 0; k < rtilde.length; k++) {
    const sq = stepNorm[k]! * stepNorm[k]!;
    energy += sq;
    weighted += sq * rtilde[k]!;
    out[k] = energy > 0 ? weighted / energy : NaN;
  }
  return out;
}

type Part = Record<string, unknown>;

function edgeRule(twoOverEta: number): Part {
  return {
    data: { values: [{ edge: twoOverEta, label: `2/η = ${twoOverEta.toPrecision(5)}` }] },
    layer: [
      { mark: { type: 'rule', color: EDGE_COLOUR, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'edge', type: 'quantitative' } } },
      {
        mark: { type: 'text', color: EDGE_COLOUR, align: 'right', dy: -6, fontSize: 11 },
        encoding: { y: { field: 'edge', type: 'quantitative' }, x: { value: WIDTH - 4 }, text: { field: 'label' } },
      },
    ],
  };
}

const stepAxis = (title: string | null) => ({ field: 'k', type: 'quantitative', title, axis: { tickMinStep: 1 } });

/**
 * Three panels over the step k: sharpness with the 2/eta line (the Edge of Stability is sharpness
 * rising to it and staying there), the loss (log scale when positive: its non-monotone decrease is
 * the other half of the picture), and Thm 4.1's |d|^2-weighted running mean of rtilde, which the
 * telescoping identity pins to 2/eta - 2(L_0 - L_K)/E_K, with the per-step rtilde behind it.
 */
export function trajectoryFigure(s: TrajectorySeries): VegaLiteSpec {
  const positiveLoss = Array.from({ length: s.loss.length }, (_, k) => s.loss[k]!).every((v) => !Number.isFinite(v) || v > 0);
  const line = (values: ArrayLike<number>, colour: string, keep?: (v: number) => boolean): Part => ({
    data: { values: decimate(values, undefined, keep) },
    mark: { type: 'line', color: colour, strokeWidth: 1.2, clip: true },
    encoding: { x: stepAxis('step k'), y: { field: 'value', type: 'quantitative' } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: s.title, subtitle: s.subtitle, anchor: 'start', fontSize: 14 },
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', view: { stroke: '#ccc' }, axis: { labelFontSize: 10, titleFontSize: 11 } },
    vconcat: [
      {
        width: WIDTH,
        height: HEIGHT,
        title: { text: 'sharpness: largest eigenvalue of H(w_k)', anchor: 'start', fontSize: 12 },
        layer: [
          {
            ...line(s.sharpness, '#1f77b4'),
            encoding: { x: stepAxis(null), y: { field: 'value', type: 'quantitative', title: 'λ_max(H(w_k))', scale: { zero: false } } },
          },
          edgeRule(s.twoOverEta),
        ],
      },
      {
        width: WIDTH,
        height: HEIGHT,
        title: { text: 'loss L(w_k)', anchor: 'start', fontSize: 12 },
        ...line(s.loss, '#2ca02c', positiveLoss ? (v) => Number.isFinite(v) && v > 0 : undefined),
        encoding: {
          x: stepAxis(null),
          y: { field: 'value', type: 'quantitative', title: positiveLoss ? 'L (log scale)' : 'L', scale: positiveLoss ? { type: 'log' } : { zero: false } },
        },
      },
      {
        width: WIDTH,
        height: HEIGHT,
        title: { text: 'r̃_k (grey) and its |d_k|²-weighted running mean (black) against 2/η', anchor: 'start', fontSize: 12 },
        layer: [
          {
            data: { values: decimate(s.rtilde) },
            mark: { type: 'line', color: '#bbbbbb', strokeWidth: 0.8, clip: true },
            encoding: { x: stepAxis('step k'), y: { field: 'value', type: 'quantitative', title: 'r̃' } },
          },
          { ...line(s.runningMean, '#000000'), encoding: { x: stepAxis('step k'), y: { field: 'value', type: 'quantitative' } } },
          edgeRule(s.twoOverEta),
        ],
      },
    ],
  };
}
