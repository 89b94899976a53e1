import type { SmoothFunction } from '../symbolic/functions.js';
import { DomainError, type Algebra } from './algebra.js';

/** Refuse NaN and infinities, as the decimal algebra does: a float64 overflow is an error with a reason. */
function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw new DomainError(`${what} is not finite in float64`);
  return x;
}

function positive(a: number, fn: string): void {
  if (!(a > 0)) throw new DomainError(`${fn} needs a positive argument, got ${a.toPrecision(6)}`);
}

/** A pole test on the float64 scale, the analogue of `vanishesAt` for decimals. */
function quotient(num: number, den: number, x: number, message: string): number {
  if (Math.abs(den) <= Math.max(1, Math.abs(x)) * 4 * Number.EPSILON) throw new DomainError(message);
  return num / den;
}

const TABLE: Record<SmoothFunction, (a: number) => number> = {
  exp: (a) => finite(Math.exp(a), 'exp'),
  log: (a) => (positive(a, 'log'), Math.log(a)),
  sqrt: (a) => {
    if (a === 0) throw new DomainError('sqrt is not smooth at 0');
    if (a < 0) throw new DomainError('sqrt of a negative number');
    return Math.sqrt(a);
  },
  sin: Math.sin,
  cos: Math.cos,
  tan: (a) => quotient(Math.sin(a), Math.cos(a), a, 'tan is undefined where cos = 0'),
  sec: (a) => quotient(1, Math.cos(a), a, 'sec is undefined where cos = 0'),
  csc: (a) => quotient(1, Math.sin(a), a, 'csc is undefined where sin = 0'),
  cot: (a) => quotient(Math.cos(a), Math.sin(a), a, 'cot is undefined where sin = 0'),
  sinh: (a) => finite(Math.sinh(a), 'sinh'),
  cosh: (a) => finite(Math.cosh(a), 'cosh'),
  tanh: Math.tanh,
  sech: (a) => 1 / Math.cosh(a),
  csch: (a) => quotient(1, Math.sinh(a), a, 'csch is undefined at 0'),
  coth: (a) => quotient(Math.cosh(a), Math.sinh(a), a, 'coth is undefined at 0'),
  asin: (a) => {
    if (!(Math.abs(a) <= 1)) throw new DomainError('asin needs an argument in [-1, 1]');
    return Math.asin(a);
  },
  acos: (a) => {
    if (!(Math.abs(a) <= 1)) throw new DomainError('acos needs an argument in [-1, 1]');
    return Math.acos(a);
  },
  atan: Math.atan,
  asinh: Math.asinh,
  acosh: (a) => {
    if (!(a >= 1)) throw new DomainError('acosh needs an argument >= 1');
    return Math.acosh(a);
  },
  atanh: (a) => {
    if (!(Math.abs(a) < 1)) throw new DomainError('atanh needs an argument in (-1, 1)');
    return Math.atanh(a);
  },
  abs: (a) => {
    if (a === 0) throw new DomainError('abs is not smooth at 0');
    return Math.abs(a);
  },
};

/** One smooth function with the algebra's finite check, as `apply(fn, .)` does it. */
export function floatFunction(fn: SmoothFunction): (a: number) => number {
  const f = TABLE[fn];
  return (a) => finite(f(a), fn);
}

/** a^(num/den) with the exponent as two float64 integers: `powRational` without BigInts. */
export function floatPowRational(a: number, num: number, den: number): number {
  if (den === 1) {
    if (a === 0 && num < 0) throw new DomainError('division by zero (negative power of 0)');
    return finite(a ** num, 'power');
  }
  if (a < 0) throw new DomainError('non-integer power of a negative number');
  if (a === 0) throw new DomainError('non-integer power is not smooth at 0');
  return finite(a ** (num / den), 'power');
}

/**
 * Values in IEEE double precision: the fast path for runs of 10^5 to 10^6 GD steps, where decimal
 * arithmetic would take hours. It makes the same domain decisions as the decimal algebra (and
 * refuses overflow), so a float64 run fails where a decimal run would, with a reason.
 */
export const floatAlgebra: Algebra<number> = {
  rational: (num, den) => Number(num) / Number(den),
  constant: (name) => (name === 'pi' ? Math.PI : Math.E),
  add: (a, b) => finite(a + b, 'a sum'),
  sub: (a, b) => finite(a - b, 'a difference'),
  mul: (a, b) => finite(a * b, 'a product'),
  div: (a, b) => {
    if (b === 0) throw new DomainError('division by zero');
    return finite(a / b, 'a quotient');
  },
  neg: (a) => -a,
  powRational: (a, num, den) => floatPowRational(a, Number(num), Number(den)),
  pow: (a, b) => {
    positive(a, 'a power with a variable exponent');
    return finite(a ** b, 'power');
  },
  apply: (fn, a) => finite(TABLE[fn](a), fn),
};
