import type { Expr } from '../symbolic/ast.js';

/** Structurally equal subtrees of several trees, numbered: each node's id and how often each id occurs. */
export interface HashConsed {
  readonly idOf: ReadonlyMap<Expr, number>;
  readonly uses: readonly number[];
}

/**
 * Hash-consing: structurally equal subtrees get one id (keys are built from the children's ids, so
 * they stay short), and every occurrence is counted, inside repeated parents too.
 */
export function hashCons(roots: readonly Expr[]): HashConsed {
  const ids = new Map<string, number>();
  const uses: number[] = [];
  const idOf = new Map<Expr, number>();
  const intern = (e: Expr): number => {
    const children = e.kind === 'num' || e.kind === 'sym' ? [] : e.kind === 'neg' ? [e.arg] : e.kind === 'call' ? e.args : [e.left, e.right];
    const childIds = children.map(intern);
    const key =
      e.kind === 'num' ? `n${e.num}/${e.den}` : e.kind === 'sym' ? `s${e.name}` : `${e.kind === 'call' ? e.fn : e.kind}(${childIds.join(',')})`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      uses[id] = 0;
    }
    uses[id]!++;
    idOf.set(e, id);
    return id;
  };
  roots.forEach(intern);
  return { idOf, uses };
}
