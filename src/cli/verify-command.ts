import { readFileSync } from 'node:fs';
import { InputError } from '../symbolic/loss.js';
import { verifyAnyCertificate } from '../verify/list.js';
import { parseOptions } from './args.js';
import type { CommandResult } from './command.js';

export const VERIFY_USAGE = `eoskit verify cert.json [--json]`;

/** Re-checks a certificate with the independent checker of src/verify: exit 0 verified, 1 a claim failed, 2 unreadable. */
export function verifyCommand(argv: readonly string[]): CommandResult {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--')) throw new InputError('verify needs a certificate file: eoskit verify cert.json');
  const { values: o } = parseOptions(rest, { json: { type: 'boolean' } });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file} is not JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const report = verifyAnyCertificate(json);
  const exitCode = report.verified ? 0 : 1;
  if (o.json) return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: [], exitCode };
  const lines = [
    `${report.verified ? 'VERIFIED' : 'NOT VERIFIED'}: ${report.kind} certificate ${file}`,
    ...report.checks.map((c) => `  proved: ${c}`),
    ...report.failures.map((f) => `  FAILED: ${f}`),
  ];
  return { stdout: lines.join('\n') + '\n', stderr: report.verified ? [] : [`eoskit: certificate not verified (${report.failures.length} claim(s) failed)`], exitCode };
}
