import type { Decimal } from 'decimal.js';
import { linearNetwork } from '../dynamics/linear-network/network.js';
import { linearNetworkReport, type LinearNetworkReport } from '../dynamics/linear-network/report.js';
import { numericContext } from '../numeric/context.js';
import { parseEta } from '../numeric/evaluate.js';
import { formatDecimal, formatResidual } from '../numeric/format.js';
import { InputError } from '../symbolic/loss.js';
import { parseDigits, parseOptions } from './args.js';
import type { CommandResult } from './command.js';
import { parseCount } from './trajectory-command.js';

export const LINEAR_NETWORK_USAGE = `eoskit linear-network --sizes d0,d1,d2 --target "m11,m12;m21,m22" --eta E [--digits D]
              [--samples N] [--runs R] [--steps K] [--seed S] [--json]`;

const DEFAULT_DIGITS = 30;
const DEFAULT_SAMPLES = 10;
const DEFAULT_RUNS = 200;
const DEFAULT_STEPS = 2000;

function text(r: LinearNetworkReport, sizes: readonly number[], n: number, eta: Decimal, digits: number): string {
  const { D } = numericContext(digits);
  const num = (x: Decimal): string => formatDecimal(x, Math.min(digits, 20));
  const lines = [
    `linear network ${sizes.join(' -> ')} (${n} parameters), L = |W2 W1 - M|_F^2/2, ${digits} digits${digits > 20 ? ' (shown to 20; --json has all)' : ''}`,
    `singular values of M: ${r.singularValues.map(num).join(', ')}`,
  ];
  if (r.reduction.kind === 'reduced') {
    const p = r.reduction.report;
    lines.push(
      'balanced minimum W1 = S^(1/2) V^T, W2 = U S^(1/2) (Prop 2.6):',
      `  eta_c = 1/sigma_1 = ${num(p.criticalEta)}`,
      `  sharpness = ${num(p.sharpness)} (2 sigma_1 = ${num(p.sigma1.times(2))})`,
      `  dim ker H = ${p.kernelDimension} (minimiser manifold: n - d0 d2 = ${p.manifoldDimension})`,
      `  Q_perp(u) = ${num(p.qPerp)} (predicted -4; Q4[u^4]/6 alone = ${num(p.quarticTerm)})`,
      `  L(w* + t u) - L(w*), t^2..t^4: closed form ${p.lineClosedForm.map(num).join(', ')}; jets ${p.lineJets.map(num).join(', ')}; predicted ${p.linePredicted.map(num).join(', ')}`,
    );
  } else lines.push(`balanced minimum: not reduced (${r.reduction.reason})`);
  const dets = r.determinants;
  const minGap = D.min(...dets.map((d) => d.smallestSingularValue));
  const agreement = D.max(...dets.map((d) => d.det.minus(d.detFromEigenvalues).abs().div(d.scale)));
  lines.push(
    `GD map at eta = ${num(eta)}, ${dets.length} random points in [-${r.box.toPrecision(4)}, ${r.box.toPrecision(4)}]^${n}:`,
    `  min |det DG| = ${num(D.min(...dets.map((d) => d.det.abs())))}, min |1 - eta lambda| = ${num(minGap)} (floor ${formatResidual(dets[0]!.floor)}): ${dets.every((d) => d.smallestSingularValue.gt(d.floor)) ? 'non-singular at every sample' : 'SINGULAR at a sample'}`,
    `  elimination vs prod (1 - eta lambda), largest relative difference ${formatResidual(agreement)}`,
  );
  if (!r.minimisers) lines.push('stable minima: d1 < min(d0, d2), no random minimiser of loss 0');
  else if (r.minimisers.length > 0) {
    const gaps = r.minimisers.map((b) => b.sharpness.minus(D.max(b.w1Op2, b.w2Op2)));
    const stable = r.minimisers.filter((b) => b.sharpness.lte(D.div(2, eta)));
    lines.push(
      `stable minima: ${r.minimisers.length} random minimisers, min (sharpness - max(|W1|_op^2, |W2|_op^2)) = ${num(D.min(...gaps))} (>= 0 claimed)`,
      `  ${stable.length} of them stable at eta (sharpness <= 2/eta); stable minima have |W1|_op, |W2|_op <= sqrt(2/eta) = ${num(D.sqrt(D.div(2, eta)))}`,
    );
  }
  const m = r.monteCarlo;
  const ratio = eta.times(r.singularValues[0]!);
  // Below rank M the minima have loss > 0 and eta_c = 1/sigma_1 says nothing about their sharpness.
  const reachesZero = sizes[1]! >= r.singularValues.length;
  lines.push(
    `Monte Carlo at eta = ${num(eta)} (eta/eta_c = ${num(ratio)}${ratio.gt(1) && reachesZero ? ', above: no stable minimum' : ''}), seed ${m.seed}:`,
    `  ${m.converged}/${m.samples} initialisations in [-${m.box.toPrecision(4)}, ${m.box.toPrecision(4)}]^${n} converged (|grad| < ${m.tolerance} within ${m.steps} float64 steps), ${m.diverged} diverged`,
    `  fraction ${m.fraction.toFixed(4)}, 95% Wilson interval [${m.interval.low.toFixed(4)}, ${m.interval.high.toFixed(4)}]`,
  );
  return lines.join('\n') + '\n';
}

