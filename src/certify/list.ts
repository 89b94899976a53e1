import type { Decimal } from 'decimal.js';
import type { Loss } from '../symbolic/loss.js';
import { printExpr } from '../symbolic/print.js';
import { intervalArithmetic, type Interval } from '../interval/interval.js';
import { DomainError } from '../numeric/algebra.js';
import { buildCertificate, outward, type Bound, type Certificate, type CertificateSetting } from './certificate.js';
import { flipCoefficient } from './flip.js';
import { certifyOrbit, etaInterval, intervalLoss, symmetricEigenvalues } from './gd.js';
import type { IVector } from './krawczyk.js';
import { meanValuePoints, type MeanValueRoots } from './mean-value.js';

/*
 * One certificate for a whole classification or the first steps of a trajectory: a list of claims
 * over one loss and one eta. Every item is either proved (with what a re-checker needs to redo the
 * proof) or 'not-proved' with the reason, so nothing the user saw in the tables is silently dropped.
 */
export const CERTIFICATE_LIST_FORMAT = 'eoskit-certificate-list-1';

type Sign = 'positive' | 'negative';
export type EigenForm = 'lambda-c,b' | 'b,lambda-a';

export type ListItem =
  | ({ readonly id: string; readonly status: 'proved' } & Pick<Certificate, 'kind' | 'method' | 'krawczyk' | 'claims' | 'notes'>)
  | {
      readonly id: string;
      readonly kind: 'branch-sign';
      readonly status: 'proved';
      /** The id of the fixed-point item whose Krawczyk box contains w*. */
      readonly fixedPoint: string;
      /** The numerical direction u (decimal strings); Q is evaluated at exactly this u unless `eigenvector` is given. */
      readonly direction: readonly string[];
      /**
       * 2-D, simple eigenvalue: Q is evaluated on an enclosure of the exact eigenvector of H(w*) instead,
       * v = (lambda - c, b) ('lambda-c,b') or (b, lambda - a) ('b,lambda-a') for H = [[a, b], [b, c]] and
       * lambda = m -+ sqrt(((a - c)/2)^2 + b^2), m = (a + c)/2, all over the box; the named component must
       * exclude 0 (then v != 0 solves (H - lambda I)v = 0 for every H in the box, w*'s included).
       */
      readonly eigenvector?: { readonly eigenvalue: 'smaller' | 'larger'; readonly form: EigenForm };
      readonly claims: {
        /** Q(u) = Q4[u,u,u,u]/6 - <T[u,u,.], H^-1 T[u,u,.]>/2 at w*, for the unit vector u (Q(v)/|v|^4). */
        readonly Q: Bound;
        readonly signQ: Sign;
        /** lambda = u.H(w*)u/|u|^2; eta_c = 2/lambda; flip = -eta_c Q(u)/|u|^4. */
        readonly lambda: Bound;
        readonly etaC?: Bound;
        readonly flip?: Bound;
        readonly signFlip?: Sign;
      };
      readonly notes: readonly string[];
    }
  | {
      readonly id: string;
      readonly kind: 'mean-value';
      readonly status: 'proved';
      readonly step: number;
      /** w_k and d_k = w_{k+1} - w_k as exact decimals: the claims are about this segment. */
      readonly w: readonly string[];
      readonly d: readonly string[];
      /** An upper bound of max_i |d_i + eta dL/dw_i(w)|: how far d is from the exact GD step (rounding of the run). */
      readonly stepResidual: string;
      readonly claims: { readonly xi: MeanValueClaim; readonly zeta: MeanValueClaim };
      readonly notes: readonly string[];
    }
  | { readonly id: string; readonly kind: string; readonly status: 'not-proved'; readonly reason: string };

export interface MeanValueClaim {
  /** Each [lo, hi] has phi(lo), phi(hi) of opposite signs: a root inside (IVT). */
  readonly roots: readonly Bound[];
  /** phi' = D^3 L[d,d,d] excludes 0 on [0, 1]: exactly one root in (0, 1). */
  readonly unique: boolean;
}

export interface CertificateList extends CertificateSetting {
  readonly format: typeof CERTIFICATE_LIST_FORMAT;
  readonly source: 'classify' | 'trajectory';
  readonly items: readonly ListItem[];
  readonly notes: readonly string[];
}

function header(loss: Loss, eta: string, digits: number, precision: number) {
  return {
    format: CERTIFICATE_LIST_FORMAT as typeof CERTIFICATE_LIST_FORMAT,
    loss: loss.source,
    vars: loss.vars,
    params: Object.fromEntries([...loss.params].map(([k, v]) => [k, printExpr(v)])),
    eta,
    digits,
    precision,
  };
}

