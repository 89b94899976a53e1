import fc from 'fast-check';

/**
 * Random smooth losses as source strings, built so that every composition is defined and smooth on
 * all of R^n: arguments of log, sqrt, acosh are shifted to be positive (1 + u^2), of asin, atanh
 * squeezed into (-1, 1), denominators kept away from zero. A failure of the property is then a
 * wrong derivative, not a domain accident. Coefficients are small rationals, so the strings are
 * exact and a counterexample replays identically.
 */
const coefficient = fc
  .tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 4 }))
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
  const { expr } = fc.letrec<{ expr: string; leaf: string; node: string }>((tie) => ({
    leaf: fc.oneof(
      fc.constantFrom(...vars),
      fc.tuple(coefficient, fc.constantFrom(...vars)).map(([c, v]) => `${c}*${v}`),
      coefficient,
    ),
    node: fc.oneof(
      fc.tuple(fc.constantFrom(...UNARY), tie('expr')).map(([f, u]) => f(u)),
      fc.tuple(fc.constantFrom(...BINARY), tie('expr'), tie('expr')).map(([f, a, b]) => f(a, b)),
    ),
    expr: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, tie('leaf'), tie('node')),
  }));
  // A loss must depend on its variables: add a small quadratic so that no case is constant.
  return expr.map((e) => `${e}+${vars.map((v) => `${v}^2/8`).join('+')}`);
}

/** Exact rational coordinates in [-2, 2]. */
export const coordinate = fc
  .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 10 }))
  .map(([p, q]) => `${p}/${q}`);

/** A learning rate as an exact string in [1/10, 4]: small, near typical eta_c = 2/lambda, and large. */
export const learningRate = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(10))
  .map(([p, q]) => `${p}/${q}`);
