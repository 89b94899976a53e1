import type { Decimal } from 'decimal.js';
import { derive, type Derivation } from '../symbolic/derive.js';
import type { Loss } from '../symbolic/loss.js';
import { numericContext, type NumericContext } from './context.js';
import { crossCheck, jetValues, symbolicValues, type CrossCheck, type DerivativeValues } from './derivative-values.js';
import { parsePoint } from './evaluate.js';

export interface PointReport {
  /** The coordinates as the user wrote them, and their values at the working precision. */
  readonly input: readonly string[];
  readonly point: readonly Decimal[];
  readonly context: NumericContext;
  /** Derivative values from the CAS expressions (route 1). */
  readonly values: DerivativeValues;
  /** Route 1 against Taylor-mode jets (route 2), over every entry up to the derived order. */
  readonly crossCheck: CrossCheck;
}

export interface DeriveReport {
  readonly derivation: Derivation;
  readonly order: number;
  readonly at?: PointReport;
}

export interface DeriveOptions {
  /** Highest derivative order, 1..4 (default 2: gradient and Hessian). */
  readonly order?: number;
  /** Coordinates as exact strings ("7/10"), one per variable. */
  readonly at?: readonly string[];
  readonly digits?: number;
}

/** The `derive` job: symbolic derivatives, and with a point their values checked by a second method. */
export function deriveReport(loss: Loss, options: DeriveOptions = {}): DeriveReport {
  const order = options.order ?? 2;
  // Parse the point before the (slower) symbolic work so that bad input fails fast.
  const context = options.at ? numericContext(options.digits ?? 30) : undefined;
  const point = options.at && context ? parsePoint(options.at, loss, context) : undefined;
  const derivation = derive(loss, order);
  if (!point || !context) return { derivation, order };
  const values = symbolicValues(loss, derivation.table, point, context);
  const jets = jetValues(loss, point, order, context);
  const check = crossCheck(loss.vars.length, order, values, jets, context);
  return { derivation, order, at: { input: options.at ?? [], point, context, values, crossCheck: check } };
}
