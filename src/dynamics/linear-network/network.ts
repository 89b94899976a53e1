import type { Decimal } from 'decimal.js';
import { bin, rational, sum, sym, type Expr } from '../../symbolic/ast.js';
import { InputError, parseConstant } from '../../symbolic/loss.js';
import type { Algebra } from '../../numeric/algebra.js';
import { compile } from '../../numeric/compile.js';
import type { NumericContext } from '../../numeric/context.js';
import { decimalAlgebra } from '../../numeric/decimal-algebra.js';

/**
 * The two-layer linear network L(W1, W2) = |W2 W1 - M|_F^2 / 2 with W1: d1 x d0, W2: d2 x d1 and an
 * exact rational target M: d2 x d0. The loss language stops at 2 variables, so networks are handled
 * numerically over n = d1 d0 + d2 d1 parameters, flattened as W1 row-major, then W2 row-major.
 */
export interface LinearNetwork {
  readonly sizes: readonly [number, number, number];
  readonly n: number;
  /** M's entries as exact expressions, row-major. */
  readonly target: readonly (readonly Expr[])[];
}

export type Mat<T> = readonly (readonly T[])[];

/** Largest layer width: n <= 32 parameters; every sample costs a Jacobi eigen-decomposition of the n x n Hessian at decimal precision, O(n^3) per sweep (about 6 s at n = 32). */
export const MAX_WIDTH = 4;

/** "2,2,2" -> [d0, d1, d2]. */
export function parseSizes(text: string): [number, number, number] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= MAX_WIDTH)) {
    throw new InputError(`sizes must be three integers d0,d1,d2 from 1 to ${MAX_WIDTH}, got '${text}'`);
  }
  return parts.map(Number) as [number, number, number];
}

/** M from rows separated by ';' ("3,0;0,1"), or its d2 d0 entries row-major ("3,0,0,1"). */
export function parseTarget(text: string, sizes: readonly [number, number, number]): Expr[][] {
  const [d0, , d2] = sizes;
  const rows = text.includes(';') ? text.split(';').map((r) => r.split(',')) : chunk(text.split(','), d0);
  if (rows.length !== d2 || rows.some((r) => r.length !== d0)) {
    throw new InputError(`the target must be ${d2} x ${d0} (d2 x d0), got '${text}'`);
  }
  return rows.map((r, i) => r.map((e, j) => parseConstant(e.trim(), `target entry (${i + 1},${j + 1})`)));
}

function chunk<T>(items: readonly T[], width: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += width) rows.push(items.slice(i, i + width));
  return rows;
}

export function linearNetwork(sizesText: string, targetText: string): LinearNetwork {
  const sizes = parseSizes(sizesText);
  const [d0, d1, d2] = sizes;
  return { sizes, n: d1 * d0 + d2 * d1, target: parseTarget(targetText, sizes) };
}

/** M at the context's precision. */
export function targetMatrix(net: LinearNetwork, ctx: NumericContext): Mat<Decimal> {
  return targetIn(net, decimalAlgebra(ctx));
}

export function targetIn<T>(net: LinearNetwork, alg: Algebra<T>): Mat<T> {
  return net.target.map((row) => row.map((e) => compile(e, alg, [])([])));
}

/** The flat parameter vector as the two weight matrices. */
export function splitWeights<T>(net: LinearNetwork, w: readonly T[]): { W1: Mat<T>; W2: Mat<T> } {
  const [d0, d1] = net.sizes;
  if (w.length !== net.n) throw new InputError(`a ${net.sizes.join('x')} network has ${net.n} parameters, got ${w.length}`);
  return { W1: chunk(w.slice(0, d1 * d0), d0), W2: chunk(w.slice(d1 * d0), d1) };
}

export const joinWeights = <T>(W1: Mat<T>, W2: Mat<T>): T[] => [...W1.flat(), ...W2.flat()];

/** Small dense matrix algebra over any number system (decimal values, float64). */
export function matMulIn<T>(alg: Algebra<T>, a: Mat<T>, b: Mat<T>): T[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => alg.add(s, alg.mul(x, b[k]![j]!)), alg.rational(0n, 1n))));
}

export const transposeOf = <T>(m: Mat<T>): T[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));

const zip = <T>(alg: Algebra<T>, op: 'add' | 'sub', a: Mat<T>, b: Mat<T>): T[][] => a.map((row, i) => row.map((x, j) => alg[op](x, b[i]![j]!)));

/** Frobenius inner product. */
export function inner<T>(alg: Algebra<T>, a: Mat<T>, b: Mat<T>): T {
  return a.reduce((s, row, i) => row.reduce((s2, x, j) => alg.add(s2, alg.mul(x, b[i]![j]!)), s), alg.rational(0n, 1n));
}

