import type { Decimal } from 'decimal.js';
import type { ClassifyReport } from '../dynamics/classify.js';
import { formatDecimal, formatResidual } from '../numeric/format.js';
import type { Vector } from '../numeric/linalg.js';

/*
 * The manifolds part of classify's report (--json and the text table), kept apart from
 * classify-command.ts so that the command stays one screen of option handling and tables.
 */

export function manifoldsJson(r: ClassifyReport): unknown[] {
  const num = (x: Decimal): string => formatDecimal(x, r.context.digits);
  const vec = (v: Vector): string[] => v.map(num);
  return r.manifolds.map((m) => {
    const { flattest: p } = m;
    const reduction = p.reduction;
    return {
      dimension: m.dimension,
      closed: m.closed,
      samples: m.samples.map((s) => vec(s.point)),
      sharpness: m.samples.map((s) => num(s.sharpness)),
      flattest: {
        point: vec(p.point),
        sharpness: num(p.sharpness),
        criticalEta: num(p.criticalEta),
        kind: p.kind,
        residual: formatResidual(p.residual),
        slope: formatResidual(p.slope),
        normal: vec(p.normal),
        tangent: vec(p.tangent),
        reduction: reduction
          ? {
              Q: num(reduction.Q),
              side: reduction.side,
              flipCoefficient: num(reduction.flipCoefficient),
              flip: reduction.flip,
              predictedHalfAmplitude: reduction.predictedHalfAmplitude ? num(reduction.predictedHalfAmplitude) : null,
              predictedPoints: reduction.predictedPoints ? reduction.predictedPoints.map(vec) : null,
            }
          : null,
      },
      orbits: m.orbits,
    };
  });
}

/** `short` and `full` format one number for the table and for the full-precision lines under it. */
export function manifoldLines(r: ClassifyReport, short: (x: Decimal) => string, full: (x: Decimal) => string): string[] {
  if (r.manifolds.length === 0) return [];
  const shortVec = (v: Vector): string => `(${v.map(short).join(', ')})`;
  const fullVec = (v: Vector): string => `(${v.map(full).join(', ')})`;
  const widths = [4, 28, 12, 12, 10, 8, 8, 8, 14, 12, 6];
  const row = (cells: readonly string[]): string => '  ' + cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = [
    `manifolds of critical points: ${r.manifolds.length}`,
    row(['#', 'flattest point', 'sharpness', 'eta* = 2/s', 'flattest', 'curve', 'Q_perp', 'c', 'flip', 'predicted a', 'orbits']),
  ];
  r.manifolds.forEach((m, i) => {
    const p = m.flattest;
    const sharp = m.samples.map((s) => s.sharpness);
    lines.push(
      row([
        `M${i + 1}`,
        shortVec(p.point),
        short(p.sharpness),
        short(p.criticalEta),
        p.kind,
        m.closed ? 'closed' : 'arc',
        p.reduction ? short(p.reduction.Q) : '-',
        p.reduction ? short(p.reduction.flipCoefficient) : '-',
        p.reduction?.flip ?? '-',
        p.reduction?.predictedHalfAmplitude ? short(p.reduction.predictedHalfAmplitude) : '-',
        m.orbits.map((k) => `O${k + 1}`).join(', ') || '-',
      ]),
    );
    lines.push(`  M${i + 1}: flattest ${fullVec(p.point)}, sharpness ${full(p.sharpness)}, eta* ${full(p.criticalEta)}, |grad L| ${formatResidual(p.residual)}, |d sharpness/ds| ${formatResidual(p.slope)}`);
    if (p.reduction && p.reduction.flip !== 'degenerate') {
      const c = p.reduction.flipCoefficient;
      lines.push(
        `      normal flip: first Lyapunov coefficient c = -eta* Q_perp = ${full(c)}: ${p.reduction.flip}, ` +
          (c.isPositive() ? 'a 2-cycle for eta just above eta*, stable in the normal direction' : 'an unstable 2-cycle for eta just below eta*') +
          ', half-amplitude^2 ~ (eta s - 2)/c',
      );
    }
    if (m.samples.length > 0) {
      lines.push(
        `      ${m.samples.length} samples from ${shortVec(m.samples[0]!.point)} to ${shortVec(m.samples[m.samples.length - 1]!.point)}, sharpness ${short(sharp.reduce((a, b) => (a.lt(b) ? a : b)))} .. ${short(sharp.reduce((a, b) => (a.gt(b) ? a : b)))}`,
      );
    }
  });
  return lines;
}
