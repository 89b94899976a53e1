import { buildCertificate } from '../certify/certificate.js';
import { certifyOrbit } from '../certify/gd.js';
import type { Interval } from '../interval/interval.js';
import { numericContext } from '../numeric/context.js';
import { constantValue } from '../numeric/evaluate.js';
import { InputError, parseLoss } from '../symbolic/loss.js';
import { parseDigits, parseOptions, parseParams, splitList } from './args.js';
import type { CommandResult } from './command.js';
import { writeFileAtomic } from './files.js';

export const CERTIFY_USAGE = `eoskit certify --loss "<expr>" [--vars x,y] [--param k=v ...] --eta E
              (--point a[,b] | --orbit a[,b]:c[,d]) [--digits D] [--out cert.json] [--json]`;

const DEFAULT_DIGITS = 30;

const show = (x: Interval, digits: number): string =>
  `[${x.lo.toSignificantDigits(digits, 3).toString()}, ${x.hi.toSignificantDigits(digits, 2).toString()}]`;

/**
 * Proves, with interval arithmetic and a Krawczyk test, that exactly one fixed point (--point) or
 * period-two orbit (--orbit) lies in a small box around the guess, and bounds its multipliers.
 * Exit 0 when existence, uniqueness and stability (or instability) are all proved; 1 when
 * something could not be proved (the reason is printed, and no claim is made for it).
 */
export function certifyCommand(argv: readonly string[]): CommandResult {
  const { values: o } = parseOptions(argv, {
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    eta: { type: 'string' },
    point: { type: 'string' },
    orbit: { type: 'string' },
    digits: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (o.loss === undefined) throw new InputError('certify needs --loss');
  if (o.eta === undefined) throw new InputError('certify needs --eta');
  if ((o.point === undefined) === (o.orbit === undefined)) throw new InputError('certify needs exactly one of --point a[,b] and --orbit a[,b]:c[,d]');
  const digits = parseDigits(o.digits, DEFAULT_DIGITS);
  const ctx = numericContext(digits);
  const loss = parseLoss(o.loss, { ...(o.vars !== undefined && { vars: splitList(o.vars) }), params: parseParams(o.param) });
  const n = loss.vars.length;
  const groups = o.point !== undefined ? [o.point] : o.orbit!.split(':');
  if (groups.length !== (o.point !== undefined ? 1 : 2)) throw new InputError(`--orbit expects two points separated by ':', got '${o.orbit}'`);
  const texts = groups.flatMap((g) => {
    const t = splitList(g);
    if (t.length !== n) throw new InputError(`a point has ${t.length} coordinate(s) but the loss has ${n} variable(s) (${loss.vars.join(', ')})`);
    return t;
  });
  const guess = texts.map((t, i) => constantValue(t, `coordinate ${i + 1}`, ctx));
  const started = Date.now();
  const result = certifyOrbit(loss, o.eta, guess, ctx.precision);
  const ms = Date.now() - started;
  const what = o.point !== undefined ? 'fixed point' : 'period-two orbit';
  if (result.kind === 'not-certified') {
    return { stdout: '', stderr: [`eoskit: could not prove a ${what} near the guess: ${result.reason}`], exitCode: 1 };
  }
  const cert = buildCertificate(loss, o.eta, digits, result);
  if (o.out !== undefined) writeFileAtomic(o.out, JSON.stringify(cert, null, 2) + '\n');
  const m = result.multipliers;
  const stderr = m.stability.kind === 'undecided' ? [`eoskit: could not prove stability or instability: ${m.stability.reason}`] : [];
  if (o.json) return { stdout: JSON.stringify(cert, null, 2) + '\n', stderr, exitCode: stderr.length ? 1 : 0 };
  const lines = [
    `certified ${what} of L = ${loss.text}, eta = ${o.eta} (${digits} digits, working precision ${ctx.precision}, ${ms} ms)`,
    `  existence and uniqueness: Krawczyk K(X) inside the interior of X (${result.krawczyk.inflations} inflation(s))`,
    ...result.points.map((p, k) => `  ${result.orbit === 'fixed-point' ? 'w' : `x${k + 1}`} in ${p.map((x) => show(x, digits)).join(' x ')}`),
    ...(m.eigenvalues ? [`  multipliers in ${m.eigenvalues.map((e) => show(e, 12)).join(', ')}`] : []),
    ...(m.trace && m.det ? [`  trace ${show(m.trace, 12)}, determinant ${show(m.det, 12)}`] : []),
    `  stability: ${m.stability.kind === 'undecided' ? 'could not be proved' : `${m.stability.kind} (proved)`}`,
    ...(o.out !== undefined ? [`certificate written to ${o.out}; re-check it with: eoskit verify ${o.out}`] : []),
  ];
  return { stdout: lines.join('\n') + '\n', stderr, exitCode: stderr.length ? 1 : 0 };
}