/**
 * Closed-form derivatives. With R = W2 W1 - M and a direction a = (A1, A2),
 * R(w + t a) = R + t B(a) + t^2 A2 A1 with B(a) = A2 W1 + W2 A1, so
 * L(w + t a) = |R|^2/2 + t <R, B> + t^2 (|B|^2/2 + <R, A2 A1>) + t^3 <B, A2 A1> + t^4 |A2 A1|^2/2.
 * Polarising with P(a, b) = A2 B1 + B2 A1 (so P(a, a) = 2 A2 A1):
 *   D^2 L[a, b] = <B(a), B(b)> + <R, P(a, b)>,
 *   D^3 L[a, b, c] = <B(a), P(b, c)> + <B(b), P(a, c)> + <B(c), P(a, b)>,
 *   D^4 L[a, b, c, d] = <P(a, b), P(c, d)> + <P(a, c), P(b, d)> + <P(a, d), P(b, c)>,
 * and every derivative of order 5 or more vanishes (L is a quartic polynomial).
 */
export interface NetworkDerivatives<T> {
  readonly value: T;
  readonly gradient: readonly T[];
  /** D^2 L[a, b] for flat directions a, b. */
  second(a: readonly T[], b: readonly T[]): T;
  third(a: readonly T[], b: readonly T[], c: readonly T[]): T;
  fourth(a: readonly T[], b: readonly T[], c: readonly T[], d: readonly T[]): T;
  /** The Taylor coefficients of t -> L(w + t a), degrees 0 to 4. */
  line(a: readonly T[]): readonly T[];
}

export function networkDerivatives<T>(net: LinearNetwork, alg: Algebra<T>, w: readonly T[], target: Mat<T> = targetIn(net, alg)): NetworkDerivatives<T> {
  const { W1, W2 } = splitWeights(net, w);
  const R = zip(alg, 'sub', matMulIn(alg, W2, W1), target);
  const half = alg.rational(1n, 2n);
  const B = (a: readonly T[]): T[][] => {
    const { W1: A1, W2: A2 } = splitWeights(net, a);
    return zip(alg, 'add', matMulIn(alg, A2, W1), matMulIn(alg, W2, A1));
  };
  const P = (a: readonly T[], b: readonly T[]): T[][] => {
    const x = splitWeights(net, a);
    const y = splitWeights(net, b);
    return zip(alg, 'add', matMulIn(alg, x.W2, y.W1), matMulIn(alg, y.W2, x.W1));
  };
  const ip = (a: Mat<T>, b: Mat<T>): T => inner(alg, a, b);
  return {
    value: alg.mul(half, ip(R, R)),
    // dL/dW1 = W2^T R, dL/dW2 = R W1^T.
    gradient: joinWeights(matMulIn(alg, transposeOf(W2), R), matMulIn(alg, R, transposeOf(W1))),
    second: (a, b) => alg.add(ip(B(a), B(b)), ip(R, P(a, b))),
    third: (a, b, c) => alg.add(alg.add(ip(B(a), P(b, c)), ip(B(b), P(a, c))), ip(B(c), P(a, b))),
    fourth: (a, b, c, d) => alg.add(alg.add(ip(P(a, b), P(c, d)), ip(P(a, c), P(b, d))), ip(P(a, d), P(b, c))),
    line: (a) => {
      const b = B(a);
      const { W1: A1, W2: A2 } = splitWeights(net, a);
      const q = matMulIn(alg, A2, A1);
      return [alg.mul(half, ip(R, R)), ip(R, b), alg.add(alg.mul(half, ip(b, b)), ip(R, q)), ip(b, q), alg.mul(half, ip(q, q))];
    },
  };
}

/** The unit vectors e_0 .. e_{n-1} of the parameter space. */
export function basis<T>(alg: Algebra<T>, n: number): T[][] {
  const zero = alg.rational(0n, 1n);
  const one = alg.rational(1n, 1n);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_e, j) => (i === j ? one : zero)));
}

/** The Hessian matrix from the closed-form second derivative. */
export function hessianOf<T>(d: NetworkDerivatives<T>, e: Mat<T>): T[][] {
  return e.map((ei, i) => e.map((ej, j) => (j < i ? undefined : d.second(ei, ej)))).map((row, i, rows) => row.map((x, j) => x ?? rows[j]![i]!));
}

/** The slot names of the parameters in the expression form of the loss. */
export const weightSlots = (net: LinearNetwork): string[] => Array.from({ length: net.n }, (_, i) => `w${i}`);

/**
 * The same loss as an expression tree over n slots, sum_ik (sum_j W2_ij W1_jk - M_ik)^2 / 2: the
 * input of the independent derivative route (Taylor-mode jets of the compiled tree).
 */
export function networkExpr(net: LinearNetwork): Expr {
  const { W1, W2 } = splitWeights(net, weightSlots(net).map(sym));
  const terms = net.target.flatMap((row, i) =>
    row.map((m, k) => {
      const r = bin('sub', sum(W2[i]!.map((x, j) => bin('mul', x, W1[j]![k]!))), m);
      return bin('pow', r, rational(2n));
    }),
  );
  return bin('div', sum(terms), rational(2n));
}
