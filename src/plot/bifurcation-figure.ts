import type { VegaLiteSpec } from './render-svg.js';

export interface OrbitPoints {
  readonly title: string;
  readonly subtitle: string;
  readonly variable: string;
  /** One entry per learning rate; `points` empty where the run diverged. */
  readonly columns: readonly { readonly eta: number; readonly points: ArrayLike<number>; readonly diverged: boolean }[];
  /** Critical learning rates to mark (e.g. 2/L''(x*) of a minimiser). */
  readonly marks?: readonly { readonly eta: number; readonly label: string }[];
}

/** Points of one column closer than this fraction of the plotted range are drawn once. */
const RESOLUTION = 1 / 1200;

/**
 * The orbit diagram: the iterates after the transient against eta, one dot each. Points that
 * coincide at the figure's resolution are drawn once (a fixed point is one dot, not `keep`), which
 * keeps the SVG small; learning rates where GD diverged get a grey tick on the axis.
 */
export function bifurcationFigure(o: OrbitPoints): VegaLiteSpec {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of o.columns) {
    for (let i = 0; i < c.points.length; i++) {
      lo = Math.min(lo, c.points[i]!);
      hi = Math.max(hi, c.points[i]!);
    }
  }
  const cell = hi > lo ? (hi - lo) * RESOLUTION : 1;
  const dots: { eta: number; x: number }[] = [];
  for (const c of o.columns) {
    const seen = new Set<number>();
    for (let i = 0; i < c.points.length; i++) {
      const x = c.points[i]!;
      const key = Math.round(x / cell);
      if (seen.has(key)) continue;
      seen.add(key);
      dots.push({ eta: c.eta, x });
    }
  }
  const diverged = o.columns.filter((c) => c.diverged).map((c) => ({ eta: c.eta }));
  const etaAxis = { field: 'eta', type: 'quantitative', title: 'learning rate η', scale: { zero: false, nice: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start', fontSize: 14 },
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', view: { stroke: '#ccc' } },
    width: 720,
    height: 420,
    layer: [
      {
        data: { values: dots },
        mark: { type: 'circle', size: 2.5, opacity: 0.55, color: '#1f3b73' },
        encoding: { x: etaAxis, y: { field: 'x', type: 'quantitative', title: `${o.variable} after the transient`, scale: { zero: false } } },
      },
      ...(diverged.length > 0
        ? [{ data: { values: diverged }, mark: { type: 'tick', orient: 'vertical', color: '#999', thickness: 1 }, encoding: { x: etaAxis, y: { value: 415 } } }]
        : []),
      ...(o.marks && o.marks.length > 0
        ? [
            {
              data: { values: o.marks },
              layer: [
                { mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { x: { field: 'eta', type: 'quantitative' } } },
                { mark: { type: 'text', color: '#d62728', align: 'left', dx: 4, baseline: 'top', y: 4 }, encoding: { x: { field: 'eta', type: 'quantitative' }, text: { field: 'label' } } },
              ],
            },
          ]
        : []),
    ],
  };
}
