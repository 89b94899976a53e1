import type { Decimal } from 'decimal.js';
import type { Expr } from '../symbolic/ast.js';
import { DomainError, type Algebra } from './algebra.js';
import { bigDecimalArithmetic, type BigDecimal } from './big-decimal.js';
import { compileAll } from './compile.js';
import type { NumericContext } from './context.js';
import { decimalAlgebra, integerPower } from './decimal-algebra.js';

/**
 * The decimal algebra's values, operation for operation, with sums, products, quotients, square
 * roots and integer powers in BigInt arithmetic (big-decimal.ts: the same correctly rounded
 * results as decimal.js). Every other function converts its argument to a Decimal and calls the
 * decimal algebra itself, so domain errors, messages and elementary functions are that algebra's.
 * The one difference: a value beyond decimal.js's exponent range (10^9e15) is a DomainError here
 * where a product there would carry Infinity on.
 */
const algebras = new WeakMap<NumericContext, Algebra<BigDecimal>>();

export function fastDecimalAlgebra(ctx: NumericContext): Algebra<BigDecimal> {
  let alg = algebras.get(ctx);
  if (!alg) algebras.set(ctx, (alg = makeAlgebra(ctx)));
  return alg;
}

function makeAlgebra(ctx: NumericContext): Algebra<BigDecimal> {
  const big = bigDecimalArithmetic(ctx);
  const dec = decimalAlgebra(ctx);
  const one = big.fromDecimal(new ctx.D(1));
  // The same BigDecimal object (a shared subexpression) converts to the same Decimal object: the
  // decimal algebra computes sinh, cosh, tanh and sech of one argument once, by identity.
  const decimals = new WeakMap<BigDecimal, Decimal>();
  const toDecimal = (a: BigDecimal): Decimal => {
    let d = decimals.get(a);
    if (!d) decimals.set(a, (d = big.toDecimal(a)));
    return d;
  };
  const viaDecimal = (value: Decimal): BigDecimal => big.fromDecimal(value);
  const divide = (a: BigDecimal, b: BigDecimal): BigDecimal => {
    if (b.n === 0) throw new DomainError('division by zero');
    return big.div(a, b);
  };
  const power = (a: BigDecimal, k: bigint): BigDecimal => integerPower(a, k, one, big.mul, divide);
  return {
    rational: (num, den) => viaDecimal(dec.rational(num, den)),
    constant: (name) => viaDecimal(dec.constant(name)),
    add: big.add,
    sub: big.sub,
    mul: big.mul,
    div: divide,
    neg: big.neg,
    powRational: (a, num, den) => {
      if (den === 1n) {
        if (a.n === 0 && num < 0n) throw new DomainError('division by zero (negative power of 0)');
        return power(a, num);
      }
      if (den !== 2n) return viaDecimal(dec.powRational(toDecimal(a), num, den));
      // The decimal algebra's checks in its order (a -0 counts as negative there too).
      if (a.s < 0) throw new DomainError('non-integer power of a negative number');
      if (a.n === 0) throw new DomainError('non-integer power is not smooth at 0');
      const m = (num - 1n) / 2n;
      const root = big.sqrt(a);
      return m === 0n ? root : m > 0n ? big.mul(root, power(a, m)) : divide(root, power(a, -m));
    },
    pow: (a, b) => viaDecimal(dec.pow(toDecimal(a), toDecimal(b))),
    apply: (fn, a) => {
      if (fn === 'sqrt') {
        if (a.n === 0) throw new DomainError('sqrt is not smooth at 0');
        if (a.s < 0) throw new DomainError('sqrt of a negative number');
        return big.sqrt(a);
      }
      if (fn === 'abs') {
        if (a.n === 0) throw new DomainError('abs is not smooth at 0');
        return big.abs(a);
      }
      return viaDecimal(dec.apply(fn, toDecimal(a)));
    },
    regroupSquares: true,
  };
}

/**
 * Trees compiled over the fast algebra, called with Decimals and returning Decimals (one
 * conversion per input and per output): the decimal algebra's values at a fraction of the cost.
 */
export function compileDecimal(roots: readonly Expr[], ctx: NumericContext, slots: readonly string[]): (values: readonly Decimal[]) => Decimal[] {
  const big = bigDecimalArithmetic(ctx);
  const f = compileAll(roots, fastDecimalAlgebra(ctx), slots);
  return (values) => f(values.map(big.fromDecimal)).map(big.toDecimal);
}
