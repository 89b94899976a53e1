import type { Decimal } from 'decimal.js';
import type { FastTrajectory } from '../dynamics/fast-trajectory.js';
import type { MeanValuePoint } from '../dynamics/mean-value-points.js';
import type { RefinedWindow } from '../dynamics/refine-windows.js';
import type { RegimeReport } from '../dynamics/trajectory-regime.js';
import type { Trajectory, TrajectoryEnd, TrajectoryStep } from '../dynamics/trajectory.js';
import { formatDecimal, formatResidual } from '../numeric/format.js';
import { weightedRunningMean } from '../plot/trajectory-figure.js';
import type { Loss } from '../symbolic/loss.js';

/* Text, JSON and CSV renderings of trajectories; numbers are decimal strings with the requested digits. */

const num = (digits: number) => (x: Decimal) => formatDecimal(x, digits);

function meanValueJson(p: MeanValuePoint | undefined, digits: number): unknown {
  if (!p) return null;
  if (p.kind === 'found') return { kind: p.kind, t: num(digits)(p.t), unique: p.unique, roots: p.roots.map(num(digits)), residual: formatResidual(p.residual), samples: p.samples };
  if (p.kind === 'everywhere') return { kind: p.kind, unique: false, residual: formatResidual(p.residual), samples: p.samples };
  return { kind: p.kind, reason: p.reason, samples: p.samples };
}

const pointT = (p: MeanValuePoint | undefined, digits: number): string | null => (p?.kind === 'found' ? num(digits)(p.t) : null);

function stepJson(s: TrajectoryStep, digits: number): unknown {
  const n = num(digits);
  return {
    k: s.k,
    w: s.w.map(n),
    loss: n(s.loss),
    step: s.step.map(n),
    sharpness: n(s.sharpness),
    rbar: n(s.rbar),
    rtilde: n(s.rtilde),
    closedForm: { rbar: n(s.closedForm.rbar), rtilde: n(s.closedForm.rtilde) },
    quadrature: { nodes: s.quadrature.nodes, residual: { rbar: formatResidual(s.quadrature.residual.rbar), rtilde: formatResidual(s.quadrature.residual.rtilde) } },
    xi: pointT(s.xi, digits),
    zeta: pointT(s.zeta, digits),
    meanValuePoints: { xi: meanValueJson(s.xi, digits), zeta: meanValueJson(s.zeta, digits) },
    residuals: { recurrence: formatResidual(s.residuals.recurrence), lossChange: formatResidual(s.residuals.lossChange) },
    thm41: { runningMean: n(s.thm41.runningMean), bound: n(s.thm41.bound), maxRtilde: n(s.thm41.maxRtilde), holds: s.thm41.holds },
    cor44: { gap: n(s.cor44.gap), bound: n(s.cor44.bound), holds: s.cor44.holds },
  };
}

export function trajectoryJson(t: Trajectory): { steps: unknown[]; summary: unknown } {
  const n = num(t.digits);
  const s = t.summary;
  return {
    steps: t.steps.map((st) => stepJson(st, t.digits)),
    summary: {
      telescopingResidual: formatResidual(s.telescopingResidual),
      weightedMeanRtilde: n(s.weightedMeanRtilde),
      twoOverEta: n(s.twoOverEta),
      maxSharpness: n(s.maxSharpness),
      finalSharpness: n(s.finalSharpness),
      maxRtilde: n(s.maxRtilde),
      thm41Bound: n(s.thm41Bound),
      maxResidual: {
        recurrence: formatResidual(s.maxResidual.recurrence),
        lossChange: formatResidual(s.maxResidual.lossChange),
        quadrature: formatResidual(s.maxResidual.quadrature),
        meanValue: formatResidual(s.maxResidual.meanValue),
      },
      tolerance: formatResidual(t.tolerance),
      meanValuePoints: s.meanValuePoints,
      thm41Violations: s.thm41Violations,
      cor44Violations: s.cor44Violations,
      final: { w: t.final.w.map(n), loss: n(t.final.loss), sharpness: n(t.final.sharpness) },
      end: t.end,
      digits: t.digits,
      workingPrecision: t.precision,
      checks: { passed: t.failures.length === 0, failures: t.failures },
    },
  };
}

