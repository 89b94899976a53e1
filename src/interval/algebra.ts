import type { SmoothFunction } from '../symbolic/functions.js';
import type { Algebra } from '../numeric/algebra.js';
import { intervalArithmetic, type Interval, type IntervalArithmetic } from './interval.js';

/**
 * Interval evaluation of any expression tree through `compile()`: a loss, or a CAS derivative of
 * it, evaluated on a box gives an interval guaranteed to contain every value on the box. Points
 * where the tree is undefined or not smooth anywhere in the box throw DomainError, as the decimal
 * algebra does at a single point.
 */
const algebras = new Map<number, Algebra<Interval>>();

export function intervalAlgebra(precision: number): Algebra<Interval> {
  let alg = algebras.get(precision);
  if (!alg) {
    alg = makeIntervalAlgebra(intervalArithmetic(precision));
    algebras.set(precision, alg);
  }
  return alg;
}

function makeIntervalAlgebra(ia: IntervalArithmetic): Algebra<Interval> {
  const one = ia.rational(1n, 1n);
  const table: Record<SmoothFunction, (a: Interval) => Interval> = {
    exp: (a) => ia.exp(a),
    log: (a) => ia.log(a),
    sqrt: (a) => ia.sqrt(a),
    sin: (a) => ia.sin(a),
    cos: (a) => ia.cos(a),
    tan: (a) => ia.tan(a),
    sec: (a) => ia.div(one, ia.cos(a)),
    csc: (a) => ia.div(one, ia.sin(a)),
    cot: (a) => ia.div(ia.cos(a), ia.sin(a)),
    sinh: (a) => ia.sinh(a),
    cosh: (a) => ia.cosh(a),
    tanh: (a) => ia.tanh(a),
    sech: (a) => ia.div(one, ia.cosh(a)),
    csch: (a) => ia.div(one, ia.sinh(a)),
    coth: (a) => ia.div(ia.cosh(a), ia.sinh(a)),
    asin: (a) => ia.asin(a),
    acos: (a) => ia.acos(a),
    atan: (a) => ia.atan(a),
    asinh: (a) => ia.asinh(a),
    acosh: (a) => ia.acosh(a),
    atanh: (a) => ia.atanh(a),
    abs: (a) => ia.abs(a),
  };
  return {
    rational: (num, den) => ia.rational(num, den),
    constant: (name) => (name === 'pi' ? ia.pi() : ia.e()),
    add: (a, b) => ia.add(a, b),
    sub: (a, b) => ia.sub(a, b),
    mul: (a, b) => ia.mul(a, b),
    div: (a, b) => ia.div(a, b),
    neg: (a) => ia.neg(a),
    powRational: (a, num, den) => ia.powRational(a, num, den),
    pow: (a, b) => ia.pow(a, b),
    apply: (fn, a) => table[fn](a),
  };
}
