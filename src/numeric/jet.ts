import type { Decimal } from 'decimal.js';
import type { SmoothFunction } from '../symbolic/functions.js';
import { DomainError, type Algebra } from './algebra.js';
import type { NumericContext } from './context.js';
import { reducible, vanishesAt } from './elementary.js';
import { cosSeries, coshSeries, expSeries, logSeries, powerSeries, sinSeries, sinhSeries, type TaylorCoefficients } from './univariate-series.js';

/**
 * Taylor-mode automatic differentiation: a jet is the Taylor polynomial of total degree `order` of
 * a function of `nvars` variables around a point, with exact truncation. Evaluating an expression
 * tree in the jet algebra gives all its partial derivatives up to `order` without any symbolic
 * work, which makes it an independent check of derivatives computed by a CAS.
 */

/** The monomials h^alpha with |alpha| <= order, graded: constant first, then degree 1, 2, ... */
export interface JetSpace {
  readonly nvars: number;
  readonly order: number;
  readonly monomials: readonly (readonly number[])[];
  index(exponents: readonly number[]): number;
}

/** c[i] is the Taylor coefficient of monomials[i]: D^alpha f / alpha!. */
export interface Jet {
  readonly c: readonly Decimal[];
}

export interface JetAlgebra extends Algebra<Jet> {
  readonly space: JetSpace;
  /** w_i + h_i: the i-th variable expanded around the value w_i. */
  variable(i: number, value: Decimal.Value): Jet;
  constantJet(value: Decimal.Value): Jet;
}

/** Exponent vectors of total degree `degree`, lexicographically descending (x^2, xy, y^2). */
function exponentsOfDegree(nvars: number, degree: number): number[][] {
  if (nvars === 1) return [[degree]];
  const out: number[][] = [];
  for (let first = degree; first >= 0; first--) {
    for (const rest of exponentsOfDegree(nvars - 1, degree - first)) out.push([first, ...rest]);
  }
  return out;
}

class MonomialSpace implements JetSpace {
  readonly monomials: readonly (readonly number[])[];
  /** products[k] lists the pairs (i, j) with monomials[i] * monomials[j] = monomials[k]. */
  readonly products: readonly (readonly (readonly [number, number])[])[];
  private readonly positions = new Map<string, number>();

  constructor(
    readonly nvars: number,
    readonly order: number,
  ) {
    const monomials: number[][] = [];
    for (let degree = 0; degree <= order; degree++) monomials.push(...exponentsOfDegree(nvars, degree));
    monomials.forEach((m, i) => this.positions.set(m.join(','), i));
    const products: [number, number][][] = monomials.map(() => []);
    monomials.forEach((a, i) => {
      monomials.forEach((b, j) => {
        // Products of total degree above `order` are the truncation: the map has no entry for them.
        const k = this.positions.get(a.map((e, v) => e + b[v]!).join(','));
        if (k !== undefined) products[k]!.push([i, j]);
      });
    });
    this.monomials = monomials;
    this.products = products;
  }

  index(exponents: readonly number[]): number {
    const k = exponents.length === this.nvars ? this.positions.get(exponents.join(',')) : undefined;
    if (k === undefined) {
      throw new RangeError(`[${exponents.join(', ')}] is not a monomial of ${this.nvars} variables of degree at most ${this.order}`);
    }
    return k;
  }
}

const spaces = new Map<string, MonomialSpace>();

export function jetSpace(nvars: number, order: number): JetSpace {
  if (!Number.isInteger(nvars) || nvars < 1 || !Number.isInteger(order) || order < 1) {
    throw new RangeError(`a jet space needs at least 1 variable and order at least 1, got ${nvars} and ${order}`);
  }
  const key = `${nvars},${order}`;
  let space = spaces.get(key);
  if (!space) {
    space = new MonomialSpace(nvars, order);
    spaces.set(key, space);
  }
  return space;
}

/** D^alpha f at the expansion point: the coefficient times alpha!. */
export function partialDerivative(space: JetSpace, jet: Jet, exponents: readonly number[], ctx: NumericContext): Decimal {
  const coefficient = jet.c[space.index(exponents)];
  if (coefficient === undefined || jet.c.length !== space.monomials.length) throw new RangeError('the jet does not belong to this space');
  let alphaFactorial = 1n;
  for (const e of exponents) for (let j = 2n; j <= BigInt(e); j++) alphaFactorial *= j;
  return new ctx.D(coefficient).times(alphaFactorial.toString());
}

