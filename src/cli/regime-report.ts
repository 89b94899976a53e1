import type { Decimal } from 'decimal.js';
import { DEFAULT_BOX, parseBox } from '../dynamics/box.js';
import { manifoldRegime, type ManifoldRegime, type RateFit } from '../dynamics/manifold-regime.js';
import { traceManifolds, type FlattestPoint } from '../dynamics/manifolds.js';
import { DomainError } from '../numeric/algebra.js';
import { compileLoss } from '../numeric/compiled-loss.js';
import type { NumericContext } from '../numeric/context.js';
import { formatDecimal } from '../numeric/format.js';
import type { Vector } from '../numeric/linalg.js';
import { InputError, type Loss } from '../symbolic/loss.js';

/*
 * trajectory --regime: seed 003's regime of GD near the curve of minima through the start (relative
 * to eta* of its flattest point), fitted against predicted rates, exponents and half-amplitude, and
 * seed 002's tangent drift, all from one float64 run of --steps steps; the flattest point, eta* and
 * the flip coefficient come from the manifold tracing at working precision.
 */

export interface RegimeSection {
  readonly text: readonly string[];
  readonly json: unknown;
}

const FITS: Readonly<Record<RateFit['kind'], string>> = { linear: 'linear rate', power: 'power exponent', amplitude: 'half-amplitude' };
const g = (x: number, digits = 8): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));

/** The regime around the flattest point of the curve of critical points through x0. */
export function regimeSection(loss: Loss, ctx: NumericContext, eta: Decimal, x0: Vector, steps: number): RegimeSection {
  if (loss.vars.length !== 2) throw new InputError('--regime needs a loss of 2 variables with a curve of minima (e.g. "(x*y-1)^2/2")');
  const f = compileLoss(loss, ctx, 4);
  const [flattest] = traceManifolds(f, parseBox(DEFAULT_BOX, loss, ctx), eta, [x0]).map((m) => m.flattest);
  if (!flattest) throw new InputError('--regime: no curve of critical points through --x0 (start on or near a curve of minima such as xy = 1)');
  if (!flattest.reduction) throw new InputError(`--regime: the curve through --x0 has no interior flattest point in the box ${DEFAULT_BOX.join(',')} (its sharpness decreases to the box's edge)`);
  let r: ManifoldRegime;
  try {
    r = manifoldRegime(f, flattest, eta, x0, steps);
  } catch (err) {
    // GD diverging is a finding about this eta, not bad input: the trajectory itself still reports.
    if (!(err instanceof DomainError)) throw err;
    const reason = `the float64 run diverged (${err.message})`;
    return { text: [`manifold regime (seed 003): not measured: ${reason}`], json: { kind: 'diverged', reason } };
  }
  return { text: regimeText(r, flattest, eta, ctx.digits), json: regimeJson(r, flattest, eta, ctx.digits) };
}

function regimeText(r: ManifoldRegime, p: FlattestPoint, eta: Decimal, digits: number): string[] {
  const short = (x: Decimal): string => x.toSignificantDigits(10).toString();
  const reduction = p.reduction!;
  const lines = [
    `manifold regime (seed 003): flattest point (${p.point.map(short).join(', ')}) of the curve of minima through the start, sharpness lambda* = ${short(p.sharpness)}, ` +
      `eta* = 2/lambda* = ${formatDecimal(p.criticalEta, Math.min(digits, 20))}, eta/eta* = ${short(eta.div(p.criticalEta))}: ${r.kind}`,
    `  normal flip: c = -eta* Q_perp = ${short(reduction.flipCoefficient)} (${reduction.flip})`,
  ];
  if (r.fits.length === 0) lines.push(`  no fit: the float64 run did not get close enough to its limit within its steps (more --steps, or eta further from eta*)`);
  else {
    const row = (cells: readonly string[]) => '  ' + cells.map((c, i) => c.padEnd([16, 34, 14, 14, 10, 14][i] ?? 0)).join('  ').trimEnd();
    lines.push(row(['fit', 'quantity', 'fitted', 'predicted', 'tolerance', 'steps', 'agrees']));
    for (const fit of r.fits) {
      const ok = Math.abs(fit.fitted - fit.predicted) <= fit.tolerance * (fit.kind === 'amplitude' ? fit.predicted : 1);
      const tol = fit.kind === 'amplitude' ? `${g(fit.tolerance, 3)} rel` : g(fit.tolerance, 3);
      lines.push(row([FITS[fit.kind], fit.quantity, g(fit.fitted), g(fit.predicted), tol, `${fit.window[0]}..${fit.window[1]}`, ok ? 'yes' : 'no']));
    }
    lines.push(`  fits agree with the predictions: ${r.agrees ? 'yes' : 'no'}`);
  }
  const d = r.drift;
  lines.push(
    d
      ? `tangent drift (seed 002): sharpness of the nearest point of the curve ${g(d.startSharpness)} -> ${g(d.endSharpness)} over steps ${d.window[0]}..${d.window[1]}, ` +
          `lower than one step before on ${g(100 * d.perStep, 4)}% of steps, than two steps before on ${g(100 * d.perTwoSteps, 4)}%` +
          (d.balancing ? `; balancing ${d.balancing.formula}: ${g(d.balancing.start)} -> ${g(d.balancing.end)}` : '')
      : 'tangent drift (seed 002): not measured: the run left the neighbourhood of the curve (no nearest point)',
  );
  return lines;
}

function regimeJson(r: ManifoldRegime, p: FlattestPoint, eta: Decimal, digits: number): unknown {
  const num = (x: Decimal): string => formatDecimal(x, digits);
  const d = r.drift;
  return {
    kind: r.kind,
    eta: num(eta),
    flattest: { point: p.point.map(num), sharpness: num(p.sharpness), criticalEta: num(p.criticalEta), flipCoefficient: num(p.reduction!.flipCoefficient), flip: p.reduction!.flip },
    fits: r.fits,
    agrees: r.agrees,
    final: r.final,
    drift: d ? { startSharpness: d.startSharpness, endSharpness: d.endSharpness, perStep: d.perStep, perTwoSteps: d.perTwoSteps, window: d.window, ...(d.balancing && { balancing: d.balancing }) } : null,
  };
}
