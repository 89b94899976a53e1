import { orbitDiagram, type OrbitColumn } from '../dynamics/orbit-diagram.js';
import { compileLoss } from '../numeric/compiled-loss.js';
import { numericContext } from '../numeric/context.js';
import { constantValue, parseEta } from '../numeric/evaluate.js';
import { compileFloatLoss, type FloatLoss } from '../numeric/float-loss.js';
import { bifurcationFigure } from '../plot/bifurcation-figure.js';
import { InputError } from '../symbolic/loss.js';
import { parseOptions } from './args.js';
import type { CommandIO, CommandResult } from './command.js';
import { checkOutputPath, writeFigure } from './figure-file.js';
import { writeFileAtomic } from './files.js';
import { progressReporter } from './progress.js';
import { lossFromOptions, parseCount } from './trajectory-command.js';

export const BIFURCATION_USAGE = `eoskit bifurcation --loss "<expr>" [--param k=v ...] --eta-min A --eta-max B --x0 a
              [--etas N] [--transient T] [--keep M] [--plot out.svg] [--json | --csv] [--output FILE] [--quiet]`;

const MAX_ETAS = 20_000;
const MAX_ITERATES = 1_000_000;

/**
 * Where the first column converged to a minimiser x*, its flip learning rate eta_c = 2/L''(x*): the
 * period-two branch of MATH.md §4 starts there. Marked on the figure when it lies in the range.
 */
function flipMark(loss: FloatLoss, columns: readonly OrbitColumn[], etaMax: number): { eta: number; label: string }[] {
  const first = columns[0];
  if (!first || first.kind !== 'orbit' || first.points.length === 0) return [];
  const x = first.points[first.points.length - 1]!;
  if (first.points.some((p) => Math.abs(p - x) > 1e-9 * (1 + Math.abs(x)))) return [];
  const h = new Float64Array(1);
  loss.hessian([x], h);
  const etaC = 2 / h[0]!;
  return h[0]! > 0 && etaC > first.eta && etaC < etaMax ? [{ eta: etaC, label: `η_c = 2/L''(x*) = ${etaC.toPrecision(5)}` }] : [];
}

export function bifurcationCommand(argv: readonly string[], io: CommandIO): CommandResult {
  const { values: o } = parseOptions(argv, {
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    'eta-min': { type: 'string' },
    'eta-max': { type: 'string' },
    etas: { type: 'string' },
    x0: { type: 'string' },
    transient: { type: 'string' },
    keep: { type: 'string' },
    plot: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    output: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (o.json && o.csv) throw new InputError('choose one of --json and --csv');
  if (o['eta-min'] === undefined || o['eta-max'] === undefined) throw new InputError('bifurcation needs --eta-min and --eta-max');
  if (o.x0 === undefined) throw new InputError('bifurcation needs --x0 a (the starting point)');
  const ctx = numericContext(20);
  const etaMin = parseEta(o['eta-min'], ctx).toNumber();
  const etaMax = parseEta(o['eta-max'], ctx).toNumber();
  if (!(etaMax > etaMin)) throw new InputError(`--eta-max must exceed --eta-min, got ${o['eta-min']} and ${o['eta-max']}`);
  const etas = parseCount(o.etas, '--etas', MAX_ETAS, 400);
  const transient = parseCount(o.transient, '--transient', MAX_ITERATES, 1000);
  const keep = parseCount(o.keep, '--keep', 10_000, 64);
  if (etas * (transient + keep) > 1e9) throw new InputError(`--etas x (--transient + --keep) is ${etas * (transient + keep)} steps; the limit is 10^9`);
  const plot = o.plot === undefined ? undefined : checkOutputPath(o.plot, '--plot');
  const output = o.output === undefined ? undefined : checkOutputPath(o.output, '--output');
  const loss = lossFromOptions(o, 'bifurcation');
  if (loss.vars.length !== 1) throw new InputError(`the orbit diagram is for a scalar loss; this one has ${loss.vars.length} variables (${loss.vars.join(', ')})`);
  const x0 = constantValue(o.x0, '--x0', ctx).toNumber();
  const floatLoss = compileFloatLoss(loss, compileLoss(loss, ctx).table);
  const columns = orbitDiagram(floatLoss, { etaMin, etaMax, etas, x0, transient, keep, onProgress: progressReporter(io, 'bifurcation', 'learning rate', Boolean(o.quiet)) });
  const stopped = columns.filter((c) => c.kind === 'stopped');
  if (plot !== undefined) {
    writeFigure(
      plot,
      bifurcationFigure({
        title: `Orbit diagram of GD on L = ${loss.text}`,
        subtitle: `x_0 = ${o.x0}; ${etas} learning rates, last ${keep} of ${transient + keep} iterates each (float64)`,
        variable: loss.vars[0]!,
        columns: columns.map((c) => ({ eta: c.eta, points: c.kind === 'orbit' ? c.points : [], diverged: c.kind === 'stopped' })),
        marks: flipMark(floatLoss, columns, etaMax),
      }),
    );
  }
  let content: string;
  if (o.json) {
    content =
      JSON.stringify(
        { loss: loss.text, x0: o.x0, transient, keep, columns: columns.map((c) => (c.kind === 'orbit' ? { kind: c.kind, eta: c.eta, points: Array.from(c.points) } : c)) },
        null,
        2,
      ) + '\n';
  } else if (o.csv) {
    const rows = columns.flatMap((c) => (c.kind === 'orbit' ? Array.from(c.points, (x, i) => `${c.eta},${transient + i + 1},${x}`) : []));
    content = ['eta,k,x', ...rows].join('\n') + '\n';
  } else {
    const distinct = (c: OrbitColumn) => (c.kind === 'orbit' ? new Set(Array.from(c.points, (x) => x.toPrecision(8))).size : 0);
    const lines = [`orbit diagram of GD on L(${loss.vars[0]}) = ${loss.text} from x_0 = ${o.x0}: eta from ${etaMin} to ${etaMax}, ${etas} values`];
    const every = Math.max(1, Math.floor(etas / 20));
    for (let j = 0; j < columns.length; j += every) {
      const c = columns[j]!;
      lines.push(c.kind === 'orbit' ? `  eta = ${c.eta.toPrecision(6)}: ${distinct(c)} distinct point(s) (8 digits) among the last ${keep}` : `  eta = ${c.eta.toPrecision(6)}: stopped at step ${c.atStep}: ${c.reason}`);
    }
    if (plot !== undefined) lines.push(`figure: ${plot}`);
    content = lines.join('\n') + '\n';
  }
  let stdout = content;
  if (output !== undefined) {
    writeFileAtomic(output, content);
    stdout = `wrote ${output}\n`;
  }
  const stderr = stopped.length > 0 ? [`eoskit: warning: GD diverged or left the domain for ${stopped.length} of ${etas} learning rates (first eta = ${stopped[0]!.eta.toPrecision(6)})`] : [];
  return { stdout, stderr, exitCode: 0 };
}
