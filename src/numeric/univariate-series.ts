import type { Decimal } from 'decimal.js';
import { sinhCosh } from './elementary.js';

/**
 * Taylor coefficients s_k = f^(k)(x0)/k!, k = 0..order, of the functions whose derivatives have a
 * closed form. The jet algebra composes these with the nilpotent part of a jet and reduces every
 * other function to them. Callers check the domain; each function states what it assumes of x0.
 */
export type TaylorCoefficients = Decimal[];

function factorial(k: number): bigint {
  let f = 1n;
  for (let j = 2n; j <= BigInt(k); j++) f *= j;
  return f;
}

/** Derivatives that repeat with period `cycle.length`: one exact division by k! per coefficient. */
function periodic(cycle: readonly Decimal[], order: number): TaylorCoefficients {
  return Array.from({ length: order + 1 }, (_, k) => cycle[k % cycle.length]!.div(factorial(k).toString()));
}

export function expSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  return periodic([D.exp(x0)], order);
}

export function sinSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  const s = D.sin(x0);
  const c = D.cos(x0);
  return periodic([s, c, s.neg(), c.neg()], order);
}

export function cosSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  const s = D.sin(x0);
  const c = D.cos(x0);
  return periodic([c, s.neg(), c.neg(), s], order);
}

export function sinhSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  const { sinh, cosh } = sinhCosh(D, x0);
  return periodic([sinh, cosh], order);
}

export function coshSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  const { sinh, cosh } = sinhCosh(D, x0);
  return periodic([cosh, sinh], order);
}

/** log, for x0 > 0: s_k = (-1)^(k+1) / (k x0^k). */
export function logSeries(D: Decimal.Constructor, x0: Decimal, order: number): TaylorCoefficients {
  const s = [D.ln(x0)];
  const minusInverse = new D(-1).div(x0);
  let power = new D(-1);
  for (let k = 1; k <= order; k++) {
    power = power.times(minusInverse);
    s.push(power.div(k));
  }
  return s;
}

/**
 * x^(num/den), the binomial series s_k = binom(p, k) x0^(p-k) with p = num/den in lowest terms and
 * den > 0. Assumes x0 > 0 when den > 1, and x0 != 0 when p < 0; x0 = 0 is fine for p = 0, 1, 2, ...
 */
export function powerSeries(D: Decimal.Constructor, x0: Decimal, num: bigint, den: bigint, order: number): TaylorCoefficients {
  if (den === 1n && num >= 0n) {
    // A polynomial: no division by x0, so a zero base needs no special case (0^0 = 1 in decimal.js).
    const s: TaylorCoefficients = [];
    let binomial = 1n;
    for (let k = 0n; k <= BigInt(order); k++) {
      s.push(k > num ? new D(0) : D.pow(x0, (num - k).toString()).times(binomial.toString()));
      binomial = (binomial * (num - k)) / (k + 1n);
    }
    return s;
  }
  // For den > 1 the exponent is rounded; that costs about |p ln x0| units in the last place of
  // s_0, which the guard digits absorb. Everything after s_0 uses the exact rational p.
  const s = [D.pow(x0, den === 1n ? num.toString() : new D(num.toString()).div(den.toString()))];
  for (let k = 1; k <= order; k++) {
    // binom(p, k) / binom(p, k - 1) = (p - k + 1) / k = (num - (k - 1) den) / (k den).
    const ratio = new D((num - BigInt(k - 1) * den).toString()).div((BigInt(k) * den).toString());
    s.push(s[k - 1]!.times(ratio).div(x0));
  }
  return s;
}
