import { derivativeTable, type DerivativeTable } from './derivatives.js';
import { edgeCoupling, type EdgeCoupling } from './edge-coupling.js';
import { identities, type Identity } from './identities.js';
import type { Loss } from './loss.js';

/** Everything `eoskit derive` shows symbolically for one loss. */
export interface Derivation {
  readonly loss: Loss;
  readonly table: DerivativeTable;
  readonly edgeCoupling: EdgeCoupling;
  readonly identities: readonly Identity[];
}

export function derive(loss: Loss, order = 2): Derivation {
  const table = derivativeTable(loss.expr, loss.vars, order);
  return { loss, table, edgeCoupling: edgeCoupling(loss), identities: identities(loss, table) };
}
