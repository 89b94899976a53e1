import fc from 'fast-check';
import { add, div, mul, neg, rat, sub, ZERO, type Rational } from '../src/dynamics/rational-polynomial.js';
import type { TheoremInput } from './theorem.js';

/**
 * Random smooth losses as source strings, built so that every composition is defined and smooth on
 * all of R^n: arguments of log, sqrt, acosh are shifted to be positive (1 + u^2), of asin, atanh
 * squeezed into (-1, 1), denominators kept away from zero. A failure of the property is then a
 * wrong derivative, not a domain accident. Coefficients are small rationals, so the strings are
 * exact and a counterexample replays identically.
 */
const coefficient = fc
  .tuple(fc.integer({ min: -5, max: 5 }).filter((p) => p !== 0), fc.integer({ min: 1, max: 4 }))
  .map(([p, q]) => (q === 1 ? `${p}` : `${p}/${q}`))
  .map((c) => (c.startsWith('-') ? `(${c})` : c));

const UNARY: readonly ((u: string) => string)[] = [
  (u) => `exp(${u}/3)`,
  (u) => `sin(${u})`,
  (u) => `cos(${u})`,
  (u) => `atan(${u})`,
  (u) => `tanh(${u})`,
  (u) => `sinh(${u}/2)`,
  (u) => `cosh(${u}/2)`,
  (u) => `log(1+(${u})^2)`,
  (u) => `sqrt(1+(${u})^2)`,
  (u) => `sqrt(2+sin(${u}))`,
  (u) => `(sqrt(1+(${u})^2)+${u})^3`,
  (u) => `asinh(${u})`,
  (u) => `acosh(2+(${u})^2)`,
  (u) => `asin((${u})/(2+(${u})^2))`,
  (u) => `atanh((${u})/(2+(${u})^2))`,
  (u) => `sech(${u})`,
  (u) => `(${u})^2`,
  (u) => `(${u})^3`,
  (u) => `1/(1+(${u})^2)`,
];

const BINARY: readonly ((a: string, b: string) => string)[] = [
  (a, b) => `${a}+${b}`,
  (a, b) => `${a}-${b}`,
  (a, b) => `(${a})*(${b})`,
  (a, b) => `(${a})/(2+(${b})^2)`,
];

export function smoothExpression(vars: readonly string[], maxDepth = 3): fc.Arbitrary<string> {
  const { node } = fc.letrec<{ expr: string; leaf: string; node: string }>((tie) => ({
    // Constants are rarer than variables: a composition of constants is a constant term.
    leaf: fc.oneof(
      { arbitrary: fc.constantFrom(...vars), weight: 2 },
      { arbitrary: fc.tuple(coefficient, fc.constantFrom(...vars)).map(([c, v]) => `${c}*${v}`), weight: 2 },
      { arbitrary: coefficient, weight: 1 },
    ),
    node: fc.oneof(
      fc.tuple(fc.constantFrom(...UNARY), tie('expr')).map(([f, u]) => f(u)),
      fc.tuple(fc.constantFrom(...BINARY), tie('expr'), tie('expr')).map(([f, a, b]) => f(a, b)),
    ),
    expr: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, tie('leaf'), tie('node')),
  }));
  // The top is always a composition (a bare leaf plus the quadratic below would be a quadratic loss,
  // on which every curvature identity is trivially exact), and a small quadratic makes sure that
  // every variable occurs.
  return node.map((e) => `${e}+${vars.map((v) => `${v}^2/8`).join('+')}`);
}

/** Exact rational coordinates in [-2, 2]. */
export const coordinate = fc
  .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 10 }))
  .map(([p, q]) => `${p}/${q}`);

/** A learning rate as an exact string in [1/10, 4]: small, near typical eta_c = 2/lambda, and large. */
export const learningRate = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(10))
  .map(([p, q]) => `${p}/${q}`);

/** A rational as [numerator, denominator] with a small range: exact, and printable as p/q. */
const smallRational = fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }));

interface Monomial {
  readonly c: Rational;
  readonly exponents: readonly number[];
}

const text = (r: Rational): string => (r.d === 1n ? `(${r.n})` : `(${r.n}/${r.d})`);
const power = (v: string, k: number): string => (k === 0 ? '' : k === 1 ? `*${v}` : `*${v}^${k}`);

/** d/dw_i of a polynomial at an exact point. */
function gradientAt(terms: readonly Monomial[], point: readonly Rational[]): Rational[] {
  return point.map((_, i) =>
    terms.reduce((acc, { c, exponents }) => {
      if (exponents[i] === 0) return acc;
      let value = mul(c, rat(BigInt(exponents[i]!)));
      exponents.forEach((e, j) => {
        for (let k = 0; k < (j === i ? e - 1 : e); k++) value = mul(value, point[j]!);
      });
      return add(acc, value);
    }, ZERO),
  );
}

