import { bin, rational, substitute, sym, type Expr } from './ast.js';
import { differentiate } from './cas.js';
import type { Loss } from './loss.js';

/**
 * The edge coupling of MATH.md §1, A(x, y) = L(x) + L(y) - |x - y|^2 / (2 eta), on two copies of
 * the loss's variables named v_1 and v_2 (user names have no underscore, so these cannot clash).
 * Its gradients are derived by the CAS from A itself, not assembled from grad L, so that the
 * criticality identities checked downstream compare two independent routes.
 */
export interface EdgeCoupling {
  readonly first: readonly string[];
  readonly second: readonly string[];
  readonly expr: Expr;
  readonly gradFirst: readonly Expr[];
  readonly gradSecond: readonly Expr[];
}

export const ETA = 'eta';

/** The paper's weight of |x - y|^2, 1/(2 eta); the theorem registry's negative controls pass others. */
export const COUPLING_WEIGHT: Expr = bin('div', rational(1n), bin('mul', rational(2n), sym(ETA)));

export function edgeCoupling(loss: Loss, weight: Expr = COUPLING_WEIGHT): EdgeCoupling {
  const first = loss.vars.map((v) => `${v}_1`);
  const second = loss.vars.map((v) => `${v}_2`);
  const copy = (names: readonly string[]): Expr =>
    substitute(loss.expr, new Map(loss.vars.map((v, i) => [v, sym(names[i] as string)])));
  // One weighted square per coordinate, not the weight times their sum: nerdamer expands a sum of
  // squared differences into its monomials, which made each derivative of A about 10x slower in 2-D.
  const expr = first.reduce(
    (acc, a, i) => bin('sub', acc, bin('mul', weight, bin('pow', bin('sub', sym(a), sym(second[i] as string)), rational(2n)))),
    bin('add', copy(first), copy(second)),
  );
  // Each side's gradient is derived on first use: a check that reads one side (or only A) skips the other.
  let gradFirst: readonly Expr[] | undefined;
  let gradSecond: readonly Expr[] | undefined;
  return {
    first,
    second,
    expr,
    get gradFirst() {
      return (gradFirst ??= first.map((v) => differentiate(expr, v)));
    },
    get gradSecond() {
      return (gradSecond ??= second.map((v) => differentiate(expr, v)));
    },
  };
}