/** The partial derivative named by variable indices ([0, 0, 1]: d^3/dx0^2 dx1), as derivative tables name it. */
export function partialByIndices(space: JetSpace, jet: Jet, indices: readonly number[], ctx: NumericContext): Decimal {
  const exponents = Array.from({ length: space.nvars }, (_, v) => indices.filter((i) => i === v).length);
  return partialDerivative(space, jet, exponents, ctx);
}

const algebras = new WeakMap<NumericContext, Map<JetSpace, JetAlgebra>>();

export function jetAlgebra(ctx: NumericContext, space: JetSpace): JetAlgebra {
  if (!(space instanceof MonomialSpace)) throw new TypeError('build jet spaces with jetSpace()');
  let perSpace = algebras.get(ctx);
  if (!perSpace) {
    perSpace = new Map();
    algebras.set(ctx, perSpace);
  }
  let algebra = perSpace.get(space);
  if (!algebra) {
    algebra = makeJetAlgebra(ctx, space);
    perSpace.set(space, algebra);
  }
  return algebra;
}

const show = (x: Decimal): string => x.toSignificantDigits(6).toString();

/** p/q in lowest terms with q > 0. */
function lowestTerms(num: bigint, den: bigint): [bigint, bigint] {
  if (den === 0n) throw new DomainError('division by zero');
  let [a, b] = [num < 0n ? -num : num, den < 0n ? -den : den];
  while (b !== 0n) [a, b] = [b, a % b];
  const sign = den < 0n ? -1n : 1n;
  return [(sign * num) / a, (sign * den) / a];
}

/** For sqrt and non-integer powers: smooth only where the base is positive. */
function requirePositiveBase(subject: string, x: Decimal): void {
  if (x.isZero()) throw new DomainError(`${subject} is not smooth at 0`);
  if (x.isNegative()) throw new DomainError(`${subject} is undefined at ${show(x)}`);
}

/** For asin, acos (not smooth at +-1) and atanh (undefined at +-1). */
function requireOpenUnitInterval(fn: string, x: Decimal, atEndpoints: 'not smooth' | 'undefined'): void {
  const size = x.abs();
  if (size.gt(1)) throw new DomainError(`${fn} is undefined at ${show(x)}`);
  if (size.eq(1)) throw new DomainError(`${fn} is ${atEndpoints} at ${show(x)}`);
}

