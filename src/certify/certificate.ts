import type { Decimal } from 'decimal.js';
import type { Loss } from '../symbolic/loss.js';
import { printExpr } from '../symbolic/print.js';
import type { Interval } from '../interval/interval.js';
import type { Certification } from './gd.js';

/**
 * The JSON a certificate is: everything a re-checker needs to redo the proof with its own interval
 * arithmetic (loss, parameters, eta as exact strings; the box, the point y and the preconditioner
 * C of the Krawczyk test as decimal strings), and the claims it must re-prove. Claimed bounds are
 * rounded outward to `digits` significant digits after an absolute widening of 10^-digits, so an
 * independent evaluation at the working precision lands inside them.
 */
export const CERTIFICATE_FORMAT = 'eoskit-certificate-1';

export type Bound = readonly [string, string];

/** What every certificate states about its setting: the loss, the learning rate, the precision. */
export interface CertificateSetting {
  readonly loss: string;
  readonly vars: readonly string[];
  readonly params: Readonly<Record<string, string>>;
  readonly eta: string;
  readonly digits: number;
  readonly precision: number;
}

export interface Certificate extends CertificateSetting {
  readonly format: typeof CERTIFICATE_FORMAT;
  readonly kind: 'fixed-point' | 'period-two';
  readonly method: string;
  readonly krawczyk: {
    readonly box: readonly Bound[];
    readonly center: readonly string[];
    readonly preconditioner: readonly (readonly string[])[];
  };
  readonly claims: {
    readonly existsUnique: true;
    readonly enclosure: readonly (readonly Bound[])[];
    readonly distinct?: true;
    readonly multipliers: { readonly eigenvalues?: readonly Bound[]; readonly trace?: Bound; readonly det?: Bound };
    readonly stability: 'stable' | 'unstable' | 'undecided';
  };
  readonly notes: readonly string[];
}

const exact = (x: Decimal): string => x.toString();

/** Outward to `digits` significant digits: what a claim may state. */
export function outward(x: Interval, digits: number, slack?: Decimal): Bound {
  const lo = slack ? x.lo.minus(slack) : x.lo;
  const hi = slack ? x.hi.plus(slack) : x.hi;
  return [lo.toSignificantDigits(digits, 3).toString(), hi.toSignificantDigits(digits, 2).toString()];
}

export function buildCertificate(loss: Loss, eta: string, digits: number, c: Extract<Certification, { kind: 'certified' }>): Certificate {
  // The absolute slack of the claimed multiplier bounds: 10^-digits.
  const D = c.krawczyk.box[0]!.lo.constructor as Decimal.Constructor;
  const tenth = new D(`1e-${digits}`);
  const m = c.multipliers;
  const params = Object.fromEntries([...loss.params].map(([k, v]) => [k, printExpr(v)]));
  return {
    format: CERTIFICATE_FORMAT,
    kind: c.orbit,
    loss: loss.source,
    vars: loss.vars,
    params,
    eta,
    digits,
    precision: c.precision,
    method:
      c.orbit === 'fixed-point'
        ? 'Krawczyk test for F(w) = grad L(w): K(X) = y - C F(y) + (I - C J(X))(X - y) inside the interior of X proves one zero of F in X'
        : 'Krawczyk test for F(x1, x2) = (x2 - G(x1), x1 - G(x2)), G(w) = w - eta grad L(w): K(X) inside the interior of X proves one zero in X',
    krawczyk: {
      box: c.krawczyk.box.map((x) => [exact(x.lo), exact(x.hi)] as const),
      center: c.krawczyk.center.map(exact),
      preconditioner: c.krawczyk.preconditioner.map((row) => row.map(exact)),
    },
    claims: {
      existsUnique: true,
      enclosure: c.points.map((p) => p.map((x) => outward(x, digits))),
      ...(c.orbit === 'period-two' && { distinct: true as const }),
      multipliers: {
        ...(m.eigenvalues && { eigenvalues: m.eigenvalues.map((e) => outward(e, digits, tenth)) }),
        ...(m.trace && { trace: outward(m.trace, digits, tenth) }),
        ...(m.det && { det: outward(m.det, digits, tenth) }),
      },
      stability: m.stability.kind,
    },
    notes: [
      c.orbit === 'fixed-point' ? 'multipliers: eigenvalues of DG = I - eta H on the box' : 'multipliers: eigenvalues of DG(x2) DG(x1) on the box; stability by the Schur-Cohn conditions on its trace and determinant',
      ...(m.stability.kind === 'undecided' ? [`stability could not be proved: ${m.stability.reason}`] : []),
    ],
  };
}
