import type { Decimal } from 'decimal.js';
import type { Branch } from '../dynamics/branches.js';
import { classify, type ClassifyReport } from '../dynamics/classify.js';
import type { FixedPoint } from '../dynamics/fixed-points.js';
import type { PeriodTwoOrbit } from '../dynamics/period-two-orbits.js';
import { formatDecimal, formatResidual } from '../numeric/format.js';
import type { Eigenvalues, Vector } from '../numeric/linalg.js';
import { InputError, parseLoss } from '../symbolic/loss.js';
import { printExpr } from '../symbolic/print.js';
import { parseDigits, parseOptions, parseParams, splitList } from './args.js';
import type { CommandResult } from './command.js';
import { manifoldLines, manifoldsJson } from './manifold-report.js';
import { certifyClassification } from '../certify/list.js';
import { writeList } from './certificate-list.js';
import { checkOutputPath } from './figure-file.js';

export const CLASSIFY_USAGE = `eoskit classify --loss "<expr>" [--vars x,y] [--param k=v ...] --eta E [--box lo,hi]
              [--digits 10..900] [--grid N] [--proof-boxes N] [--certify [--out cert.json]] [--json]`;

/** Where --certify writes without --out. */
export const DEFAULT_CLASSIFY_CERTIFICATE = 'classify-certificate.json';

/** Significant digits shown in the text tables; the full values follow each table, and --json has them all. */
const SHORT = 10;

/** Multipliers as strings: real values, or a complex pair as "re+imi", "re-imi". */
function multiplierStrings(m: Eigenvalues, num: (x: Decimal) => string): string[] {
  if (m.kind === 'real') return m.values.map(num);
  return [`${num(m.re)}+${num(m.im)}i`, `${num(m.re)}-${num(m.im)}i`];
}

function multiplierModuli(m: Eigenvalues, r: ClassifyReport): Decimal[] {
  if (m.kind === 'real') return m.values.map((v) => v.abs());
  const modulus = r.context.D.sqrt(m.re.pow(2).plus(m.im.pow(2)));
  return [modulus, modulus];
}

function toJson(r: ClassifyReport): unknown {
  const num = (x: Decimal): string => formatDecimal(x, r.context.digits);
  const vec = (v: Vector): string[] => v.map(num);
  const fixed = (p: FixedPoint) => ({
    point: vec(p.point),
    loss: num(p.loss),
    eigenvalues: p.eigenvalues.map(num),
    eigenvectors: p.eigenvectors.map(vec),
    kind: p.kind,
    stable: p.stability === 'stable',
    stability: p.stability,
    multipliers: p.multipliers.map(num),
    criticalEta: p.criticalEta.map(num),
    residual: formatResidual(p.residual),
    errorEstimate: formatResidual(p.errorEstimate),
  });
  const orbit = (o: PeriodTwoOrbit) => ({
    points: o.points.map(vec),
    centre: vec(o.centre),
    halfAmplitude: num(o.halfAmplitude),
    halfAmplitudeVector: vec(o.halfAmplitudeVector),
    multipliers: multiplierStrings(o.multipliers, num),
    multiplierModuli: multiplierModuli(o.multipliers, r).map(num),
    spectralRadius: num(o.spectralRadius),
    stable: o.stability === 'stable',
    stability: o.stability,
    residual: formatResidual(o.residual),
    errorEstimate: formatResidual(o.errorEstimate),
    forcing: {
      rbar: num(o.forcing.rbar),
      target: num(o.forcing.target),
      residual: formatResidual(o.forcing.residual),
      vectorResidual: formatResidual(o.forcing.vectorResidual),
    },
  });
  const branch = (b: Branch) => ({
    fixedPoint: vec(b.fixedPoint),
    eigenvalue: num(b.eigenvalue),
    direction: vec(b.direction),
    eigenspaceDimension: b.eigenspaceDimension,
    directionNondegenerate: b.directionNondegenerate,
    criticalEta: num(b.criticalEta),
    Q: num(b.reduction.Q),
    quarticTerm: num(b.reduction.quarticTerm),
    couplingTerm: num(b.reduction.couplingTerm),
    centreShift: vec(b.reduction.centreShift),
    flipCoefficient: num(b.flipCoefficient),
    side: b.side,
    stable: b.stable,
    stabilityReason: b.stabilityReason,
    transverseMultipliers: b.transverseMultipliers.map(num),
    predictedHalfAmplitude: b.prediction.kind === 'orbit' ? num(b.prediction.halfAmplitude) : null,
    predictedPoints: b.prediction.kind === 'orbit' ? b.prediction.points.map(vec) : null,
    ...(b.prediction.kind === 'none' && { noPrediction: b.prediction.reason }),
    phi: { latex: b.phi.latex, text: b.phi.text, constant: num(b.phi.constant), quadratic: num(b.phi.quadratic), quartic: num(b.phi.quartic) },
    match: b.match ? { orbit: b.match.orbit, halfAmplitude: num(b.match.halfAmplitude), relativeDifference: formatResidual(b.match.relativeDifference) } : null,
  });
  const { loss, fixedPoints, periodTwoOrbits } = r;
  return {
    loss: loss.text,
    vars: loss.vars,
    params: Object.fromEntries([...loss.params].map(([k, v]) => [k, printExpr(v)])),
    eta: r.eta.text,
    etaValue: num(r.eta.value),
    box: r.box.text,
    digits: r.context.digits,
    workingPrecision: r.context.precision,
    fixedPoints: fixedPoints.points.map(fixed),
    periodTwoOrbits: periodTwoOrbits.orbits.map(orbit),
    branches: r.branches.map(branch),
    manifolds: manifoldsJson(r),
    continuum: {
      fixedPoints: fixedPoints.continuum.map(vec),
      periodTwoOrbits: periodTwoOrbits.continuum.map((pair) => pair.map(vec)),
    },
    search: {
      fixedPoints: { method: fixedPoints.method, unconverged: fixedPoints.unconverged, proof: fixedPoints.proof ?? null },
      periodTwoOrbits: { method: periodTwoOrbits.method, unconverged: periodTwoOrbits.unconverged, partial: periodTwoOrbits.partial, proof: periodTwoOrbits.proof ?? null },
    },
    complete: r.complete,
    completeness: { fixedPoints: fixedPoints.completeness, periodTwoOrbits: periodTwoOrbits.completeness },
  };
}

