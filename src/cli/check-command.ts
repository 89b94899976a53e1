import { THEOREMS, theoremById } from '../../theorems/registry.js';
import { replayLine, search, type SearchResult } from '../../theorems/search.js';
import { confirmed, type Theorem, type TheoremInput, type Verdict } from '../../theorems/theorem.js';
import { InputError } from '../symbolic/loss.js';
import { parseDigits, parseOptions, parseParams, splitList } from './args.js';
import type { CommandIO, CommandResult } from './command.js';

export const CHECK_USAGE = `eoskit check [--theorem ID] [--runs N] [--seconds T] [--seed S] [--digits D] [--mutants] [--json]
  eoskit check --theorem ID --loss "<expr>" [--vars x,y] [--param k=v] --eta E --x0 a[,b] [--partner c[,d]]`;

const DEFAULT_RUNS = 50;
const DEFAULT_DIGITS = 30;

function parseCount(text: string | undefined, fallback: number, what: string, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new InputError(`${what} must be an integer from 1 to ${max}, got '${text}'`);
  return Number(text);
}

function verdictLines(v: Verdict): string[] {
  if (v.kind === 'undecided') return [`  undecided: ${v.reason}`];
  const entries = Object.entries(v.kind === 'holds' ? v.evidence : v.witness);
  return [`  ${v.kind}: residual ${v.residual}, tolerance ${v.tolerance}`, ...entries.map(([k, x]) => `    ${k} = ${x}`)];
}

function table(results: readonly SearchResult[], mutants: boolean): string[] {
  const width = Math.max(...results.map((r) => r.theorem.length), 7);
  const header = `${'theorem'.padEnd(width)}  runs  holds  undecided  ${mutants ? 'negative control' : 'violated'}  seconds`;
  const rows = results.map((r) => {
    const outcome = mutants ? (r.counterexample ? 'caught' : 'SURVIVED') : r.counterexample ? '1' : '0';
    return `${r.theorem.padEnd(width)}  ${String(r.runs).padStart(4)}  ${String(r.holds).padStart(5)}  ${String(r.undecided).padStart(9)}  ${outcome.padStart(mutants ? 16 : 8)}  ${(r.milliseconds / 1000).toFixed(1).padStart(7)}`;
  });
  return [header, ...rows];
}

/** Checks one given instance against one theorem (or every theorem). */
function checkInstance(theorems: readonly Theorem[], input: TheoremInput, digits: number, mutant: boolean, json: boolean): CommandResult {
  const verdicts = theorems.map((t) => ({ theorem: t.id, verdict: confirmed(mutant ? t.mutant.check : t.check)(input, { digits }) }));
  const violated = verdicts.some((v) => v.verdict.kind === 'violated');
  const stdout = json
    ? JSON.stringify({ input, digits, mutant, verdicts }, null, 2) + '\n'
    : verdicts.map((v) => [`${v.theorem}${mutant ? ' (negative control)' : ''}`, ...verdictLines(v.verdict)].join('\n')).join('\n') + '\n';
  return { stdout, stderr: [], exitCode: violated && !mutant ? 1 : 0 };
}

export function checkCommand(argv: readonly string[], io: CommandIO): CommandResult {
  const { values: o } = parseOptions(argv, {
    theorem: { type: 'string' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    digits: { type: 'string' },
    mutants: { type: 'boolean' },
    mutant: { type: 'boolean' },
    json: { type: 'boolean' },
    loss: { type: 'string' },
    vars: { type: 'string' },
    param: { type: 'string', multiple: true },
    eta: { type: 'string' },
    x0: { type: 'string' },
    partner: { type: 'string' },
  });
  const theorem = o.theorem === undefined ? undefined : theoremById(o.theorem);
  if (o.theorem !== undefined && !theorem) throw new InputError(`unknown theorem '${o.theorem}' (known: ${THEOREMS.map((t) => t.id).join(', ')})`);
  const theorems = theorem ? [theorem] : THEOREMS;
  const digits = parseDigits(o.digits, DEFAULT_DIGITS);
  const mutants = Boolean(o.mutants || o.mutant);

  if (o.loss !== undefined) {
    if (o.eta === undefined || o.x0 === undefined) throw new InputError('checking one loss needs --eta and --x0');
    const x0 = splitList(o.x0);
    const input: TheoremInput = {
      loss: o.loss,
      vars: o.vars !== undefined ? splitList(o.vars) : x0.length === 2 ? ['x', 'y'] : ['x'],
      params: parseParams(o.param),
      eta: o.eta,
      start: x0,
      ...(o.partner !== undefined && { partner: splitList(o.partner) }),
    };
    return checkInstance(theorems, input, digits, mutants, Boolean(o.json));
  }

  const runs = parseCount(o.runs, DEFAULT_RUNS, '--runs', 1_000_000);
  // A time budget per theorem: the search stops at --runs or after --seconds, whichever comes first.
  const seconds = o.seconds === undefined ? undefined : parseCount(o.seconds, 0, '--seconds', 86_400);
  const seed = o.seed === undefined ? Date.now() % 2 ** 31 : Number(o.seed);
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got '${o.seed}'`);
  io.progress(
    `searching ${theorems.length} theorem(s)${mutants ? ' (negative controls)' : ''}, up to ${runs} random instances each` +
      `${seconds ? ` or ${seconds} s` : ''}, ${digits} digits, seed ${seed}`,
  );
  const results = theorems.map((t) => {
    const r = search(t, { runs, seed, digits, mutant: mutants, ...(seconds && { seconds }) });
    io.progress(`  ${t.id}: ${r.runs} runs, ${r.counterexample ? (mutants ? 'negative control caught' : 'COUNTEREXAMPLE') : mutants ? 'negative control SURVIVED' : 'no counterexample'} (${(r.milliseconds / 1000).toFixed(1)} s)`);
    return r;
  });
  // A claim with a counterexample, or a negative control that survived, is a failed check.
  const failed = results.filter((r) => (mutants ? !r.counterexample : r.counterexample));
  if (o.json) {
    return { stdout: JSON.stringify({ seed, runs, digits, mutants, results }, null, 2) + '\n', stderr: [], exitCode: failed.length > 0 ? 1 : 0 };
  }
  const total = results.reduce((n, r) => n + r.runs, 0);
  const elapsed = results.reduce((n, r) => n + r.milliseconds, 0) / 1000;
  const lines = [
    ...table(results, mutants),
    '',
    `${total} instances in ${elapsed.toFixed(1)} s; seed ${seed}, ${digits} digits; replay: eoskit check${mutants ? ' --mutants' : ''} --seed ${seed} --runs ${runs}`,
  ];
  for (const r of results) {
    if (!r.counterexample || mutants) continue;
    lines.push('', `COUNTEREXAMPLE to ${r.theorem} (seed ${r.counterexample.seed}, path ${r.counterexample.path}):`, ...verdictLines(r.counterexample.verdict));
    lines.push(`  replay: ${replayLine(r.theorem, r.counterexample.input)}`);
  }
  for (const r of results) if (r.undecidedReasons.length > 0) lines.push(`undecided in ${r.theorem}: ${r.undecidedReasons.join('; ')}`);
  return { stdout: lines.join('\n') + '\n', stderr: failed.map((r) => `eoskit: ${mutants ? 'negative control survived' : 'counterexample found'}: ${r.theorem}`), exitCode: failed.length > 0 ? 1 : 0 };
}
