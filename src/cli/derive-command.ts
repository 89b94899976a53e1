import type { Decimal } from 'decimal.js';
import { deriveReport, type DeriveReport } from '../numeric/derive-report.js';
import { formatDecimal, formatResidual } from '../numeric/format.js';
import type { Expr } from '../symbolic/ast.js';
import { toLatex } from '../symbolic/cas.js';
import { derivativeLabel, derivativeLatex, distinctEntries, mapTensor } from '../symbolic/derivatives.js';
import { InputError, parseLoss } from '../symbolic/loss.js';
import { printExpr } from '../symbolic/print.js';
import { parseDigits, parseOptions, parseParams, splitList } from './args.js';
import type { CommandResult } from './command.js';

export const DERIVE_USAGE = `eoskit derive --loss "<expr>" [--vars x,y] [--param k=v ...] [--order 2..4]
              [--at a,b] [--digits 10..900] [--json | --latex]`;

const DEFAULT_DIGITS = 30;

function toJson(report: DeriveReport): unknown {
  const { derivation, order, at } = report;
  const { loss, table, edgeCoupling } = derivation;
  const n = loss.vars.length;
  const symbolic = (k: number) => mapTensor(n, k, (idx) => printExpr(table.entry(idx)));
  const higher = <T>(f: (k: number) => T): Record<string, T> =>
    Object.fromEntries(Array.from({ length: order - 2 }, (_, i) => [`${i + 3}`, f(i + 3)]));
  const json: Record<string, unknown> = {
    loss: loss.text,
    vars: loss.vars,
    params: Object.fromEntries([...loss.params].map(([k, v]) => [k, printExpr(v)])),
    order,
    gradient: symbolic(1),
    hessian: symbolic(2),
    derivatives: higher(symbolic),
    edgeCoupling: printExpr(edgeCoupling.expr),
    edgeCouplingGradients: {
      first: { vars: edgeCoupling.first, gradient: edgeCoupling.gradFirst.map(printExpr) },
      second: { vars: edgeCoupling.second, gradient: edgeCoupling.gradSecond.map(printExpr) },
    },
    identities: derivation.identities.map((i) => ({ id: i.id, statement: i.statement, name: i.name, expr: printExpr(i.expr) })),
  };
  if (at) {
    const num = (x: Decimal): string => formatDecimal(x, at.context.digits);
    const numeric = (k: number) => mapTensor(n, k, (idx) => num(at.values(idx)));
    json['values'] = {
      point: at.point.map(num),
      digits: at.context.digits,
      workingPrecision: at.context.precision,
      loss: num(at.values([])),
      gradient: numeric(1),
      hessian: numeric(2),
      derivatives: higher(numeric),
    };
    json['crossCheck'] = {
      method: at.crossCheck.method,
      order: at.crossCheck.order,
      entries: at.crossCheck.entries,
      maxScaledDiscrepancy: formatResidual(at.crossCheck.maxScaledDiscrepancy),
      tolerance: formatResidual(at.crossCheck.tolerance),
      agree: at.crossCheck.agree,
    };
  }
  return json;
}

