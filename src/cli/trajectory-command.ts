import type { Decimal } from 'decimal.js';
import { fastTrajectory } from '../dynamics/fast-trajectory.js';
import { refineWindow, type RefinedWindow } from '../dynamics/refine-windows.js';
import { refinementWindows, trajectoryRegime, type StepWindow } from '../dynamics/trajectory-regime.js';
import { trajectory, type Trajectory } from '../dynamics/trajectory.js';
import { compileLoss, type CompiledLoss } from '../numeric/compiled-loss.js';
import { numericContext } from '../numeric/context.js';
import { parseEta, parsePoint } from '../numeric/evaluate.js';
import { compileFloatLoss } from '../numeric/float-loss.js';
import { trajectoryFigure, weightedRunningMean } from '../plot/trajectory-figure.js';
import { InputError, parseLoss, type Loss } from '../symbolic/loss.js';
import { parseDigits, parseOptions, parseParams, splitList } from './args.js';
import type { CommandIO, CommandResult } from './command.js';
import { checkOutputPath, writeFigure } from './figure-file.js';
import { writeFileAtomic } from './files.js';
import { certifyMeanValues } from '../certify/list.js';
import { writeList } from './certificate-list.js';
import { progressReporter } from './progress.js';
import { regimeSection, type RegimeSection } from './regime-report.js';
import { endText, fastCsv, fastJson, trajectoryCsv, trajectoryJson, trajectoryText, trajectoryWarnings } from './trajectory-report.js';

export const TRAJECTORY_USAGE = `eoskit trajectory --loss "<expr>" [--vars x,y] [--param k=v ...] --eta E --x0 a[,b] --steps N
              [--digits 10..900] [--fast [--window a:b ...] [--window-steps W]] [--json | --csv]
              [--plot out.svg] [--output FILE] [--quiet] [--certify [--out cert.json]] [--regime]`;

/** Where --certify writes without --out, and how many steps it certifies (each costs a few tens of ms). */
export const DEFAULT_TRAJECTORY_CERTIFICATE = 'trajectory-certificate.json';
export const CERTIFIED_STEPS = 20;

const DEFAULT_DIGITS = 30;
/** High-precision steps cost about a millisecond each at 30 digits: 10^6 is a long afternoon. */
export const MAX_STEPS = 1_000_000;
/** float64 steps: 10^7 keeps the series (8 arrays of doubles) under a gigabyte. */
export const MAX_FAST_STEPS = 10_000_000;
const DEFAULT_WINDOW = 20;

export function parseCount(text: string | undefined, what: string, max: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new InputError(`${what} is required`);
    return fallback;
  }
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > max) throw new InputError(`${what} must be an integer from 1 to ${max}, got '${text}'`);
  return Number(t);
}

function parseWindows(items: readonly string[] | undefined, steps: number): StepWindow[] | undefined {
  if (!items || items.length === 0) return undefined;
  return items.map((item) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(item);
    const start = Number(m?.[1]);
    const end = Number(m?.[2]);
    if (!m || end <= start || end > steps) throw new InputError(`--window expects start:end with 0 <= start < end <= ${steps}, got '${item}'`);
    return { start, end };
  });
}

/** The loss options shared by trajectory and bifurcation. */
export function lossFromOptions(o: { loss?: string; vars?: string; param?: string[] }, command: string): Loss {
  if (o.loss === undefined) throw new InputError(`${command} needs --loss "<expr>"`);
  return parseLoss(o.loss, { ...(o.vars !== undefined && { vars: splitList(o.vars) }), params: parseParams(o.param) });
}

interface Outputs {
  readonly json: boolean;
  readonly csv: boolean;
  readonly output?: string;
  /** --regime: the manifold regime and tangent drift, appended to the text and under "manifoldRegime" in --json. */
  readonly regime?: RegimeSection;
}

const regimeJsonField = (outputs: Outputs) => outputs.regime && { manifoldRegime: outputs.regime.json };
const regimeText = (outputs: Outputs): string => (outputs.regime ? '\n' + outputs.regime.text.join('\n') + '\n' : '');

/** Writes the main output to --output (atomically) or returns it as stdout. */
function deliver(content: string, outputs: Outputs): string {
  if (outputs.output === undefined) return content;
  writeFileAtomic(outputs.output, content);
  return `wrote ${outputs.output}\n`;
}

function heading(loss: Loss, etaText: string, x0: readonly string[], t: Trajectory): string {
  return (
    `GD on L(${loss.vars.join(', ')}) = ${loss.text} with eta = ${etaText} (2/eta = ${t.summary.twoOverEta.toSignificantDigits(12).toString()}), ` +
    `from (${x0.join(', ')}), ${t.steps.length} steps at ${t.digits} digits (working precision ${t.precision})`
  );
}

