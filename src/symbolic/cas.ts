import { createRequire } from 'node:module';
import type NerdamerModule from 'nerdamer';
import { bin, neg, rational, symbolsOf, type Expr } from './ast.js';
import { parseExpr } from './parse.js';
import { printExpr } from './print.js';

/*
 * The one module that talks to nerdamer. nerdamer derives and prints; it is never trusted for
 * numbers (MATH.md §6). Every call goes through `run`, which flushes nerdamer's global history,
 * maps its exceptions to CasError and refuses results beyond the size bound, so a derivation that
 * explodes stops with a clear "too large" instead of eating memory in later steps.
 */
const require = createRequire(import.meta.url);
// all.js loads the Calculus add-on (diff). patches/nerdamer+1.1.13.patch fixes two defects of diff
// and makes nerdamer print each term once where it sorted by re-printing (same output, less time).
const nerdamer = require('nerdamer/all.js') as typeof NerdamerModule;

/** Largest expression text eoskit accepts from nerdamer (characters). */
export const MAX_CAS_CHARS = 200_000;

export class CasError extends Error {
  override readonly name: string = 'CasError';
}

/** A result beyond MAX_CAS_CHARS: reported as "too large" rather than carried into later steps. */
export class ExpressionTooLarge extends CasError {}

function run(what: string, input: string, op: () => string): string {
  if (input.length > MAX_CAS_CHARS) {
    throw new ExpressionTooLarge(`${what}: input of ${input.length} characters exceeds the bound of ${MAX_CAS_CHARS}`);
  }
  let out: string;
  try {
    out = op();
  } catch (err) {
    // nerdamer recurses over the expression tree; a deep enough result overflows the JS stack.
    if (/Maximum call stack/.test((err as Error).message)) {
      throw new ExpressionTooLarge(`${what}: the expression is too deep for nerdamer (its recursion overflowed the stack)`);
    }
    throw new CasError(`${what} failed in nerdamer: ${(err as Error).message}`);
  } finally {
    nerdamer.flush();
  }
  if (out.length > MAX_CAS_CHARS) {
    throw new ExpressionTooLarge(`${what}: result of ${out.length} characters exceeds the bound of ${MAX_CAS_CHARS}`);
  }
  return out;
}

/** Parse nerdamer's output back into eoskit's tree; a form eoskit cannot read is a CasError. */
function readBack(what: string, text: string): Expr {
  try {
    return parseExpr(text);
  } catch (err) {
    throw new CasError(`${what}: nerdamer printed '${text.slice(0, 80)}', which eoskit cannot read (${(err as Error).message})`);
  }
}

/**
 * The partial derivative d e / d v, via nerdamer's string form (its JS API rewrites e as a fraction).
 * The terms of a sum that do not contain v are constant in v, so they are dropped before the CAS
 * call (and an expression without v has derivative 0 without one): nerdamer would differentiate
 * them to 0 at full cost, e.g. the copy L(y) in d/dx of the edge coupling A(x, y) = L(x) + L(y) - ...
 */
export function differentiate(e: Expr, v: string): Expr {
  const varying = termsWith(e, v);
  if (!varying) return rational(0n);
  const input = printExpr(varying);
  const what = `d/d${v}`;
  return readBack(what, run(what, input, () => nerdamer(`diff(${input},${v})`).toString()));
}

/** e without the terms of its top-level sum that do not contain v; undefined if none does. */
function termsWith(e: Expr, v: string): Expr | undefined {
  if (e.kind !== 'add' && e.kind !== 'sub') return symbolsOf(e).has(v) ? e : undefined;
  const left = termsWith(e.left, v);
  const right = termsWith(e.right, v);
  if (!left || !right) return left ?? (right && (e.kind === 'sub' ? neg(right) : right));
  return left === e.left && right === e.right ? e : bin(e.kind, left, right);
}

/** nerdamer's simplified form of an expression (collects terms; used before printing). */
export function simplify(e: Expr): Expr {
  const input = printExpr(e);
  return readBack('simplify', run('simplify', input, () => nerdamer(input).toString()));
}

/** LaTeX for an expression, as nerdamer renders it. */
export function toLatex(e: Expr): string {
  const input = printExpr(e);
  return run('LaTeX', input, () => nerdamer(input).toTeX());
}

/**
 * nerdamer's own numeric evaluation, for the benchmarks only: it is double precision inside pi,
 * sqrt, cos... (MATH.md §6), so eoskit never uses its numbers.
 */
export function evaluateWithNerdamer(e: Expr, values: Readonly<Record<string, string>>): string {
  const input = printExpr(e);
  return run('nerdamer evaluation', input, () => nerdamer(input, values).evaluate().text('decimals'));
}
