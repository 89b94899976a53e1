import { DomainError } from '../numeric/algebra.js';
import { CasError, ExpressionTooLarge } from '../symbolic/cas.js';
import { InputError } from '../symbolic/loss.js';
import { SILENT, type Command, type CommandIO, type CommandResult } from './command.js';
import { CERTIFY_USAGE, certifyCommand } from './certify-command.js';
import { CHECK_USAGE, checkCommand } from './check-command.js';
import { CLASSIFY_USAGE, classifyCommand } from './classify-command.js';
import { DERIVE_USAGE, deriveCommand } from './derive-command.js';
import { DOCS_USAGE, docsCommand } from './docs-command.js';
import { VERIFY_USAGE, verifyCommand } from './verify-command.js';
import { TRAJECTORY_USAGE, trajectoryCommand } from './trajectory-command.js';
import { BIFURCATION_USAGE, bifurcationCommand } from './bifurcation-command.js';
import { LINEAR_NETWORK_USAGE, linearNetworkCommand } from './linear-network-command.js';

export const USAGE = `eoskit: symbolic-numeric checks of the Edge of Stability theory of gradient descent

usage:
  ${DERIVE_USAGE}
  ${CHECK_USAGE}
  ${CLASSIFY_USAGE}
  ${DOCS_USAGE}
  ${CERTIFY_USAGE}
  ${VERIFY_USAGE}
  ${TRAJECTORY_USAGE}
  ${BIFURCATION_USAGE}
  ${LINEAR_NETWORK_USAGE}

Losses use + - * / ^, parentheses and exp log sqrt sin cos tan sec csc cot sinh cosh tanh
sech csch coth asin acos atan asinh acosh atanh; numbers are exact (2.5 = 5/2).
Exit codes: 0 success, 1 a check failed, 2 bad input, 3 internal error.`;

const COMMANDS: Readonly<Record<string, Command>> = {
  derive: deriveCommand,
  check: checkCommand,
  classify: classifyCommand,
  docs: docsCommand,
  certify: certifyCommand,
  verify: verifyCommand,
  trajectory: trajectoryCommand,
  bifurcation: bifurcationCommand,
  'linear-network': linearNetworkCommand,
};

const fail = (message: string, exitCode: number): CommandResult => ({
  stdout: '',
  stderr: [`eoskit: ${message.split('\n')[0]}`],
  exitCode,
});

/** Runs one command line; every failure becomes one line on stderr and an exit code, never a stack trace. */
export function runCli(argv: readonly string[], io: CommandIO = SILENT): CommandResult {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return { stdout: USAGE + '\n', stderr: [], exitCode: name === undefined ? 2 : 0 };
  }
  const command = COMMANDS[name];
  if (!command) return fail(`unknown command '${name}' (try: ${Object.keys(COMMANDS).join(', ')}, help)`, 2);
  try {
    return command(rest, io);
  } catch (err) {
    if (err instanceof InputError) return fail(err.message, 2);
    if (err instanceof DomainError) return fail(`cannot evaluate at this point: ${err.message}`, 2);
    if (err instanceof ExpressionTooLarge) return fail(`expression too large: ${err.message}`, 2);
    if (err instanceof CasError) return fail(err.message, 3);
    const internal = fail(`internal error: ${String(err)} (set EOSKIT_DEBUG=1 for a stack trace)`, 3);
    const stack = process.env['EOSKIT_DEBUG'] ? ((err as Error).stack ?? '').split('\n') : [];
    return { ...internal, stderr: [...internal.stderr, ...stack] };
  }
}