function csvRow(cells: readonly (string | number | boolean | null)[]): string {
  return cells.map((c) => (c === null ? '' : String(c))).join(',');
}

export function trajectoryCsv(t: Trajectory, loss: Loss): string {
  const n = num(t.digits);
  const header = [
    'k', ...loss.vars.map((v) => `w_${v}`), 'loss', ...loss.vars.map((v) => `d_${v}`), 'sharpness', 'rbar', 'rtilde', 'rbar_closed_form',
    'rtilde_closed_form', 'quadrature_nodes', 'quadrature_residual', 'xi', 'xi_unique', 'zeta', 'zeta_unique', 'recurrence_residual',
    'loss_change_residual', 'running_mean_rtilde', 'thm41_bound', 'cor44_gap', 'cor44_bound',
  ];
  const unique = (p: MeanValuePoint | undefined) => (p?.kind === 'found' ? p.unique : p ? false : null);
  const rows = t.steps.map((s) =>
    csvRow([
      s.k, ...s.w.map(n), n(s.loss), ...s.step.map(n), n(s.sharpness), n(s.rbar), n(s.rtilde), n(s.closedForm.rbar), n(s.closedForm.rtilde),
      s.quadrature.nodes, formatResidual(s.quadrature.residual.rbar.gt(s.quadrature.residual.rtilde) ? s.quadrature.residual.rbar : s.quadrature.residual.rtilde),
      pointT(s.xi, t.digits), unique(s.xi), pointT(s.zeta, t.digits), unique(s.zeta), formatResidual(s.residuals.recurrence),
      formatResidual(s.residuals.lossChange), n(s.thm41.runningMean), n(s.thm41.bound), n(s.cor44.gap), n(s.cor44.bound),
    ]),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

export function fastCsv(run: FastTrajectory, loss: Loss): string {
  const header = ['k', ...loss.vars.map((v) => `w_${v}`), 'loss', 'sharpness', 'step_norm', 'rbar', 'rtilde', 'running_mean_rtilde'];
  const mean = run.rtilde ? weightedRunningMean(run.rtilde, run.stepNorm) : undefined;
  const lines = [header.join(',')];
  for (let k = 0; k <= run.steps; k++) {
    const stepped = k < run.steps;
    lines.push(
      csvRow([
        k, ...run.w.map((c) => c[k]!), run.loss[k]!, run.sharpness[k]!, stepped ? run.stepNorm[k]! : null,
        stepped && run.rbar ? run.rbar[k]! : null, stepped && run.rtilde ? run.rtilde[k]! : null, stepped && mean ? mean[k]! : null,
      ]),
    );
  }
  return lines.join('\n') + '\n';
}

export function fastJson(run: FastTrajectory, regime: RegimeReport, windows: readonly RefinedWindow[]): unknown {
  return {
    mode: 'float64',
    steps: run.steps,
    regime,
    summary: { twoOverEta: run.twoOverEta, ...run.summary, end: run.end },
    windows: windows.map((w) => ({ start: w.window.start, end: w.window.end, drift: w.drift, ...trajectoryJson(w.trajectory) })),
  };
}

const short = (x: Decimal) => x.toSignificantDigits(10).toString();
const shortPoint = (p: MeanValuePoint | undefined): string =>
  !p ? '-' : p.kind === 'found' ? `${p.t.toSignificantDigits(8).toString()}${p.unique ? '' : `(${p.roots.length})`}` : p.kind === 'everywhere' ? 'any' : 'none';

export function endText(end: TrajectoryEnd): string {
  if (end.kind === 'completed') return 'completed';
  if (end.kind === 'stationary') return `stationary at step ${end.atStep}: eta grad L is below the rounding unit of w (converged at this precision)`;
  return `stopped at step ${end.atStep}: ${end.reason}`;
}

/** The steps as a table (first and last rows of a long run) and the summary with its checks. */
export function trajectoryText(t: Trajectory, heading: string, limit = 12): string {
  const lines = [heading, ''];
  const cols = ['k', 'w', 'L(w)', 'sharpness', 'rbar', 'rtilde', 'xi', 'zeta', 'res.rec', 'res.loss'];
  lines.push(cols.join('  '));
  const row = (s: TrajectoryStep) =>
    [
      String(s.k), `(${s.w.map(short).join(', ')})`, short(s.loss), short(s.sharpness), short(s.rbar), short(s.rtilde),
      shortPoint(s.xi), shortPoint(s.zeta), formatResidual(s.residuals.recurrence), formatResidual(s.residuals.lossChange),
    ].join('  ');
  const steps = t.steps;
  if (steps.length <= 2 * limit) lines.push(...steps.map(row));
  else lines.push(...steps.slice(0, limit).map(row), `... ${steps.length - 2 * limit} steps (all of them with --json or --csv) ...`, ...steps.slice(-limit).map(row));
  const s = t.summary;
  const n = num(t.digits);
  lines.push(
    '',
    `end: ${endText(t.end)}; ${t.steps.length} steps; w_K = (${t.final.w.map(n).join(', ')}), L(w_K) = ${n(t.final.loss)}`,
    `sharpness: max ${n(s.maxSharpness)}, final ${n(s.finalSharpness)}, 2/eta = ${n(s.twoOverEta)}`,
    `|d|^2-weighted mean of rtilde = ${n(s.weightedMeanRtilde)} (Thm 4.1: max rtilde ${n(s.maxRtilde)} >= 2/eta - 2(L_0 - L_K)/E_K = ${n(s.thm41Bound)})`,
    `residuals (max over steps, tolerance ${formatResidual(t.tolerance)}): recurrence ${formatResidual(s.maxResidual.recurrence)}, ` +
      `loss change ${formatResidual(s.maxResidual.lossChange)}, telescoping ${formatResidual(s.telescopingResidual)}, ` +
      `quadrature vs closed form ${formatResidual(s.maxResidual.quadrature)}, mean-value points ${formatResidual(s.maxResidual.meanValue)}`,
    `Cor 4.4 violations: ${s.cor44Violations}; Thm 4.1 violations: ${s.thm41Violations}; ` +
      `mean-value points: ${s.meanValuePoints.nonUnique} not unique, ${s.meanValuePoints.everywhere} constant curvature, ${s.meanValuePoints.notFound} not found`,
    t.failures.length === 0 ? 'checks: all identities hold within tolerance' : `checks: ${t.failures.length > 19 ? 'at least 20' : t.failures.length} FAILED (see stderr)`,
  );
  return lines.join('\n') + '\n';
}

/** Warnings for stderr: mean-value points that are not unique, runs that stopped early. */
export function trajectoryWarnings(t: Trajectory, prefix = ''): string[] {
  const out: string[] = [];
  const { nonUnique } = t.summary.meanValuePoints;
  if (nonUnique > 0) {
    const first = t.steps.find((s) => (s.xi?.kind === 'found' && !s.xi.unique) || (s.zeta?.kind === 'found' && !s.zeta.unique));
    const which = first?.xi?.kind === 'found' && !first.xi.unique ? first.xi : first?.zeta;
    const roots = which?.kind === 'found' ? which.roots.map((r) => r.toSignificantDigits(6).toString()).join(', ') : '';
    out.push(`eoskit: warning: ${prefix}${nonUnique} mean-value point(s) not unique (first at step ${first?.k}: roots ${roots}); xi/zeta report the first root`);
  }
  if (t.end.kind === 'stopped') out.push(`eoskit: warning: ${prefix}${endText(t.end)}`);
  out.push(...t.failures.map((f) => `eoskit: check failed: ${prefix}${f}`));
  return out;
}
