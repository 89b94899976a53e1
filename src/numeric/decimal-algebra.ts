import type { Decimal } from 'decimal.js';
import type { SmoothFunction } from '../symbolic/functions.js';
import { DomainError, type Algebra } from './algebra.js';
import type { NumericContext } from './context.js';
import { decimalProduct } from './decimal-product.js';
import { reducible, vanishesAt } from './elementary.js';
import { fastElementary, type Hyperbolic } from './fast-elementary.js';
import { fastTrigonometric, type Circular } from './fast-trigonometric.js';

/** Refuse NaN and infinities: an undefined value is an error with a reason, never a printed NaN. */
function finite(x: Decimal, what: string): Decimal {
  if (!x.isFinite()) throw new DomainError(`${what} is undefined here`);
  return x;
}

/**
 * Values at the context's working precision. decimal.js rounds each arithmetic operation and
 * square root correctly to that precision; exp, log, the hyperbolic functions and their inverses
 * come from fast-elementary.ts, the trigonometric functions and their inverses from
 * fast-trigonometric.ts, within 0.51 ulp and several times faster than decimal.js's own. The
 * guard digits of the context bound the accumulated error. fast-decimal-algebra.ts gives the same
 * values with its arithmetic in BigInt.
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

/**
 * a^k for an integer k: one correctly rounded product for a square (the commonest power in CAS
 * derivatives), a reciprocal for a negative power (quotient rules give ^(-1) and ^(-2)), and
 * square-and-multiply from the leading bit otherwise: at most 2 log2 k roundings, inside the guard
 * digits. One sequence of operations for every algebra that shares it (decimal and
 * fast-decimal-algebra.ts), so the two give the same digits; decimal.js's own pow of an integer
 * runs at raised precision and then divides, 3x the cost.
 */
export function integerPower<T>(a: T, k: bigint, one: T, times: (x: T, y: T) => T, divide: (x: T, y: T) => T): T {
  if (k < 0n) return divide(one, integerPower(a, -k, one, times, divide));
  if (k === 0n) return one;
  let r = a;
  for (const bit of k.toString(2).slice(1)) {
    r = times(r, r);
    if (bit === '1') r = times(r, a);
  }
  return r;
}

function makeDecimalAlgebra(ctx: NumericContext): Algebra<Decimal> {
  const { D } = ctx;
  const one = new D(1);
  const times = decimalProduct(ctx);
  const fast = fastElementary(ctx);
  const trig = fastTrigonometric(ctx);
  const quotientOf = (a: Decimal, b: Decimal): Decimal => a.div(b);
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
  const lastOf = <T>(compute: (a: Decimal) => T): ((a: Decimal) => T) => {
    let lastArgument: Decimal | undefined;
    let last: T | undefined;
    return (a) => {
      if (a !== lastArgument || last === undefined) {
        last = compute(a);
        lastArgument = a;
      }
      return last;
    };
  };
  const hyperbolic = lastOf((a): Hyperbolic => fast.hyperbolic(a));
  // The same for sin and cos (and so tan, sec, csc, cot) of one argument.
  const circular = lastOf((a): Circular => trig.circular(a));
  const table: Record<SmoothFunction, (a: Decimal) => Decimal> = {
    exp: (a) => fast.exp(a),
    log: (a) => (positive(a, 'log'), fast.ln(a)),
    sqrt: (a) => {
      // Zero first: decimal.js has a -0, which isNegative() would call negative.
      if (a.isZero()) throw new DomainError('sqrt is not smooth at 0');
      if (a.isNegative()) throw new DomainError('sqrt of a negative number');
      return D.sqrt(a);
    },
    sin: (a) => circular(reducible(D, a, 'sin', ctx.guard)).sin(),
    cos: (a) => circular(reducible(D, a, 'cos', ctx.guard)).cos(),
    tan: (a) => quotient(circular(reducible(D, a, 'tan', ctx.guard)).sin(), circular(a).cos(), a, 'tan is undefined where cos = 0'),
    sec: (a) => quotient(one, circular(reducible(D, a, 'sec', ctx.guard)).cos(), a, 'sec is undefined where cos = 0'),
    csc: (a) => quotient(one, circular(reducible(D, a, 'csc', ctx.guard)).sin(), a, 'csc is undefined where sin = 0'),
    cot: (a) => quotient(circular(reducible(D, a, 'cot', ctx.guard)).cos(), circular(a).sin(), a, 'cot is undefined where sin = 0'),
    sinh: (a) => hyperbolic(a).sinh(),
    cosh: (a) => hyperbolic(a).cosh(),
    tanh: (a) => hyperbolic(a).tanh(),
    sech: (a) => hyperbolic(a).sech(),
    csch: (a) => quotient(one, hyperbolic(a).sinh(), a, 'csch is undefined at 0'),
    coth: (a) => quotient(hyperbolic(a).cosh(), hyperbolic(a).sinh(), a, 'coth is undefined at 0'),
    asin: (a) => trig.asin(a),
    acos: (a) => trig.acos(a),
    atan: (a) => trig.atan(a),
    asinh: (a) => fast.asinh(a),
    acosh: (a) => fast.acosh(a),
    atanh: (a) => fast.atanh(a),
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
        return finite(integerPower(a, num, one, times, quotientOf), 'power');
      }
      if (a.isNegative()) throw new DomainError('non-integer power of a negative number');
      if (a.isZero()) throw new DomainError('non-integer power is not smooth at 0');
      if (den === 2n) {
        // a^(m + 1/2) = a^m sqrt(a): derivatives of sqrt are full of ^(-1/2) and ^(-3/2), and
        // decimal.js's pow takes exp(y ln a) at raised precision for them (30x slower). A correctly
        // rounded sqrt and |m| + 1 more roundings stay a few units in the last place.
        const m = (num - 1n) / 2n;
        const root = D.sqrt(a);
        return finite(m === 0n ? root : m > 0n ? times(root, integerPower(a, m, one, times, quotientOf)) : root.div(integerPower(a, -m, one, times, quotientOf)), 'power');
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