function highPrecision(
  compiled: CompiledLoss, loss: Loss, eta: Decimal, etaText: string, x0Text: readonly string[], x0: readonly Decimal[], steps: number,
  outputs: Outputs, plot: string | undefined, onProgress: (d: number, t: number) => void, certPath?: string,
): CommandResult {
  const t = trajectory(compiled, { eta, x0, steps, onProgress });
  const certified = certPath === undefined ? undefined : certifySteps(loss, etaText, t, certPath);
  if (plot !== undefined) {
    writeFigure(
      plot,
      trajectoryFigure({
        title: `GD on L = ${loss.text}`,
        subtitle: `η = ${etaText}, w_0 = (${x0Text.join(', ')}), ${t.steps.length} steps at ${t.digits} digits`,
        twoOverEta: t.summary.twoOverEta.toNumber(),
        sharpness: [...t.steps.map((s) => s.sharpness.toNumber()), t.final.sharpness.toNumber()],
        loss: [...t.steps.map((s) => s.loss.toNumber()), t.final.loss.toNumber()],
        rtilde: t.steps.map((s) => s.rtilde.toNumber()),
        runningMean: t.steps.map((s) => s.thm41.runningMean.toNumber()),
      }),
    );
  }
  const content = outputs.json
    ? JSON.stringify({ ...(trajectoryJson(t) as object), ...(certified && { certificate: certified.json }), ...regimeJsonField(outputs) }, null, 2) + '\n'
    : outputs.csv
      ? trajectoryCsv(t, loss)
      : trajectoryText(t, heading(loss, etaText, x0Text, t)) + (certified ? '\n' + certified.text.join('\n') + '\n' : '') + regimeText(outputs);
  // With --csv (or --output) the certificate's summary would be lost in the data: it goes to stderr.
  const certLines = certified && (outputs.csv || outputs.output !== undefined) ? certified.text.map((l) => `eoskit: ${l.trim()}`) : [];
  const failed = t.failures.length > 0 || (certified?.json.notProved.length ?? 0) > 0;
  return { stdout: deliver(content, outputs), stderr: [...trajectoryWarnings(t), ...certLines, ...(certified?.stderr ?? [])], exitCode: failed ? 1 : 0 };
}

/** Rigorous xi_k, zeta_k (src/certify/mean-value.ts) for the first CERTIFIED_STEPS steps, written as one certificate list. */
function certifySteps(loss: Loss, etaText: string, t: Trajectory, path: string) {
  const started = Date.now();
  const steps = t.steps.slice(0, CERTIFIED_STEPS).map((s) => ({ w: s.w, d: s.step }));
  const cert = certifyMeanValues(loss, etaText, t.digits, t.precision, steps);
  const written = writeList(cert, path, (Date.now() - started) / 1000);
  const scope = `mean-value points xi_k, zeta_k certified for steps 0..${steps.length - 1} (the first ${steps.length} of ${t.steps.length}; at most ${CERTIFIED_STEPS})`;
  return { ...written, text: [scope, ...written.text] };
}

function fastPath(
  compiled: CompiledLoss, loss: Loss, eta: Decimal, etaText: string, x0Text: readonly string[], x0: readonly Decimal[], steps: number,
  windowsOption: StepWindow[] | undefined, windowSteps: number, outputs: Outputs, plot: string | undefined, io: CommandIO, quiet: boolean,
): CommandResult {
  const floatLoss = compileFloatLoss(loss, compiled.table);
  const run = fastTrajectory(floatLoss, { eta: eta.toNumber(), x0: x0.map((v) => v.toNumber()), steps, onProgress: progressReporter(io, 'float64 run', 'step', quiet) });
  const regime = trajectoryRegime(run);
  const windows = (windowsOption ?? refinementWindows(run, regime, Math.min(windowSteps, Math.max(1, run.steps)))).filter((w) => w.end <= run.steps);
  const refined: RefinedWindow[] = windows.map((w) => refineWindow(compiled, run, w, eta, progressReporter(io, `window ${w.start}:${w.end}`, 'step', quiet)));
  if (plot !== undefined) {
    writeFigure(
      plot,
      trajectoryFigure({
        title: `GD on L = ${loss.text}`,
        subtitle: `η = ${etaText}, w_0 = (${x0Text.join(', ')}), ${run.steps} steps in float64; regime: ${regime.kind}`,
        twoOverEta: run.twoOverEta,
        sharpness: run.sharpness,
        loss: run.loss,
        rtilde: run.rtilde ?? [],
        runningMean: run.rtilde ? weightedRunningMean(run.rtilde, run.stepNorm) : [],
      }),
    );
  }
  let content: string;
  if (outputs.json) content = JSON.stringify({ ...(fastJson(run, regime, refined) as object), ...regimeJsonField(outputs) }, null, 2) + '\n';
  else if (outputs.csv) content = fastCsv(run, loss);
  else {
    const s = run.summary;
    const lines = [
      `GD on L(${loss.vars.join(', ')}) = ${loss.text} with eta = ${etaText} (2/eta = ${run.twoOverEta}), from (${x0Text.join(', ')}), ${run.steps} steps in float64`,
      `end: ${endText(run.end)}`,
      `regime: ${regime.kind}${regime.onset !== undefined ? `, sharpness reaches 2/eta at step ${regime.onset}` : ''}, ${regime.stepsNearEdge} steps within 5% of 2/eta, ` +
        `loss rises on ${regime.lossIncreases} steps, final: ${regime.final.kind}${regime.final.kind === 'cycle' ? ` of period ${regime.final.period}` : ''}`,
      `sharpness: max ${s.maxSharpness}, final ${s.finalSharpness}`,
      ...(s.weightedMeanRtilde !== undefined ? [`|d|^2-weighted mean of rtilde = ${s.weightedMeanRtilde} (float64 telescoping residual ${s.telescopingResidual?.toExponential(2)}, max loss-change residual ${s.maxLossChangeResidual?.toExponential(2)})`] : []),
      '',
      ...refined.flatMap((r) => [
        `window ${r.window.start}:${r.window.end} refined at ${r.trajectory.digits} digits from the float64 iterate (max drift from float64 ${r.drift.toExponential(2)}):`,
        ...trajectoryText(r.trajectory, '', 3).split('\n').slice(2),
      ]),
    ];
    content = lines.join('\n').trimEnd() + '\n' + regimeText(outputs);
  }
  const warnings = refined.flatMap((r) => trajectoryWarnings(r.trajectory, `window ${r.window.start}:${r.window.end}: `));
  if (run.end.kind === 'stopped') warnings.unshift(`eoskit: warning: float64 run ${endText(run.end)}`);
  const failed = refined.some((r) => r.trajectory.failures.length > 0);
  return { stdout: deliver(content, outputs), stderr: warnings, exitCode: failed ? 1 : 0 };
}

