import type { Decimal } from 'decimal.js';

/** A result printed with exactly the requested number of significant digits (trailing zeros kept). */
export function formatDecimal(x: Decimal, digits: number): string {
  return x.toPrecision(digits);
}

/** A residual or tolerance: three significant digits are all anyone reads. */
export function formatResidual(x: Decimal): string {
  return x.isZero() ? '0' : x.toExponential(2);
}