/**
 * Losses with a planted period-two orbit {x0, x1} of GD at the drawn eta: a random polynomial B
 * plus a separable correction sum_i (a_i w_i + c_i w_i^2/2) solved exactly (in rationals) so that
 * grad L(x0) = (x0 - x1)/eta and grad L(x1) = (x1 - x0)/eta, i.e. G(x0) = x1 and G(x1) = x0.
 * The instance starts at x0; every coordinate of x0 and x1 differs, so the correction exists.
 */
export function plantedOrbitInputs(): fc.Arbitrary<TheoremInput> {
  const ofDimension = (vars: readonly string[]) =>
    fc
      .record({
        terms: fc.array(
          fc.record({ c: smallRational, exponents: fc.tuple(...vars.map(() => fc.integer({ min: 0, max: 3 }))) }),
          { minLength: 1, maxLength: 4 },
        ),
        x0: fc.tuple(...vars.map(() => smallRational)),
        shift: fc.tuple(...vars.map(() => fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.boolean()))),
        eta: fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 10 })),
      })
      .map(({ terms, x0, shift, eta }) => {
        const base: Monomial[] = terms.map(({ c: [p, q], exponents }) => ({ c: rat(BigInt(p), BigInt(q)), exponents }));
        const w0 = x0.map(([p, q]) => rat(BigInt(p), BigInt(q)));
        const w1 = w0.map((w, i) => {
          const [p, q, negative] = shift[i]!;
          return add(w, rat(BigInt(negative ? -p : p), BigInt(q)));
        });
        const e = rat(BigInt(eta[0]), BigInt(eta[1]));
        const g0 = gradientAt(base, w0);
        const g1 = gradientAt(base, w1);
        const terms1: string[] = base.map(({ c, exponents }) => `${text(c)}${exponents.map((k, i) => power(vars[i]!, k)).join('')}`);
        vars.forEach((v, i) => {
          const r0 = sub(div(sub(w0[i]!, w1[i]!), e), g0[i]!);
          const r1 = sub(div(sub(w1[i]!, w0[i]!), e), g1[i]!);
          const c = div(sub(r0, r1), sub(w0[i]!, w1[i]!));
          const a = sub(r0, mul(c, w0[i]!));
          terms1.push(`${text(a)}*${v}`, `${text(c)}*${v}^2/2`);
        });
        const show = (r: Rational): string => (r.d === 1n ? `${r.n}` : `${r.n}/${r.d}`);
        return { loss: terms1.join('+'), vars, eta: show(e), start: w0.map(show), partner: w1.map(show) };
      });
  return fc.oneof(ofDimension(['x']), ofDimension(['x', 'y']));
}

/**
 * Polynomials of degree <= 4 with a planted nondegenerate-looking critical point w*: a random B minus
 * the linear term grad B(w*).w (so grad L(w*) = 0 exactly, in rationals), plus sum_i k_i (w_i -
 * w*_i)^2/2 with k_i in 1..4 (usually a definite Hessian) and cubic and quartic terms in w_i - w*_i,
 * all of which leave w* critical. The
 * instance's start is w*; eta is drawn but the claims about branches pick their own near eta_c.
 */
export function plantedFixedPointInputs(): fc.Arbitrary<TheoremInput> {
  const ofDimension = (vars: readonly string[]) =>
    fc
      .record({
        terms: fc.array(
          fc.record({
            c: smallRational,
            exponents: fc.tuple(...vars.map(() => fc.integer({ min: 0, max: 4 }))).filter((e) => e.reduce((a, b) => a + b, 0) <= 4),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        star: fc.tuple(...vars.map(() => smallRational)),
        k: fc.tuple(...vars.map(() => fc.integer({ min: 1, max: 4 }))),
        // Cubic and quartic terms centred at w*: they keep w* critical and make Q(u) != 0 typical.
        t: fc.tuple(...vars.map(() => fc.integer({ min: -3, max: 3 }))),
        q: fc.tuple(...vars.map(() => fc.integer({ min: -3, max: 3 }).filter((x) => x !== 0))),
        eta: fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 10 })),
      })
      .map(({ terms, star, k, t, q, eta }) => {
        const base: Monomial[] = terms.map(({ c: [p, q], exponents }) => ({ c: rat(BigInt(p), BigInt(q)), exponents }));
        const w = star.map(([p, q]) => rat(BigInt(p), BigInt(q)));
        const g = gradientAt(base, w);
        const parts = base.map(({ c, exponents }) => `${text(c)}${exponents.map((e, i) => power(vars[i]!, e)).join('')}`);
        vars.forEach((v, i) => {
          const centred = `(${v}-${text(w[i]!)})`;
          parts.push(`${text(neg(g[i]!))}*${v}`, `${k[i]}*${centred}^2/2`, `(${t[i]})*${centred}^3/6`, `(${q[i]})*${centred}^4/24`);
        });
        const show = (r: Rational): string => (r.d === 1n ? `${r.n}` : `${r.n}/${r.d}`);
        return { loss: parts.join('+'), vars, eta: show(rat(BigInt(eta[0]), BigInt(eta[1]))), start: w.map(show) };
      });
  return fc.oneof(ofDimension(['x']), ofDimension(['x', 'y']));
}
