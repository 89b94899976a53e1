import { bin, rational, substitute, sum, sym, type Expr } from './ast.js';
import type { DerivativeTable } from './derivatives.js';
import type { Loss } from './loss.js';

/**
 * The exact identities of MATH.md §2 for one loss, as expressions in the iterate w (the loss's own
 * variables) and the step d (variables d_v). With d = -eta grad L(w) they hold for every step:
 * no Taylor truncation, only the fundamental theorem of calculus and Taylor's formula with integral
 * remainder.
 */
export interface Identity {
  readonly id: string;
  /** The general statement in LaTeX. */
  readonly statement: string;
  /** The loss-specific closed form that the statement evaluates: its name in LaTeX and plain text. */
  readonly name: string;
  readonly label: string;
  readonly expr: Expr;
}

export function stepSymbols(loss: Loss): readonly string[] {
  return loss.vars.map((v) => `d_${v}`);
}

export function identities(loss: Loss, table: DerivativeTable): readonly Identity[] {
  const d = stepSymbols(loss).map((s) => sym(s));
  // f(w + d): shift every variable by its step component.
  const shifted = (e: Expr): Expr => substitute(e, new Map(loss.vars.map((v, i) => [v, bin('add', sym(v), d[i] as Expr)])));
  const dot = (a: readonly Expr[]): Expr => sum(a.map((ai, i) => bin('mul', ai, d[i] as Expr)));
  const normSq = sum(d.map((di) => bin('pow', di, rational(2n))));
  const grad = loss.vars.map((_, i) => table.entry([i]));
  // d . Hbar d = d . (grad L(w + d) - grad L(w)): the uniform average is a secant.
  const secant = dot(grad.map((g) => bin('sub', shifted(g), g)));
  // d . Htilde d = 2 (L(w + d) - L(w) - grad L(w) . d): Taylor's formula with integral remainder.
  const remainder = bin('mul', rational(2n), bin('sub', bin('sub', shifted(loss.expr), loss.expr), dot(grad)));
  return [
    {
      id: 'step-recurrence-uniform-average',
      statement:
        'd_{k+1} = (I - \\eta \\bar H_k)\\, d_k,\\quad \\bar H_k = \\int_0^1 H(w_k + t d_k)\\,dt,\\quad \\bar r_k = \\frac{d_k^\\top \\bar H_k d_k}{|d_k|^2}',
      name: '\\bar r(w, d)',
      label: 'rbar(w, d)',
      expr: bin('div', secant, normSq),
    },
    {
      id: 'loss-change-triangular-average',
      statement:
        'L(w_{k+1}) - L(w_k) = \\frac{|d_k|^2}{2}\\left(\\tilde r_k - \\frac{2}{\\eta}\\right),\\quad \\tilde H_k = 2\\int_0^1 (1-t) H(w_k + t d_k)\\,dt',
      name: '\\tilde r(w, d)',
      label: 'rtilde(w, d)',
      expr: bin('div', remainder, normSq),
    },
  ];
}