export function trajectoryCommand(argv: readonly string[], io: CommandIO): CommandResult {
  const { values: o } = parseOptions(argv, {
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    eta: { type: 'string' },
    x0: { type: 'string' },
    steps: { type: 'string' },
    digits: { type: 'string' },
    fast: { type: 'boolean' },
    window: { type: 'string', multiple: true },
    'window-steps': { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    plot: { type: 'string' },
    output: { type: 'string' },
    quiet: { type: 'boolean' },
    certify: { type: 'boolean' },
    out: { type: 'string' },
    regime: { type: 'boolean' },
  });
  if (o.out !== undefined && !o.certify) throw new InputError('--out names the certificate file: add --certify');
  if (o.certify && o.fast) throw new InputError('--certify certifies the steps of the high-precision run: drop --fast');
  if (o.json && o.csv) throw new InputError('choose one of --json and --csv');
  if (o.regime && o.csv) throw new InputError('--regime adds a section to the text and --json output: drop --csv');
  if (o.eta === undefined) throw new InputError('trajectory needs --eta E (a positive learning rate)');
  if (o.x0 === undefined) throw new InputError('trajectory needs --x0 a[,b] (the starting point)');
  const fast = Boolean(o.fast);
  if (!fast && (o.window !== undefined || o['window-steps'] !== undefined)) throw new InputError('--window and --window-steps refine a --fast run; add --fast');
  const steps = parseCount(o.steps, '--steps', fast ? MAX_FAST_STEPS : MAX_STEPS);
  const windows = parseWindows(o.window, steps);
  const windowSteps = parseCount(o['window-steps'], '--window-steps', 100_000, DEFAULT_WINDOW);
  const ctx = numericContext(parseDigits(o.digits, DEFAULT_DIGITS));
  const plot = o.plot === undefined ? undefined : checkOutputPath(o.plot, '--plot');
  const output = o.output === undefined ? undefined : checkOutputPath(o.output, '--output');
  const certPath = o.certify ? checkOutputPath(o.out ?? DEFAULT_TRAJECTORY_CERTIFICATE, '--out') : undefined;
  const loss = lossFromOptions(o, 'trajectory');
  const eta = parseEta(o.eta, ctx);
  const x0Text = splitList(o.x0);
  const x0 = parsePoint(x0Text, loss, ctx, '--x0');
  const compiled = compileLoss(loss, ctx);
  // The regime's float64 run has as many steps as the trajectory (--steps).
  const regime = o.regime ? regimeSection(loss, ctx, eta, x0, steps) : undefined;
  const outputs: Outputs = { json: Boolean(o.json), csv: Boolean(o.csv), ...(output !== undefined && { output }), ...(regime && { regime }) };
  const quiet = Boolean(o.quiet);
  if (fast) return fastPath(compiled, loss, eta, o.eta, x0Text, x0, steps, windows, windowSteps, outputs, plot, io, quiet);
  return highPrecision(compiled, loss, eta, o.eta, x0Text, x0, steps, outputs, plot, progressReporter(io, 'trajectory', 'step', quiet), certPath);
}