/** Rows of cells as left-aligned columns. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) => '  ' + cells.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function toText(r: ClassifyReport): string {
  const { loss, fixedPoints, periodTwoOrbits, branches, context } = r;
  const short = (x: Decimal): string => x.toSignificantDigits(SHORT).toString();
  const shortVec = (v: Vector): string => `(${v.map(short).join(', ')})`;
  const full = (x: Decimal): string => formatDecimal(x, context.digits);
  const fullVec = (v: Vector): string => `(${v.map(full).join(', ')})`;
  const list = (xs: readonly Decimal[]): string => xs.map(short).join(', ') || '-';
  const box = r.box.text.map(([lo, hi]) => `[${lo}, ${hi}]`).join(' x ');
  const lines = [
    `L(${loss.vars.join(', ')}) = ${loss.text}${loss.params.size > 0 ? `  (${[...loss.params].map(([k, v]) => `${k} = ${printExpr(v)}`).join(', ')})` : ''}`,
    `eta = ${r.eta.text}, box ${box}`,
    `${context.digits} significant digits (working precision ${context.precision}); tables show ${SHORT}, full values follow each table`,
    '',
    `fixed points: ${fixedPoints.points.length}${fixedPoints.complete ? ' (complete)' : ''}`,
  ];
  if (fixedPoints.points.length > 0) {
    lines.push(
      ...table(
        ['#', 'point', 'kind', 'eigenvalues', 'multipliers 1-eta*lambda', 'stability', 'eta_c = 2/lambda', '|grad L|'],
        fixedPoints.points.map((p, i) => [
          `F${i + 1}`,
          shortVec(p.point),
          p.kind,
          list(p.eigenvalues),
          list(p.multipliers),
          p.stability,
          list(p.criticalEta),
          formatResidual(p.residual),
        ]),
      ),
      ...fixedPoints.points.map((p, i) => `  F${i + 1} = ${fullVec(p.point)}`),
    );
  }
  if (fixedPoints.continuum.length > 0) lines.push(`  continuum of critical points, e.g. through ${shortVec(fixedPoints.continuum[0]!)}`);
  if (r.manifolds.length > 0) lines.push('', ...manifoldLines(r, short, full));
  lines.push('', `period-two orbits: ${periodTwoOrbits.orbits.length}${periodTwoOrbits.complete ? ' (complete)' : ''}`);
  if (periodTwoOrbits.orbits.length > 0) {
    lines.push(
      ...table(
        ['#', 'w0', 'w1', 'half-amplitude', 'multipliers of DG(w1)DG(w0)', 'stability', '|F|', '|rbar - 2/eta|'],
        periodTwoOrbits.orbits.map((o, i) => [
          `O${i + 1}`,
          shortVec(o.points[0]),
          shortVec(o.points[1]),
          short(o.halfAmplitude),
          multiplierStrings(o.multipliers, short).join(', '),
          o.stability,
          formatResidual(o.residual),
          formatResidual(o.forcing.residual),
        ]),
      ),
      ...periodTwoOrbits.orbits.map((o, i) => `  O${i + 1}: w0 = ${fullVec(o.points[0])}, w1 = ${fullVec(o.points[1])}, half-amplitude ${full(o.halfAmplitude)}`),
    );
  }
  if (periodTwoOrbits.continuum.length > 0) lines.push(`  continuum of period-two orbits, e.g. through ${shortVec(periodTwoOrbits.continuum[0]![0])}`);
  lines.push('', `branches of the half-amplitude reduction: ${branches.length}`);
  if (branches.length > 0) {
    const at = (b: Branch): string => {
      const k = fixedPoints.points.findIndex((p) => p.point === b.fixedPoint);
      return k >= 0 ? `F${k + 1}` : shortVec(b.fixedPoint);
    };
    lines.push(
      ...table(
        ['#', 'at', 'lambda', 'eta_c', 'direction u', 'Q(u)', 'side', 'c = -eta_c Q', 'stable', 'predicted a', 'solved a (rel. diff)'],
        branches.map((b, i) => [
          `B${i + 1}`,
          at(b),
          short(b.eigenvalue),
          short(b.criticalEta),
          shortVec(b.direction),
          short(b.reduction.Q),
          b.side,
          short(b.flipCoefficient),
          b.stable ? 'yes' : 'no',
          b.prediction.kind === 'orbit' ? short(b.prediction.halfAmplitude) : '-',
          b.match ? `O${b.match.orbit + 1}: ${short(b.match.halfAmplitude)} (${formatResidual(b.match.relativeDifference)})` : '-',
        ]),
      ),
      ...branches.flatMap((b, i) => [
        `  B${i + 1}: ${b.phi.text}`,
        `      ${b.stabilityReason}${b.prediction.kind === 'none' ? `; no prediction: ${b.prediction.reason}` : ''}`,
      ]),
    );
  }
  lines.push('', `complete: ${r.complete ? 'yes' : 'no'}`, ...r.completeness.map((c) => `  ${c}`));
  return lines.join('\n') + '\n';
}

/**
 * `--box -3,3` as the user writes it: node's parseArgs reads a value that starts with '-' as an
 * option, so a value that starts with a minus and a digit is attached as `--box=-3,3`.
 */
