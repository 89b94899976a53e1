import fc from 'fast-check';
import { linearNetwork, type LinearNetwork } from '../src/dynamics/linear-network/network.js';
import type { TheoremInput } from './theorem.js';

/**
 * Network instances as theorem inputs. The loss language has at most 2 variables, so a network
 * travels in the params: `--param sizes=d0,d1,d2 --param target=<d2 d0 entries, row-major>` (no ';'
 * row separator, so the replay line needs no extra shell quoting), with the weights (W1 row-major,
 * then W2 row-major) as the point.
 */
export const LINEAR_NETWORK_LOSS = '|W2 W1 - M|_F^2/2';
export const LINEAR_NETWORK_VARS = ['W1', 'W2'] as const;

export type NetworkOf = { readonly kind: 'network'; readonly net: LinearNetwork } | { readonly kind: 'undecided'; readonly reason: string };

/** The network an input describes; any other loss is outside these theorems' hypotheses. */
export function networkOf(input: TheoremInput): NetworkOf {
  const sizes = input.params?.['sizes'];
  const target = input.params?.['target'];
  if (input.loss !== LINEAR_NETWORK_LOSS || sizes === undefined || target === undefined) {
    return { kind: 'undecided', reason: `not a linear network: needs --loss "${LINEAR_NETWORK_LOSS}" --vars W1,W2 --param sizes=d0,d1,d2 --param target=...` };
  }
  return { kind: 'network', net: linearNetwork(sizes, target) };
}

export function networkInput(sizes: readonly number[], target: readonly Rational[], eta: string, start: readonly string[], extra: Readonly<Record<string, string>> = {}): TheoremInput {
  return {
    loss: LINEAR_NETWORK_LOSS,
    vars: [...LINEAR_NETWORK_VARS],
    params: { sizes: sizes.join(','), target: target.map(show).join(','), ...extra },
    eta,
    start,
  };
}

/** Exact rationals, only to build targets such as P diag(s) R^T or W2 W1 without rounding. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
export function ratio(num: bigint, den = 1n): Rational {
  const g = gcd(num, den) || 1n;
  const s = den < 0n ? -1n : 1n;
  return { num: (s * num) / g, den: (s * den) / g };
}
const plus = (a: Rational, b: Rational): Rational => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
const times = (a: Rational, b: Rational): Rational => ratio(a.num * b.num, a.den * b.den);
export const show = (a: Rational): string => (a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`);

export function product(a: readonly (readonly Rational[])[], b: readonly (readonly Rational[])[]): Rational[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => plus(s, times(x, b[k]![j]!)), ratio(0n))));
}

/** Pythagorean triples: exact rotations (c, s) = (a/c, b/c). */
const TRIPLES: readonly (readonly [bigint, bigint, bigint])[] = [
  [3n, 4n, 5n],
  [5n, 12n, 13n],
  [8n, 15n, 17n],
  [7n, 24n, 25n],
];

/** The rotation by a rational angle in the plane (i, j) of R^d (the identity when d = 1). */
function givens(d: number, plane: number, triple: number, sign: boolean): Rational[][] {
  const [a, b, c] = TRIPLES[triple]!;
  const i = plane % Math.max(1, d - 1);
  const j = i + 1;
  return Array.from({ length: d }, (_, r) =>
    Array.from({ length: d }, (_e, k) => {
      if (d === 1) return ratio(1n);
      if ((r === i && k === i) || (r === j && k === j)) return ratio(a, c);
      if (r === i && k === j) return ratio(sign ? -b : b, c);
      if (r === j && k === i) return ratio(sign ? b : -b, c);
      return ratio(r === k ? 1n : 0n);
    }),
  );
}

/** A target with exact, distinct singular values: M = P diag(s) R^T for rational rotations P, R. */
export interface PlantedTarget {
  readonly sizes: readonly [number, number, number];
  readonly target: readonly Rational[];
  readonly singularValues: readonly Rational[];
}

export function plantedTargets(): fc.Arbitrary<PlantedTarget> {
  return fc
    .record({
      d0: fc.integer({ min: 1, max: 3 }),
      d2: fc.integer({ min: 1, max: 3 }),
      extra: fc.integer({ min: 0, max: 1 }),
      // Distinct singular values s_1 > s_2 > s_3 > 0 in quarters.
      steps: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 }),
      left: fc.record({ plane: fc.nat(2), triple: fc.nat(3), sign: fc.boolean() }),
      right: fc.record({ plane: fc.nat(2), triple: fc.nat(3), sign: fc.boolean() }),
    })
    .map(({ d0, d2, extra, steps, left, right }) => {
      const r = Math.min(d0, d2);
      const cumulative = steps.map((_, i) => steps.slice(i).reduce((s, x) => s + x, 0));
      const singularValues = cumulative.slice(0, r).map((q) => ratio(BigInt(q), 4n));
      const diag = Array.from({ length: d2 }, (_, i) => Array.from({ length: d0 }, (_e, k) => (i === k ? singularValues[i]! : ratio(0n))));
      const P = givens(d2, left.plane, left.triple, left.sign);
      const Rt = givens(d0, right.plane, right.triple, right.sign);
      return { sizes: [d0, Math.min(3, r + extra), d2] as const, target: product(product(P, diag), Rt).flat(), singularValues };
    });
}
