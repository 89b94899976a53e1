import { sizeOf, substitute, symbolsOf, type Expr } from './ast.js';
import { CONSTANTS, NON_SMOOTH_FUNCTIONS, isEvaluableFunction, isUserFunction } from './functions.js';
import { parseExpr } from './parse.js';
import { printExpr } from './print.js';

/** Bad user input: the CLI prints `message` as one line and exits with code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Bound on the input tree: beyond it, fourth derivatives no longer fit the CAS in reasonable time. */
export const MAX_LOSS_NODES = 400;
export const MAX_VARIABLES = 2;

/** Names with a fixed meaning elsewhere in eoskit (the learning rate of the edge coupling). */
const RESERVED: ReadonlySet<string> = new Set(['eta']);
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * A parsed, validated loss: an expression in 1 or 2 variables plus named parameters whose values
 * are exact constant expressions. Derivations keep parameters symbolic; evaluation substitutes them.
 */
export interface Loss {
  readonly source: string;
  readonly vars: readonly string[];
  readonly params: ReadonlyMap<string, Expr>;
  readonly expr: Expr;
  /** The expression printed in the loss language (nerdamer's input syntax). */
  readonly text: string;
}

export interface LossOptions {
  readonly vars?: readonly string[];
  /** Parameter values as strings, e.g. `{ mu: '1/3' }`. */
  readonly params?: Readonly<Record<string, string>>;
}

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) throw new InputError(`invalid ${what} name '${name}': use letters and digits, starting with a letter`);
  if (CONSTANTS.has(name) || RESERVED.has(name) || isUserFunction(name) || NON_SMOOTH_FUNCTIONS.has(name)) {
    throw new InputError(`'${name}' is reserved and cannot be a ${what} name`);
  }
}

/** Refuse functions outside the smooth vocabulary, naming the reason. */
function checkFunctions(e: Expr, allowInternal: boolean): void {
  switch (e.kind) {
    case 'num':
    case 'sym':
      return;
    case 'neg':
      checkFunctions(e.arg, allowInternal);
      return;
    case 'call': {
      const ok = allowInternal ? isEvaluableFunction(e.fn) : isUserFunction(e.fn);
      if (!ok) {
        if (NON_SMOOTH_FUNCTIONS.has(e.fn)) {
          throw new InputError(`function '${e.fn}' is not smooth: the theory needs a loss with four continuous derivatives`);
        }
        throw new InputError(`unknown function '${e.fn}'`);
      }
      if (e.args.length !== 1) throw new InputError(`function '${e.fn}' takes 1 argument, got ${e.args.length}`);
      checkFunctions(e.args[0] as Expr, allowInternal);
      return;
    }
    default:
      checkFunctions(e.left, allowInternal);
      checkFunctions(e.right, allowInternal);
  }
}

function parseOrThrow(src: string, what: string): Expr {
  try {
    return parseExpr(src);
  } catch (err) {
    throw new InputError(`${what}: ${(err as Error).message}`);
  }
}

/** Refuse unknown functions and any symbol outside `symbols` (the constants e and pi are always known). */
export function validate(expr: Expr, symbols: ReadonlySet<string>, what: string, allowInternal = false): Expr {
  checkFunctions(expr, allowInternal);
  for (const name of symbolsOf(expr)) {
    if (!symbols.has(name) && !CONSTANTS.has(name)) {
      const known = [...symbols].join(', ');
      throw new InputError(`${what}: unknown symbol '${name}'${known ? ` (known: ${known})` : ''}`);
    }
  }
  return expr;
}

/** A constant expression ("1/3", "-2.5", "pi/4"): exact until a numeric context evaluates it. */
export function parseConstant(src: string, what: string): Expr {
  return validate(parseOrThrow(src, what), new Set(), what);
}

export function parseLoss(source: string, options: LossOptions = {}): Loss {
  const parsed = parseOrThrow(source, 'loss');
  // Without --vars: x if the loss mentions only x, else x,y.
  const vars = options.vars ?? (symbolsOf(parsed).has('y') ? ['x', 'y'] : ['x']);
  if (vars.length === 0 || vars.length > MAX_VARIABLES) {
    throw new InputError(`the symbolic core handles 1 or 2 variables, got ${vars.length} (${vars.join(', ')})`);
  }
  if (new Set(vars).size !== vars.length) throw new InputError(`repeated variable name in ${vars.join(',')}`);
  vars.forEach((v) => checkName(v, 'variable'));
  const params = new Map<string, Expr>();
  for (const [name, value] of Object.entries(options.params ?? {})) {
    checkName(name, 'parameter');
    if (vars.includes(name)) throw new InputError(`'${name}' is both a variable and a parameter`);
    params.set(name, parseConstant(value, `parameter ${name}`));
  }
  const expr = validate(parsed, new Set([...vars, ...params.keys()]), 'loss');
  const size = sizeOf(expr);
  if (size > MAX_LOSS_NODES) throw new InputError(`loss too large: ${size} nodes, the limit is ${MAX_LOSS_NODES}`);
  return { source, vars, params, expr, text: printExpr(expr) };
}

/** The loss with its parameters replaced by their values. */
export function withParamValues(loss: Loss, e: Expr): Expr {
  return loss.params.size === 0 ? e : substitute(e, loss.params);
}