function makeJetAlgebra(ctx: NumericContext, space: MonomialSpace): JetAlgebra {
  const { D } = ctx;
  const { order } = space;
  const size = space.monomials.length;
  const zero = new D(0);

  /** Every jet is built here, so no NaN or infinity from decimal.js escapes. */
  const jet = (c: Decimal[], what: string): Jet => {
    if (!c.every((x) => x.isFinite())) throw new DomainError(`${what} is not finite`);
    return { c };
  };
  const constantCoefficients = (x: Decimal): Decimal[] => [x, ...Array<Decimal>(size - 1).fill(zero)];
  const constantJet = (value: Decimal.Value): Jet => jet(constantCoefficients(new D(value)), `the constant ${String(value)}`);
  const unitIndex = Array.from({ length: space.nvars }, (_, i) => space.index(Array.from({ length: space.nvars }, (_e, v) => (v === i ? 1 : 0))));

  const mulCoefficients = (a: readonly Decimal[], b: readonly Decimal[]): Decimal[] =>
    space.products.map((pairs) => {
      let sum = zero;
      for (const [i, j] of pairs) sum = sum.plus(a[i]!.times(b[j]!));
      return sum;
    });

  /**
   * f(c0 + H) = sum_k s_k H^k for s_k = f^(k)(c0)/k!: H has no constant term, so H^(order+1) = 0
   * and the truncated sum is exact. Horner needs `order` jet products.
   */
  const compose = (s: TaylorCoefficients, a: Jet, what: string): Jet => {
    if (!s.every((x) => x.isFinite())) throw new DomainError(`${what} is not finite`);
    const h = [zero, ...a.c.slice(1)];
    let r = constantCoefficients(s[order]!);
    for (let k = order - 1; k >= 0; k--) {
      r = mulCoefficients(r, h);
      r[0] = s[k]!;
    }
    return jet(r, what);
  };

  const add = (a: Jet, b: Jet): Jet => jet(a.c.map((x, i) => x.plus(b.c[i]!)), 'a sum');
  const sub = (a: Jet, b: Jet): Jet => jet(a.c.map((x, i) => x.minus(b.c[i]!)), 'a difference');
  const neg = (a: Jet): Jet => jet(a.c.map((x) => x.neg()), 'a negation');
  const mul = (a: Jet, b: Jet): Jet => jet(mulCoefficients(a.c, b.c), 'a product');

  const power = (a: Jet, exponentNum: bigint, exponentDen: bigint): Jet => {
    const [num, den] = lowestTerms(exponentNum, exponentDen);
    const x = a.c[0]!;
    const subject = `the power with exponent ${num}${den === 1n ? '' : `/${den}`}`;
    if (den === 1n) {
      if (num < 0n && x.isZero()) throw new DomainError('division by zero (negative power of 0)');
    } else {
      requirePositiveBase(subject, x);
    }
    return compose(powerSeries(D, x, num, den, order), a, `${subject} at ${show(x)}`);
  };
  const reciprocal = (a: Jet): Jet => {
    if (a.c[0]!.isZero()) throw new DomainError('division by zero');
    return power(a, -1n, 1n);
  };

  const vanishing = (value: Decimal, x: Decimal): boolean => vanishesAt(value, x, ctx.precision);
  const inverseOf = (denominator: Jet, x: Decimal, message: string): Jet => {
    if (vanishing(denominator.c[0]!, x)) throw new DomainError(message);
    return reciprocal(denominator);
  };

  const series =
    (fn: SmoothFunction, taylor: (D: Decimal.Constructor, x0: Decimal, order: number) => TaylorCoefficients) =>
    (a: Jet): Jet =>
      compose(taylor(D, a.c[0]!, order), a, `${fn} at ${show(a.c[0]!)}`);
  const exp = series('exp', expSeries);
  const log = series('log', logSeries);
  // The same limits on the argument as the decimal algebra's sin and cos (elementary.ts).
  const sin = series('sin', (D, x0, order) => sinSeries(D, reducible(D, x0, 'sin', ctx.guard), order));
  const cos = series('cos', (D, x0, order) => cosSeries(D, reducible(D, x0, 'cos', ctx.guard), order));
  const sinh = series('sinh', sinhSeries);
  const cosh = series('cosh', coshSeries);

  /**
   * f(x0 + t) = f(x0) + sum_{k>=1} g_{k-1} t^k / k, where g is the Taylor series of f' at x0: f'
   * is algebraic for the inverse functions, so g comes from the 1-variable jet algebra.
   */
  const integral = (fn: SmoothFunction, a: Jet, value: Decimal, derivative: (t: Jet, u: JetAlgebra) => Jet): Jet => {
    const x = a.c[0]!;
    const u = jetAlgebra(ctx, jetSpace(1, order));
    const g = derivative(u.variable(0, x), u).c;
    const s = [value, ...g.slice(0, order).map((gk, k) => gk.div(k + 1))];
    return compose(s, a, `${fn} at ${show(x)}`);
  };
  /**
   * asinh x (sign 1) or acosh x (sign -1) from decimal.js's ln and sqrt from |x| = 2 on:
   * ln|x| + ln(1 + sqrt(1 +- x^-2)), no cancellation (the second ln is of 1.8 to 2). decimal.js's
   * own asinh and acosh raise their precision by the argument's exponent and do not finish at
   * |x| ~ 10^(10^6) (deep search seed 751205833: acosh(2 + exp(exp(5y/3)/3)^2) at y = 10).
   */
  const inverseHyperbolic = (x: Decimal, sign: 1 | -1): Decimal => {
    const a = x.abs();
    if (a.lt(2)) return sign === 1 ? D.asinh(x) : D.acosh(x);
    const r = D.ln(a).plus(D.ln(D.sqrt(new D(1).plus(new D(sign).div(a.times(a)))).plus(1)));
    return x.isNegative() ? r.neg() : r;
  };
  // (1 - t)(1 + t) rather than 1 - t^2: near |t| = 1 the subtraction 1 - t is exact, while 1 - t^2
  // would cancel the rounding error of t^2 up to the leading digits.
  const oneMinusSquare = (t: Jet, u: JetAlgebra): Jet => u.mul(u.sub(u.constantJet(1), t), u.add(u.constantJet(1), t));
  const squareMinusOne = (t: Jet, u: JetAlgebra): Jet => u.mul(u.sub(t, u.constantJet(1)), u.add(t, u.constantJet(1)));
  const onePlusSquare = (t: Jet, u: JetAlgebra): Jet => u.add(u.constantJet(1), u.mul(t, t));

  const functions: Record<SmoothFunction, (a: Jet, x: Decimal) => Jet> = {
    exp,
    log: (a, x) => {
      if (x.isZero() || x.isNegative()) throw new DomainError(`log is undefined at ${show(x)}`);
      return log(a);
    },
    sqrt: (a, x) => {
      requirePositiveBase('sqrt', x);
      return compose(powerSeries(D, x, 1n, 2n, order), a, `sqrt at ${show(x)}`);
    },
    sin,
    cos,
    tan: (a, x) => mul(sin(a), inverseOf(cos(a), x, `tan is undefined at ${show(x)}, where cos = 0`)),
    sec: (a, x) => inverseOf(cos(a), x, `sec is undefined at ${show(x)}, where cos = 0`),
    csc: (a, x) => inverseOf(sin(a), x, `csc is undefined at ${show(x)}, where sin = 0`),
    cot: (a, x) => mul(cos(a), inverseOf(sin(a), x, `cot is undefined at ${show(x)}, where sin = 0`)),
    sinh,
    cosh,
    // cosh >= 1 never vanishes; sinh vanishes only at 0, exactly.
    tanh: (a) => mul(sinh(a), reciprocal(cosh(a))),
    sech: (a) => reciprocal(cosh(a)),
    csch: (a, x) => inverseOf(sinh(a), x, 'csch is undefined at 0'),
    coth: (a, x) => mul(cosh(a), inverseOf(sinh(a), x, 'coth is undefined at 0')),
    asin: (a, x) => {
      requireOpenUnitInterval('asin', x, 'not smooth');
      return integral('asin', a, D.asin(x), (t, u) => u.powRational(oneMinusSquare(t, u), -1n, 2n));
    },
    acos: (a, x) => {
      requireOpenUnitInterval('acos', x, 'not smooth');
      return integral('acos', a, D.acos(x), (t, u) => u.neg(u.powRational(oneMinusSquare(t, u), -1n, 2n)));
    },
    atan: (a, x) => integral('atan', a, D.atan(x), (t, u) => u.powRational(onePlusSquare(t, u), -1n, 1n)),
    asinh: (a, x) => integral('asinh', a, inverseHyperbolic(x, 1), (t, u) => u.powRational(onePlusSquare(t, u), -1n, 2n)),
    acosh: (a, x) => {
      if (x.eq(1)) throw new DomainError('acosh is not smooth at 1');
      if (x.lt(1)) throw new DomainError(`acosh is undefined at ${show(x)}`);
      return integral('acosh', a, inverseHyperbolic(x, -1), (t, u) => u.powRational(squareMinusOne(t, u), -1n, 2n));
    },
    atanh: (a, x) => {
      requireOpenUnitInterval('atanh', x, 'undefined');
      return integral('atanh', a, D.atanh(x), (t, u) => u.powRational(oneMinusSquare(t, u), -1n, 1n));
    },
    abs: (a, x) => {
      if (x.isZero()) throw new DomainError('abs is not smooth at 0');
      return x.isNegative() ? neg(a) : a;
    },
  };

  // Computed on first use: decimal.js refuses pi beyond about 1020 digits of precision, and a
  // polynomial loss should not need it.
  const constants: Partial<Record<'e' | 'pi', Jet>> = {};

  return {
    space,
    variable: (i, value) => {
      if (!Number.isInteger(i) || i < 0 || i >= space.nvars) throw new RangeError(`variable index ${i} is outside 0..${space.nvars - 1}`);
      const c = constantCoefficients(new D(value));
      c[unitIndex[i]!] = new D(1);
      return jet(c, `the value ${String(value)}`);
    },
    constantJet,
    rational: (num, den) => {
      if (den === 0n) throw new DomainError('division by zero');
      return constantJet(new D(num.toString()).div(den.toString()));
    },
    constant: (name) => (constants[name] ??= constantJet(name === 'pi' ? D.acos(-1) : D.exp(1))),
    add,
    sub,
    mul,
    div: (a, b) => mul(a, reciprocal(b)),
    neg,
    powRational: power,
    pow: (a, b) => {
      const x = a.c[0]!;
      if (x.isZero() || x.isNegative()) throw new DomainError(`a power with a variable exponent needs a positive base, got ${show(x)}`);
      return exp(mul(b, log(a)));
    },
    apply: (fn, a) => functions[fn](a, a.c[0]!),
  };
}