function attachNegativeValues(argv: readonly string[], options: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (options.includes(a) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function classifyCommand(argv: readonly string[]): CommandResult {
  const { values: o } = parseOptions(attachNegativeValues(argv, ['--box', '--eta', '--param', '--digits', '--grid', '--proof-boxes']), {
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    eta: { type: 'string' },
    box: { type: 'string' },
    digits: { type: 'string' },
    grid: { type: 'string' },
    'proof-boxes': { type: 'string' },
    json: { type: 'boolean' },
    certify: { type: 'boolean' },
    out: { type: 'string' },
  });
  if (o.loss === undefined) throw new InputError('classify needs --loss "<expr>"');
  if (o.out !== undefined && !o.certify) throw new InputError('--out names the certificate file: add --certify');
  // Checked before the (long) classification, so a bad path costs nothing.
  const certPath = o.certify ? checkOutputPath(o.out ?? DEFAULT_CLASSIFY_CERTIFICATE, '--out') : undefined;
  if (o.eta === undefined) throw new InputError('classify needs --eta (the learning rate, e.g. 5/2)');
  for (const [name, text] of [['--grid', o.grid], ['--proof-boxes', o['proof-boxes']]] as const) {
    if (text !== undefined && !/^\d+$/.test(text.trim())) throw new InputError(`${name} expects a non-negative integer, got '${text}'`);
  }
  const loss = parseLoss(o.loss, { ...(o.vars !== undefined && { vars: splitList(o.vars) }), params: parseParams(o.param) });
  const report = classify(loss, {
    eta: o.eta,
    digits: parseDigits(o.digits, 30),
    ...(o.box !== undefined && { box: splitList(o.box) }),
    ...(o.grid !== undefined && { perAxis: Number(o.grid) }),
    ...(o['proof-boxes'] !== undefined && { proofBoxes: Number(o['proof-boxes']) }),
  });
  if (certPath === undefined) return { stdout: o.json ? JSON.stringify(toJson(report), null, 2) + '\n' : toText(report), stderr: [], exitCode: 0 };
  // Every fixed point and orbit found, and every branch whose fixed point is certified: ids as in the tables.
  const started = Date.now();
  const { points } = report.fixedPoints;
  const cert = certifyClassification(loss, o.eta, report.context.digits, report.context.precision, {
    fixedPoints: points.map((p) => p.point),
    orbits: report.periodTwoOrbits.orbits.map((orbit) => orbit.points),
    branches: report.branches.map((b) => ({ fixedPoint: points.findIndex((p) => p.point === b.fixedPoint), direction: b.direction, eigenvalue: b.eigenvalue })),
  });
  const written = writeList(cert, certPath, (Date.now() - started) / 1000);
  // Exit 1 when an item could not be proved (the certificate still holds the rest), as eoskit certify
  // does; except a branch classify itself calls degenerate (Q(u) = 0): it has no sign to prove.
  const degenerate = new Set(report.branches.flatMap((b, i) => (b.side === 'degenerate' ? [`B${i + 1}`] : [])));
  const exitCode = written.json.notProved.some((item) => !degenerate.has(item.id)) ? 1 : 0;
  if (o.json) return { stdout: JSON.stringify({ ...(toJson(report) as object), certificate: written.json }, null, 2) + '\n', stderr: written.stderr, exitCode };
  return { stdout: toText(report) + '\n' + written.text.join('\n') + '\n', stderr: written.stderr, exitCode };
}