function json(r: LinearNetworkReport, sizes: readonly number[], eta: Decimal, digits: number): string {
  const s = (x: Decimal): string => formatDecimal(x, digits);
  const p = r.reduction.kind === 'reduced' ? r.reduction.report : undefined;
  return (
    JSON.stringify(
      {
        sizes,
        digits,
        eta: s(eta),
        singularValues: r.singularValues.map(s),
        balancedMinimum: p
          ? {
              criticalEta: s(p.criticalEta),
              sharpness: s(p.sharpness),
              kernelDimension: p.kernelDimension,
              manifoldDimension: p.manifoldDimension,
              qPerp: s(p.qPerp),
              lineClosedForm: p.lineClosedForm.map(s),
              lineJets: p.lineJets.map(s),
              linePredicted: p.linePredicted.map(s),
            }
          : { degenerate: r.reduction.kind === 'degenerate' ? r.reduction.reason : '' },
        determinants: r.determinants.map((d) => ({ det: s(d.det), detFromEigenvalues: s(d.detFromEigenvalues), smallestSingularValue: s(d.smallestSingularValue), floor: formatResidual(d.floor) })),
        minimisers: r.minimisers?.map((b) => ({ sharpness: s(b.sharpness), w1Op2: s(b.w1Op2), w2Op2: s(b.w2Op2) })) ?? null,
        monteCarlo: r.monteCarlo,
      },
      null,
      2,
    ) + '\n'
  );
}

/** Prop 2.6 and the seed 004 claims on one linear network, numerically over its n parameters. */
export function linearNetworkCommand(argv: readonly string[]): CommandResult {
  const { values: o } = parseOptions(argv, {
    sizes: { type: 'string' },
    target: { type: 'string' },
    eta: { type: 'string' },
    digits: { type: 'string' },
    samples: { type: 'string' },
    runs: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (o.sizes === undefined || o.target === undefined || o.eta === undefined) throw new InputError('linear-network needs --sizes, --target and --eta');
  const net = linearNetwork(o.sizes, o.target);
  const digits = parseDigits(o.digits, DEFAULT_DIGITS);
  const ctx = numericContext(digits);
  const eta = parseEta(o.eta, ctx);
  const seedText = o.seed ?? '1';
  if (!/^\d+$/.test(seedText.trim()) || Number(seedText) > 2 ** 32 - 1) throw new InputError(`--seed must be an integer from 0 to ${2 ** 32 - 1}, got '${seedText}'`);
  const options = {
    eta,
    samples: parseCount(o.samples, '--samples', 1000, DEFAULT_SAMPLES),
    runs: parseCount(o.runs, '--runs', 1_000_000, DEFAULT_RUNS),
    steps: parseCount(o.steps, '--steps', 1_000_000, DEFAULT_STEPS),
    seed: Number(seedText),
  };
  const r = linearNetworkReport(net, options, ctx);
  return { stdout: o.json ? json(r, net.sizes, eta, digits) : text(r, net.sizes, net.n, eta, digits), stderr: [], exitCode: 0 };
}