export interface ClassifyClaims {
  readonly fixedPoints: readonly (readonly Decimal[])[];
  readonly orbits: readonly (readonly [readonly Decimal[], readonly Decimal[]])[];
  /** Branches: the index of their fixed point in `fixedPoints` and the direction u. */
  readonly branches: readonly { readonly fixedPoint: number; readonly direction: readonly Decimal[]; readonly eigenvalue: Decimal }[];
}

/** Certifies every fixed point, orbit and branch sign of a classification (ids F1.., O1.., B1.. as in its tables). */
export function certifyClassification(loss: Loss, eta: string, digits: number, precision: number, found: ClassifyClaims): CertificateList {
  const items: ListItem[] = [];
  const boxes = new Map<number, Extract<ReturnType<typeof certifyOrbit>, { kind: 'certified' }>>();
  const solve = (id: string, kind: 'fixed-point' | 'period-two', guess: readonly Decimal[], index?: number) => {
    const r = certifyOrbit(loss, eta, guess, precision);
    if (r.kind === 'not-certified') return items.push({ id, kind, status: 'not-proved', reason: r.reason });
    if (index !== undefined) boxes.set(index, r);
    const { kind: k, method, krawczyk, claims, notes } = buildCertificate(loss, eta, digits, r);
    return items.push({ id, status: 'proved', kind: k, method, krawczyk, claims, notes });
  };
  found.fixedPoints.forEach((p, i) => solve(`F${i + 1}`, 'fixed-point', p, i));
  found.orbits.forEach(([a, b], i) => solve(`O${i + 1}`, 'period-two', [...a, ...b]));
  const D = (x: Decimal) => x.constructor as Decimal.Constructor;
  const L = intervalLoss(loss, precision);
  const { ia } = L;
  /** The eigenvector of H(w*) for the eigenvalue nearest `lambda`, enclosed over the box (see ListItem). */
  const eigenvectorEnclosure = (X: IVector, lambda: Decimal) => {
    try {
      const H = L.hessian(X);
      const [a, b, c] = [H[0]![0]!, H[0]![1]!, H[1]![1]!];
      const [lo, hi] = symmetricEigenvalues(ia, H);
      const which: 'smaller' | 'larger' = ia.mid(lo!).minus(lambda).abs().lt(ia.mid(hi!).minus(lambda).abs()) ? 'smaller' : 'larger';
      const l = which === 'smaller' ? lo! : hi!;
      const away = (x: Interval) => x.lo.gt(0) || x.hi.lt(0);
      const first = ia.sub(l, c);
      if (away(first)) return { v: [first, b], claim: { eigenvalue: which, form: 'lambda-c,b' as EigenForm } };
      const second = ia.sub(l, a);
      if (away(second)) return { v: [b, second], claim: { eigenvalue: which, form: 'b,lambda-a' as EigenForm } };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    return undefined;
  };
  found.branches.forEach((b, i) => {
    const id = `B${i + 1}`;
    const fp = boxes.get(b.fixedPoint);
    if (!fp) {
      const which = b.fixedPoint < 0 ? 'its fixed point is not in the list' : `its fixed point F${b.fixedPoint + 1} was not certified`;
      return items.push({ id, kind: 'branch-sign', status: 'not-proved', reason: `${which}, so there is no box known to contain w*` });
    }
    // u rounded to the working precision, as information; the claim is about the eigenvector enclosure where there is one.
    const u = b.direction.map((x) => x.toSignificantDigits(precision).toString());
    const eigen = b.direction.length === 2 ? eigenvectorEnclosure(fp.krawczyk.box, b.eigenvalue) : undefined;
    const r = flipCoefficient(loss, fp.krawczyk.box, eigen?.v ?? u, precision);
    if ('kind' in r) return items.push({ id, kind: 'branch-sign', status: 'not-proved', reason: r.reason });
    if (r.signQ === 'undecided') return items.push({ id, kind: 'branch-sign', status: 'not-proved', reason: `the sign of Q(u) is not proved: its enclosure ${show(r.Q)} contains 0 (degenerate, or the box is too wide)` });
    const slack = new (D(r.Q.lo))(`1e-${digits}`);
    // Q is homogeneous of degree 4: the claim is Q at the unit vector, Q(v)/|v|^4.
    const V = eigen?.v ?? u.map((x) => ia.point(x));
    const unitQ = ia.div(r.Q, ia.powInt(V.reduce((acc, x) => ia.add(acc, ia.powInt(x, 2n)), ia.rational(0n, 1n)), 2n));
    // A claimed bound carries an absolute slack of 10^-digits (so the re-checker's evaluation lands
    // inside); a sign is claimed only where that bound keeps it, i.e. |Q(u)| > 10^-digits.
    const Q = outward(unitQ, digits, slack);
    const oneSign = (b: Bound) => (b[0].startsWith('-') ? b[1].startsWith('-') : !/^0(\.0*)?$/.test(b[0]));
    if (!oneSign(Q)) return items.push({ id, kind: 'branch-sign', status: 'not-proved', reason: `|Q(u)| < 10^-${digits} (enclosure ${show(unitQ)}): Q(u) = 0 to the certificate's digits, the degenerate case` });
    const flip = r.flip && outward(r.flip, digits, slack);
    const proved = r.signFlip !== 'undecided' && flip && oneSign(flip) && r.etaC;
    return items.push({
      id,
      kind: 'branch-sign',
      status: 'proved',
      fixedPoint: `F${b.fixedPoint + 1}`,
      direction: u,
      ...(eigen && { eigenvector: eigen.claim }),
      claims: {
        Q,
        signQ: r.signQ,
        lambda: outward(r.lambda, digits, slack),
        ...(proved && { etaC: outward(r.etaC!, digits, slack), flip, signFlip: r.signFlip as Sign }),
      },
      notes: [
        `Q and the flip coefficient are evaluated in interval arithmetic on the whole Krawczyk box of the fixed point, so the signs hold at w* itself, ${
          eigen ? 'at the exact eigenvector of H(w*) (enclosed over the box)' : b.direction.length === 1 ? 'u = +-1' : 'for the direction u as given (the eigenvalue is double or not separated: u is a critical direction of Q on the eigenspace circle)'
        }`,
        ...(proved ? [] : [`the sign of the flip coefficient could not be proved: ${r.reason ?? 'its enclosure contains 0'}`]),
      ],
    });
  });
  return { ...header(loss, eta, digits, precision), source: 'classify', items, notes: ['ids follow the tables of eoskit classify: F fixed points, O period-two orbits, B branches'] };
}

const show = (x: { lo: Decimal; hi: Decimal }) => `[${x.lo.toSignificantDigits(6).toString()}, ${x.hi.toSignificantDigits(6).toString()}]`;

/** The mean-value points xi_k, zeta_k of the given steps (w_k, d_k), enclosed to 10^-digits. */
export function certifyMeanValues(loss: Loss, eta: string, digits: number, precision: number, steps: readonly { readonly w: readonly Decimal[]; readonly d: readonly Decimal[] }[]): CertificateList {
  const L = intervalLoss(loss, precision);
  const ia = intervalArithmetic(precision);
  const etaI = etaInterval(eta, precision);
  const items = steps.map((s, k): ListItem => {
    const id = `S${k}`;
    const w = s.w.map((x) => x.toString());
    const d = s.d.map((x) => x.toString());
    const r = meanValuePoints(loss, w, d, digits, precision);
    if (r.kind === 'not-proved') return { id, kind: 'mean-value', status: 'not-proved', reason: r.reason };
    if (r.xi.roots.length === 0 || r.zeta.roots.length === 0) {
      const which = r.xi.roots.length === 0 ? ['xi', r.xi] : ['zeta', r.zeta];
      return { id, kind: 'mean-value', status: 'not-proved', reason: `no root of phi proved for ${which[0] as string}: ${(which[1] as MeanValueRoots).notes.join('; ')}` };
    }
    let stepResidual: string;
    try {
      const g = L.gradient(s.w.map((x) => ia.point(x)));
      const worst = g.reduce((m, gi, i) => {
        const e = ia.add(ia.point(s.d[i]!), ia.mul(etaI, gi));
        const a = e.hi.abs().gt(e.lo.abs()) ? e.hi.abs() : e.lo.abs();
        return a.gt(m) ? a : m;
      }, new ia.up(0));
      stepResidual = worst.toSignificantDigits(3, 0).toString();
    } catch (err) {
      if (err instanceof DomainError) return { id, kind: 'mean-value', status: 'not-proved', reason: `gradient at w_${k}: ${err.message}` };
      throw err;
    }
    const claim = (m: MeanValueRoots): MeanValueClaim => ({ roots: m.roots.map((x) => [x.lo.toString(), x.hi.toString()] as const), unique: m.unique });
    return {
      id,
      kind: 'mean-value',
      status: 'proved',
      step: k,
      w,
      d,
      stepResidual,
      claims: { xi: claim(r.xi), zeta: claim(r.zeta) },
      notes: [...r.xi.notes.map((n) => `xi: ${n}`), ...r.zeta.notes.map((n) => `zeta: ${n}`)],
    };
  });
  return {
    ...header(loss, eta, digits, precision),
    source: 'trajectory',
    items,
    notes: [
      `mean-value points of steps 0..${steps.length - 1}: phi(t) = d.H(w + t d)d - c, c = d.(grad L(w + d) - grad L(w)) for xi (rbar by the secant), c = 2(L(w + d) - L(w) - grad L(w).d) for zeta (rtilde)`,
    ],
  };
}
