import type { FloatLoss, FloatVector } from './float-search.js';
import { floatCorrect, floatEigen } from './manifolds.js';

/*
 * Seed 002's tangent drift: GD with eta just above eta* = 2/lambda* of the flattest point,
 * started near a curve of minima away from that point, oscillates in the normal direction while
 * the nearest point of the curve moves towards smaller sharpness. Measured in float64 on a given
 * run: per iterate the nearest curve point z (|<w - z, tangent(z)>| <= PROJECTION_TOLERANCE
 * relative to the scale of w) and its sharpness, then how often that sharpness went down per step
 * and per two steps (the normal oscillation has period two). Every run measured so far fell at
 * every single step (docs/trajectory.md), while the sharpness at the iterate itself rises on about
 * half of them.
 */

/** |<w - z, k(z)>| at the accepted nearest point z, relative to max(1, |w|). */
export const PROJECTION_TOLERANCE = 1e-12;

export interface TangentDrift {
  /** Sharpness of the nearest curve point, per iterate measured (index = step - window[0]). */
  readonly sharpness: readonly number[];
  /** Distance of the iterate from the curve (the normal distance), and the nearest points, per iterate. */
  readonly distance: readonly number[];
  readonly nearest: readonly FloatVector[];
  readonly startSharpness: number;
  readonly endSharpness: number;
  /** Fraction of steps k with s_{k+1} < s_k, and of k with s_{k+2} < s_k, over `window`. */
  readonly perStep: number;
  readonly perTwoSteps: number;
  /**
   * The steps compared: from the first iterate after which every one has a nearest point (the
   * start, unless the run catapults far from the curve first) to the last step where the sharpness
   * is still above its final value by more than `floor` (after that the nearest point sits at the
   * limit and the differences are rounding noise, which would count as half up and half down).
   */
  readonly window: readonly [number, number];
  readonly floor: number;
  /** x^2 - r y^2 at the first measured iterate and at the end, where the loss has the scaling symmetry L(t x, t^-r y) = L(x, y). */
  readonly balancing?: { readonly formula: string; readonly start: number; readonly end: number };
}

const dot = (a: FloatVector, b: FloatVector): number => a[0]! * b[0]! + a[1]! * b[1]!;

/**
 * The point z of the curve of critical points nearest to w, from the guess z0 on (or near) the
 * curve: alternately step along the tangent by <w - z, k> and correct back onto the curve along
 * the normal (floatCorrect), until w - z is normal to the curve. Undefined if the correction fails.
 */
export function nearestOnCurve(fl: FloatLoss, w: FloatVector, z0: FloatVector): FloatVector | undefined {
  const scale = Math.max(1, Math.hypot(w[0]!, w[1]!));
  let z: FloatVector | undefined = floatCorrect(fl, z0, floatEigen(fl.hessian(z0)).normal, scale);
  for (let it = 0; z && it < 100; it++) {
    const e = floatEigen(fl.hessian(z));
    const s = dot([w[0]! - z[0]!, w[1]! - z[1]!], e.tangent);
    if (Math.abs(s) <= PROJECTION_TOLERANCE * scale) return z;
    z = floatCorrect(fl, [z[0]! + s * e.tangent[0]!, z[1]! + s * e.tangent[1]!], e.normal, scale);
  }
  return undefined;
}

/**
 * A diagonal scaling symmetry L(t x, t^-r y) = L(x, y) (r > 0) gives x L_x = r y L_y, and then
 * x^2 - r y^2 is conserved by the gradient flow (its derivative is -2(x L_x - r y L_y) = 0); GD
 * only approximately conserves it, which is the balancing drift ((xy - 1)^2/2: r = 1, exactly
 * x'^2 - y'^2 = (x^2 - y^2)(1 - eta^2 (xy - 1)^2)). r is read off at the iterates and accepted when
 * it is the same at all of them to 1e-9 and a small rational (denominator at most 4).
 */
function scalingExponent(fl: FloatLoss, points: readonly FloatVector[]): number | undefined {
  const ratios = points.flatMap((w) => {
    const g = fl.gradient(w);
    const [xl, yl] = [w[0]! * g[0]!, w[1]! * g[1]!];
    return Math.abs(yl) > 1e-6 ? [xl / yl] : [];
  });
  if (ratios.length < 2) return undefined;
  const r = ratios[0]!;
  if (!(r > 0) || ratios.some((q) => Math.abs(q - r) > 1e-9 * Math.max(1, r))) return undefined;
  const rational = [1, 2, 3, 4].map((den) => Math.round(r * den) / den).find((q) => Math.abs(q - r) <= 1e-9 * Math.max(1, r));
  return rational;
}

/** The tangent drift along the iterates w (one float64 GD run). Undefined when the projection fails. */
export function tangentDrift(fl: FloatLoss, w: readonly FloatVector[]): TangentDrift | undefined {
  const sharpness: number[] = [];
  const distance: number[] = [];
  const nearest: FloatVector[] = [];
  let from = 0;
  let z: FloatVector | undefined;
  w.forEach((x, k) => {
    z = nearestOnCurve(fl, x, z ?? x);
    // Far from the curve (a catapult) there is no nearest point to follow: measure after it.
    if (!z) {
      [from, sharpness.length, distance.length, nearest.length] = [k + 1, 0, 0, 0];
      return;
    }
    sharpness.push(floatEigen(fl.hessian(z)).top);
    distance.push(Math.hypot(x[0]! - z[0]!, x[1]! - z[1]!));
    nearest.push(z);
  });
  if (sharpness.length < 3) return undefined;
  const end = sharpness[sharpness.length - 1]!;
  // Rounding in the projection: the tolerance times the sharpness's slope, at worst about the sharpness.
  const floor = 1e3 * PROJECTION_TOLERANCE * Math.max(1, Math.abs(end));
  let last = 0;
  sharpness.forEach((s, k) => {
    if (s - end > floor) last = k;
  });
  const stop = Math.min(sharpness.length - 1, last + 1);
  const fraction = (lag: number): number => {
    let down = 0;
    let total = 0;
    for (let k = 0; k + lag <= stop; k++, total++) if (sharpness[k + lag]! < sharpness[k]!) down++;
    return total === 0 ? 1 : down / total;
  };
  const r = scalingExponent(fl, w.slice(from, from + 8));
  const balance = (x: FloatVector): number => x[0]! ** 2 - r! * x[1]! ** 2;
  return {
    sharpness,
    distance,
    nearest,
    startSharpness: sharpness[0]!,
    endSharpness: end,
    perStep: fraction(1),
    perTwoSteps: fraction(2),
    window: [from, from + stop],
    floor,
    ...(r !== undefined && { balancing: { formula: r === 1 ? 'x^2 - y^2' : `x^2 - ${r} y^2`, start: balance(w[from]!), end: balance(w[w.length - 1]!) } }),
  };
}
