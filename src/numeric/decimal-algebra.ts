import type { Decimal } from 'decimal.js';
import type { SmoothFunction } from '../symbolic/functions.js';
import { DomainError, type Algebra } from './algebra.js';
import type { NumericContext } from './context.js';
import { decimalProduct } from './decimal-product.js';
import { reducible, vanishesAt } from './elementary.js';
import { fastElementary, type Hyperbolic } from './fast-elementary.js';

/** Refuse NaN and infinities: an undefined value is an error with a reason, never a printed NaN. */
function finite(x: Decimal, what: string): Decimal {
  if (!x.isFinite()) throw new DomainError(`${what} is undefined here`);
  return x;
}

/**
 * Values at the context's working precision. decimal.js rounds each operation correctly to that
 * precision (its trig functions too); exp, log and the hyperbolic functions come from
 * fast-elementary.ts, within 0.51 ulp and several times faster than decimal.js's own (asinh and
 * acosh from 2 on: a few ulp, at the working precision whatever the exponent). The guard
 * digits of the context bound the accumulated error.
 */
const algebras = new WeakMap<NumericContext, Algebra<Decimal>>();

export function decimalAlgebra(ctx: NumericContext): Algebra<Decimal> {
  let alg = algebras.get(ctx);
  if (!alg) {
    alg = makeDecimalAlgebra(ctx);
    algebras.set(ctx, alg);
  }
  return alg;
}

type Product = (a: Decimal, b: Decimal) => Decimal;

/**
 * a^k: one correctly rounded product for a square (the commonest power in CAS derivatives), and a
 * reciprocal for a negative power (quotient rules give ^(-1) and ^(-2)): decimal.js's pow of a
 * negative integer runs its power loop at raised precision and then divides, 3x the cost.
 */
function integerPower(a: Decimal, k: bigint, one: Decimal, times: Product): Decimal {
  if (k === 1n) return a;
  if (k === 2n) return times(a, a);
  if (k < 0n) return one.div(integerPower(a, -k, one, times));
  return a.pow(k.toString());
}

function makeDecimalAlgebra(ctx: NumericContext): Algebra<Decimal> {
  const { D } = ctx;
  const one = new D(1);
  const times = decimalProduct(ctx);
  const fast = fastElementary(ctx);
  // Computed on first use (pi is the slowest constant at high precision).
  const constants: Partial<Record<'e' | 'pi', Decimal>> = {};
  const positive = (a: Decimal, fn: string): void => {
    if (!a.isPositive() || a.isZero()) throw new DomainError(`${fn} needs a positive argument, got ${a.toSignificantDigits(6).toString()}`);
  };
  // tan, sec, csc, cot as quotients: decimal.js's own tan loses digits near a pole, and the pole
  // test is the jet algebra's, so both routes call the same points undefined.
  const quotient = (num: Decimal, den: Decimal, x: Decimal, message: string): Decimal => {
    if (vanishesAt(den, x, ctx.precision)) throw new DomainError(message);
    return num.div(den);
  };
  // sinh, cosh, tanh and sech of the last argument: CAS derivatives of tanh(u) hold tanh(u),
  // sech(u)^2, ... of one shared u (compile() hands the same Decimal object to each), and decimals
  // are immutable.
  let lastArgument: Decimal | undefined;
  let lastQuartet: Hyperbolic | undefined;
  const hyperbolic = (a: Decimal): Hyperbolic => {
    if (a !== lastArgument || !lastQuartet) {
      lastQuartet = fast.hyperbolic(a);
      lastArgument = a;
    }
    return lastQuartet;
  };
  const table: Record<SmoothFunction, (a: Decimal) => Decimal> = {
    exp: (a) => fast.exp(a),
    log: (a) => (positive(a, 'log'), fast.ln(a)),
    sqrt: (a) => {
      // Zero first: decimal.js has a -0, which isNegative() would call negative.
      if (a.isZero()) throw new DomainError('sqrt is not smooth at 0');
      if (a.isNegative()) throw new DomainError('sqrt of a negative number');
      return D.sqrt(a);
    },
    sin: (a) => D.sin(reducible(D, a, 'sin', ctx.guard)),
    cos: (a) => D.cos(reducible(D, a, 'cos', ctx.guard)),
    tan: (a) => quotient(D.sin(reducible(D, a, 'tan', ctx.guard)), D.cos(a), a, 'tan is undefined where cos = 0'),
    sec: (a) => quotient(one, D.cos(reducible(D, a, 'sec', ctx.guard)), a, 'sec is undefined where cos = 0'),
    csc: (a) => quotient(one, D.sin(reducible(D, a, 'csc', ctx.guard)), a, 'csc is undefined where sin = 0'),
    cot: (a) => quotient(D.cos(reducible(D, a, 'cot', ctx.guard)), D.sin(a), a, 'cot is undefined where sin = 0'),
    sinh: (a) => hyperbolic(a).sinh(),
    cosh: (a) => hyperbolic(a).cosh(),
    tanh: (a) => hyperbolic(a).tanh(),
    sech: (a) => hyperbolic(a).sech(),
    csch: (a) => quotient(one, hyperbolic(a).sinh(), a, 'csch is undefined at 0'),
    coth: (a) => quotient(hyperbolic(a).cosh(), hyperbolic(a).sinh(), a, 'coth is undefined at 0'),
    asin: (a) => D.asin(a),
    acos: (a) => D.acos(a),
    atan: (a) => D.atan(a),
    asinh: (a) => fast.asinh(a),
    acosh: (a) => fast.acosh(a),
    atanh: (a) => D.atanh(a),
    abs: (a) => {
      if (a.isZero()) throw new DomainError('abs is not smooth at 0');
      return a.abs();
    },
  };
  return {
    rational: (num, den) => new D(num.toString()).div(den.toString()),
    constant: (name) => (constants[name] ??= name === 'pi' ? D.acos(-1) : D.exp(1)),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: times,
    div: (a, b) => {
      if (b.isZero()) throw new DomainError('division by zero');
      return a.div(b);
    },
    neg: (a) => a.neg(),
    powRational: (a, num, den) => {
      if (den === 1n) {
        if (a.isZero() && num < 0n) throw new DomainError('division by zero (negative power of 0)');
        // A square is one correctly rounded product (the commonest power in CAS derivatives); pow
        // would parse the exponent and run its integer-power loop at raised precision.
        return finite(integerPower(a, num, one, times), 'power');
      }
      if (a.isNegative()) throw new DomainError('non-integer power of a negative number');
      if (a.isZero()) throw new DomainError('non-integer power is not smooth at 0');
      if (den === 2n) {
        // a^(m + 1/2) = a^m sqrt(a): derivatives of sqrt are full of ^(-1/2) and ^(-3/2), and
        // decimal.js's pow takes exp(y ln a) at raised precision for them (30x slower). A correctly
        // rounded sqrt and |m| + 1 more roundings stay a few units in the last place.
        const m = (num - 1n) / 2n;
        const root = D.sqrt(a);
        return finite(m === 0n ? root : m > 0n ? times(root, integerPower(a, m, one, times)) : root.div(integerPower(a, -m, one, times)), 'power');
      }
      return finite(a.pow(new D(num.toString()).div(den.toString())), 'power');
    },
    pow: (a, b) => {
      positive(a, 'a power with a variable exponent');
      return finite(a.pow(b), 'power');
    },
    apply: (fn, a) => finite(table[fn](a), `${fn}(${a.toSignificantDigits(6).toString()})`),
    regroupSquares: true,
  };
}