function toText(report: DeriveReport): string {
  const { derivation, order, at } = report;
  const { loss, table, edgeCoupling } = derivation;
  const lines: string[] = [`L(${loss.vars.join(', ')}) = ${loss.text}`];
  if (loss.params.size > 0) lines.push(`parameters: ${[...loss.params].map(([k, v]) => `${k} = ${printExpr(v)}`).join(', ')}`);
  for (let k = 1; k <= order; k++) {
    lines.push('', ['gradient', 'Hessian', 'third derivatives', 'fourth derivatives'][k - 1] as string);
    for (const idx of distinctEntries(loss.vars.length, k, k)) {
      lines.push(`  ${derivativeLabel(loss.vars, idx)} = ${printExpr(table.entry(idx))}`);
    }
  }
  const pair = `${edgeCoupling.first.join(',')}; ${edgeCoupling.second.join(',')}`;
  lines.push('', `edge coupling A(${pair}) = L(${edgeCoupling.first.join(',')}) + L(${edgeCoupling.second.join(',')}) - |.|^2/(2 eta)`);
  lines.push(`  A = ${printExpr(edgeCoupling.expr)}`);
  [...edgeCoupling.first, ...edgeCoupling.second].forEach((v, i) => {
    const g = [...edgeCoupling.gradFirst, ...edgeCoupling.gradSecond][i] as Expr;
    lines.push(`  dA/d${v} = ${printExpr(g)}`);
  });
  lines.push('', 'step identities (d = -eta grad L(w), exact):');
  for (const id of derivation.identities) lines.push(`  ${id.id}: ${id.label} = ${printExpr(id.expr)}`);
  if (at) {
    const { context, crossCheck: check } = at;
    lines.push('', `values at (${loss.vars.join(', ')}) = (${at.input.join(', ')}), ${context.digits} significant digits (working precision ${context.precision})`);
    for (const idx of distinctEntries(loss.vars.length, 0, order)) {
      lines.push(`  ${derivativeLabel(loss.vars, idx)} = ${formatDecimal(at.values(idx), context.digits)}`);
    }
    lines.push(
      '',
      `cross-check against ${check.method} (${check.entries} entries to order ${check.order}): ` +
        `max scaled discrepancy ${formatResidual(check.maxScaledDiscrepancy)}, tolerance ${formatResidual(check.tolerance)}: ` +
        (check.agree ? 'agree' : 'DISAGREE'),
    );
  }
  return lines.join('\n') + '\n';
}

function toLatexDocument(report: DeriveReport): string {
  const { derivation, order, at } = report;
  const { loss, table, edgeCoupling } = derivation;
  const rows: string[] = [`L(${loss.vars.join(', ')}) &= ${toLatex(loss.expr)}`];
  for (const idx of distinctEntries(loss.vars.length, 1, order)) {
    rows.push(`${derivativeLatex(loss.vars, idx)} &= ${toLatex(table.entry(idx))}`);
  }
  rows.push(`A_\\eta &= ${toLatex(edgeCoupling.expr)}`);
  [...edgeCoupling.first, ...edgeCoupling.second].forEach((v, i) => {
    const g = [...edgeCoupling.gradFirst, ...edgeCoupling.gradSecond][i] as Expr;
    rows.push(`${derivativeLatex([v], [0], 'A_\\eta')} &= ${toLatex(g)}`);
  });
  for (const id of derivation.identities) rows.push(`&${id.statement}`, `${id.name} &= ${toLatex(id.expr)}`);
  if (at) {
    for (const idx of distinctEntries(loss.vars.length, 0, order)) {
      rows.push(`${derivativeLatex(loss.vars, idx)}\\big|_{w} &\\approx ${formatDecimal(at.values(idx), at.context.digits)}`);
    }
  }
  return `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;
}

export function deriveCommand(argv: readonly string[]): CommandResult {
  const { values: o } = parseOptions(argv, {
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    order: { type: 'string' },
    at: { type: 'string' },
    digits: { type: 'string' },
    json: { type: 'boolean' },
    latex: { type: 'boolean' },
  });
  if (o.loss === undefined) throw new InputError('derive needs --loss "<expr>"');
  if (o.json && o.latex) throw new InputError('choose one of --json and --latex');
  const order = o.order === undefined ? 2 : Number(o.order);
  if (![2, 3, 4].includes(order)) throw new InputError(`--order must be 2, 3 or 4, got '${o.order}'`);
  if (o.digits !== undefined && o.at === undefined) throw new InputError('--digits needs --at (the point to evaluate at)');
  const loss = parseLoss(o.loss, { ...(o.vars !== undefined && { vars: splitList(o.vars) }), params: parseParams(o.param) });
  const report = deriveReport(loss, {
    order,
    ...(o.at !== undefined && { at: splitList(o.at), digits: parseDigits(o.digits, DEFAULT_DIGITS) }),
  });
  const stdout = o.json ? JSON.stringify(toJson(report), null, 2) + '\n' : o.latex ? toLatexDocument(report) : toText(report);
  const check = report.at?.crossCheck;
  if (check && !check.agree) {
    return {
      stdout,
      stderr: [
        `eoskit: symbolic and jet derivatives disagree (entry ${derivativeLabel(loss.vars, check.worst)}, scaled discrepancy ${formatResidual(check.maxScaledDiscrepancy)}): a CAS defect; do not trust these values`,
      ],
      exitCode: 1,
    };
  }
  return { stdout, stderr: [], exitCode: 0 };
}
