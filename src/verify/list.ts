import { derivativeTable } from '../symbolic/derivatives.js';
import { InputError, parseConstant, parseLoss, withParamValues, type Loss } from '../symbolic/loss.js';
import { Arith, CheckFailure, type Iv } from './arith.js';
import { evaluate, verifyCertificate, type VerifyReport } from './verify.js';

/*
 * Re-check of a certificate list (eoskit classify/trajectory --certify): fixed points and orbits
 * are handed, one by one, to the single-claim checker of verify.ts with the list's loss and eta;
 * the signs of Q(u) and of the flip coefficient and the mean-value points are re-proved here, in
 * the re-checker's own arithmetic (arith.ts). Like verify.ts it must not import src/interval or
 * src/certify: a tampered list must fail here even if the producer is wrong the same way.
 */

type Vec = readonly Iv[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPair = (v: unknown): v is [string, string] => isStrings(v) && v.length === 2;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function get<T>(o: Record<string, unknown>, key: string, check: (v: unknown) => v is T, what: string, where: string): T {
  const v = o[key];
  if (!check(v)) throw new InputError(`certificate: ${where}: '${key}' must be ${what}`);
  return v;
}

const show = (a: Iv) => `[${a.lo.toSignificantDigits(8).toString()}, ${a.hi.toSignificantDigits(8).toString()}]`;

export function verifyCertificateList(json: Record<string, unknown>): VerifyReport {
  const shared = ['loss', 'vars', 'params', 'eta', 'digits', 'precision'] as const;
  const source = get(json, 'source', isString, 'a string', 'list');
  if (source !== 'classify' && source !== 'trajectory') throw new InputError(`certificate: unknown source '${source}'`);
  const items = get(json, 'items', (v): v is unknown[] => Array.isArray(v), 'a list', 'list');
  const precision = json['precision'];
  const digits = json['digits'];
  if (!Number.isInteger(precision) || !Number.isInteger(digits) || (precision as number) < 10 || (precision as number) > 1000) throw new InputError('certificate: digits/precision out of range');
  const params = get(json, 'params', isObject, 'an object', 'list');
  if (!Object.values(params).every(isString)) throw new InputError('certificate: parameter values must be strings');
  const loss: Loss = parseLoss(get(json, 'loss', isString, 'a string', 'list'), { vars: get(json, 'vars', isStrings, 'a list of names', 'list'), params: params as Record<string, string> });
  const etaText = get(json, 'eta', isString, 'a string', 'list');
  const n = loss.vars.length;
  const A = new Arith(precision as number);
  const checks: string[] = [];
  const failures: string[] = [];
  const claim = (what: string, f: () => boolean | string): boolean => {
    try {
      const r = f();
      if (r === true) checks.push(what);
      else failures.push(`${what}: ${r === false ? 'not proved' : r}`);
      return r === true;
    } catch (err) {
      if (err instanceof CheckFailure || (err instanceof Error && err.message.startsWith('[DecimalError]'))) failures.push(`${what}: ${err.message}`);
      else throw err;
      return false;
    }
  };
  const num = (s: unknown, what: string): Iv => {
    if (!isString(s) || !DECIMAL.test(s)) throw new InputError(`certificate: ${what} is not a decimal number`);
    return A.num(s);
  };
  const bound = (v: unknown, what: string): Iv => {
    if (!isPair(v)) throw new InputError(`certificate: ${what} must be a [lo, hi] pair`);
    const lo = num(v[0], what).lo;
    const hi = num(v[1], what).hi;
    if (lo.gt(hi)) throw new InputError(`certificate: ${what} has lo > hi`);
    return { lo, hi };
  };
  const within = (a: Iv, b: Iv) => a.lo.gte(b.lo) && a.hi.lte(b.hi);
  const signOf = (x: Iv) => (x.lo.gt(0) ? 'positive' : x.hi.lt(0) ? 'negative' : 'undecided');
  const zero = A.ratio(0n, 1n);
  const env = (w: Vec) => new Map(loss.vars.map((v, i) => [v, w[i]!] as const));
  let eta: Iv | undefined;
  claim('eta is a positive exact constant', () => {
    eta = evaluate(A, parseConstant(etaText, 'eta'), new Map());
    return eta.lo.gt(0) || 'eta is not positive';
  });
  // Derivative tables only when needed (order 4 costs a CAS call per entry).
  let table: ReturnType<typeof derivativeTable> | undefined;
  const entry = (idx: readonly number[]) => withParamValues(loss, (table ??= derivativeTable(loss.expr, loss.vars, 4)).entry(idx));
  const tuples = (k: number): number[][] => (k === 0 ? [[]] : tuples(k - 1).flatMap((t) => loss.vars.map((_, i) => [...t, i])));
  /** The full contraction D^k L(X)[v, ..., v, e_fixed...]. */
  const contract = (X: Vec, v: Vec, k: number, fixed: readonly number[] = []): Iv =>
    tuples(k).reduce((s, t) => A.add(s, t.reduce((p, i) => A.mul(p, v[i]!), evaluate(A, entry([...t, ...fixed]), env(X)))), zero);

  /** Verified boxes of the fixed-point items, by id: where w* is proved to be. */
  const boxes = new Map<string, Vec>();
  const seen = new Set<string>();
  let proved = 0;
  let unproved = 0;
  for (const [index, raw] of items.entries()) {
    if (!isObject(raw)) throw new InputError(`certificate: item ${index} is not an object`);
    const id = get(raw, 'id', isString, 'a string', `item ${index}`);
    if (seen.has(id)) throw new InputError(`certificate: item id '${id}' repeated`);
    seen.add(id);
    const kind = get(raw, 'kind', isString, 'a string', id);
    const status = get(raw, 'status', isString, 'a string', id);
    if (status === 'not-proved') {
      unproved++;
      continue;
    }
    if (status !== 'proved') throw new InputError(`certificate: ${id}: unknown status '${status}'`);
    proved++;
    if (kind === 'fixed-point' || kind === 'period-two') {
      // The single-claim checker, with the list's loss and eta (not the item's: it has none).
      const single = Object.fromEntries([['format', 'eoskit-certificate-1'], ...shared.map((k) => [k, json[k]] as const), ...Object.entries(raw).filter(([k]) => !['id', 'status', ...shared].includes(k))]);
      const r = verifyCertificate(single);
      checks.push(...r.checks.map((c) => `${id}: ${c}`));
      failures.push(...r.failures.map((f) => `${id}: ${f}`));
      if (r.verified && kind === 'fixed-point') {
        const kr = raw['krawczyk'] as { box: [string, string][] };
        boxes.set(id, kr.box.map((b, i) => bound(b, `${id} box[${i}]`)));
      }
    } else if (kind === 'branch-sign') {
      const fp = get(raw, 'fixedPoint', isString, 'a string', id);
      const uText = get(raw, 'direction', isStrings, 'a list of numbers', id);
      const c = get(raw, 'claims', isObject, 'an object', id);
      if (uText.length !== n) throw new InputError(`certificate: ${id}: the direction needs ${n} components`);
      const signQ = get(c, 'signQ', isString, 'a string', id);
      const signFlip = c['signFlip'];
      claim(`${id}: sign of Q(u) '${signQ}'${signFlip !== undefined ? ` and of the flip coefficient '${String(signFlip)}'` : ''} at the fixed point of ${fp}`, () => {
        const X = boxes.get(fp);
        if (!X) return `${fp} is not a verified fixed point of this certificate (no box known to contain w*)`;
        if (!eta) return 'eta was not verified';
        const eig = raw['eigenvector'];
        let u: Vec = uText.map((s, i) => num(s, `${id} direction[${i}]`));
        if (eig !== undefined) {
          // The exact eigenvector of H(w*), enclosed over X: v = (l - c, b) or (b, l - a) solves
          // (H - l I)v = 0 for each symmetric H = [[a, b], [b, c]] in the box, and is nonzero when the
          // named component excludes 0.
          if (!isObject(eig) || !['smaller', 'larger'].includes(eig['eigenvalue'] as string) || !['lambda-c,b', 'b,lambda-a'].includes(eig['form'] as string) || n !== 2) {
            throw new InputError(`certificate: ${id}: 'eigenvector' must be { eigenvalue: smaller|larger, form: lambda-c,b|b,lambda-a } on a loss in 2 variables`);
          }
          const [a, b, c] = [[0, 0], [0, 1], [1, 1]].map((idx) => evaluate(A, entry(idx), env(X))) as [Iv, Iv, Iv];
          const half = A.ratio(1n, 2n);
          const r = A.sqrt(A.add(A.sqr(A.mul(half, A.sub(a, c))), A.sqr(b)), true);
          const mid = A.mul(half, A.add(a, c));
          const l = eig['eigenvalue'] === 'larger' ? A.add(mid, r) : A.sub(mid, r);
          u = eig['form'] === 'lambda-c,b' ? [A.sub(l, c), b] : [b, A.sub(l, a)];
          const key = eig['form'] === 'lambda-c,b' ? u[0]! : u[1]!;
          if (signOf(key) === 'undecided') return 'the eigenvector enclosure is not proved nonzero';
        }
        // Q(u) = Q4[u,u,u,u]/6 - <T[u,u,.], H^-1 T[u,u,.]>/2 with the full T[u,u,.], on the whole box X.
        const Tuu = loss.vars.map((_, k) => contract(X, u, 2, [k]));
        const H = loss.vars.map((_, i) => loss.vars.map((_, j) => evaluate(A, entry([i, j]), env(X))));
        let HinvT: Iv[];
        if (n === 1) HinvT = [A.div(Tuu[0]!, H[0]![0]!)];
        else {
          const det = A.sub(A.mul(H[0]![0]!, H[1]![1]!), A.mul(H[0]![1]!, H[1]![0]!));
          HinvT = [A.div(A.sub(A.mul(H[1]![1]!, Tuu[0]!), A.mul(H[0]![1]!, Tuu[1]!)), det), A.div(A.sub(A.mul(H[0]![0]!, Tuu[1]!), A.mul(H[1]![0]!, Tuu[0]!)), det)];
        }
        const coupling = Tuu.reduce((s, t, i) => A.add(s, A.mul(t, HinvT[i]!)), zero);
        const rawQ = A.sub(A.div(contract(X, u, 4), A.ratio(6n, 1n)), A.div(coupling, A.ratio(2n, 1n)));
        const uu = u.reduce((s, x) => A.add(s, A.sqr(x)), zero);
        // Q is claimed at the unit vector: Q(v)/|v|^4.
        const Q = A.div(rawQ, A.sqr(uu));
        const claimedQ = bound(c['Q'], `${id} Q`);
        if (!within(Q, claimedQ)) return `Q(u) re-computed ${show(Q)} is not inside the claimed ${show(claimedQ)}`;
        if (signOf(Q) !== signQ || signOf(claimedQ) !== signQ) return `Q(u) in ${show(Q)} does not prove the sign '${signQ}'`;
        const lambda = A.div(contract(X, u, 2), uu);
        const claimedLambda = bound(c['lambda'], `${id} lambda`);
        if (!within(lambda, claimedLambda)) return `lambda = u.Hu/|u|^2 re-computed ${show(lambda)} is not inside the claimed ${show(claimedLambda)}`;
        if (signFlip === undefined) return true;
        if (!lambda.lo.gt(0)) return 'lambda is not proved positive: no critical learning rate';
        const etaC = A.div(A.ratio(2n, 1n), lambda);
        const flip = A.neg(A.mul(etaC, Q));
        const claimedFlip = bound(c['flip'], `${id} flip`);
        if (!within(etaC, bound(c['etaC'], `${id} etaC`))) return `eta_c = 2/lambda re-computed ${show(etaC)} is not inside the claimed bound`;
        if (!within(flip, claimedFlip)) return `the flip coefficient re-computed ${show(flip)} is not inside the claimed ${show(claimedFlip)}`;
        return (signOf(flip) === signFlip && signOf(claimedFlip) === signFlip) || `the flip coefficient in ${show(flip)} does not prove the sign '${String(signFlip)}'`;
      });
    } else if (kind === 'mean-value') {
      const wText = get(raw, 'w', isStrings, 'a list of numbers', id);
      const dText = get(raw, 'd', isStrings, 'a list of numbers', id);
      if (wText.length !== n || dText.length !== n) throw new InputError(`certificate: ${id}: w and d need ${n} components`);
      const c = get(raw, 'claims', isObject, 'an object', id);
      const W = wText.map((s, i) => num(s, `${id} w[${i}]`));
      const Dv = dText.map((s, i) => num(s, `${id} d[${i}]`));
      const W1 = W.map((x, i) => A.add(x, Dv[i]!));
      const dot = (a: Vec, b: Vec) => a.reduce((s, x, i) => A.add(s, A.mul(x, b[i]!)), zero);
      const grad = (X: Vec) => loss.vars.map((_, i) => evaluate(A, entry([i]), env(X)));
      claim(`${id}: d is the GD step from w to within the claimed ${String(raw['stepResidual'])} (|d + eta grad L(w)|, max norm)`, () => {
        if (!eta) return 'eta was not verified';
        const r = num(raw['stepResidual'], `${id} stepResidual`).hi;
        const g = grad(W);
        const bad = Dv.findIndex((d, i) => {
          const e = A.add(d, A.mul(eta!, g[i]!));
          return e.hi.gt(r) || e.lo.lt(r.neg());
        });
        return bad < 0 || `component ${bad}: d + eta grad L(w) reaches beyond the claimed residual`;
      });
      // rbar and rtilde times |d|^2, enclosed from L and grad L only (the secant and the remainder).
      const g0 = grad(W);
      const targets = {
        xi: A.sub(dot(Dv, grad(W1)), dot(Dv, g0)),
        zeta: A.mul(A.ratio(2n, 1n), A.sub(A.sub(evaluate(A, withParamValues(loss, loss.expr), env(W1)), evaluate(A, withParamValues(loss, loss.expr), env(W))), dot(g0, Dv))),
      };
      const along = (t: Iv) => W.map((x, i) => A.add(x, A.mul(t, Dv[i]!)));
      for (const which of ['xi', 'zeta'] as const) {
        const mv = get(c, which, isObject, 'an object', id);
        const roots = get(mv, 'roots', (v): v is [string, string][] => Array.isArray(v) && v.every(isPair), 'a list of [lo, hi] pairs', `${id} ${which}`);
        const unique = mv['unique'] === true;
        claim(`${id}: ${which} has ${roots.length} root(s) of u.H(w + t d)u = ${which === 'xi' ? 'rbar' : 'rtilde'}, each proved by a sign change at the ends of its enclosure${unique ? ', and exactly one in (0, 1)' : ''}`, () => {
          if (roots.length === 0) return 'no root claimed';
          const phi = (t: Iv) => A.sub(contract(along(t), Dv, 2), targets[which]);
          let previous: Iv | undefined;
          for (const [i, r] of roots.entries()) {
            const [lo, hi] = [num(r[0], `${id} ${which}`), num(r[1], `${id} ${which}`)];
            if (!(lo.lo.gte(0) && hi.hi.lte(1) && lo.hi.lt(hi.lo))) return `enclosure ${i} [${r[0]}, ${r[1]}] is not an interval inside [0, 1]`;
            if (previous && !previous.hi.lt(lo.lo)) return 'the enclosures overlap';
            previous = { lo: lo.lo, hi: hi.hi };
            const [a, b] = [signOf(phi(lo)), signOf(phi(hi))];
            if (a === 'undecided' || b === 'undecided' || a === b) return `enclosure ${i} [${r[0]}, ${r[1]}]: phi has signs ${a}, ${b} at its ends (no sign change proved)`;
          }
          if (!unique) return true;
          if (roots.length !== 1) return 'uniqueness claimed for several roots';
          return signOf(contract(along({ lo: A.ratio(0n, 1n).lo, hi: A.ratio(1n, 1n).hi }), Dv, 3)) !== 'undecided' || "uniqueness: phi' = D^3 L[d,d,d] is not of one sign on [0, 1]";
        });
      }
    } else throw new InputError(`certificate: ${id}: unknown kind '${kind}'`);
  }
  if (proved === 0) failures.push('the certificate proves nothing (every item is not-proved)');
  return { verified: failures.length === 0, kind: `${source} list (${proved} proved item(s), ${unproved} not proved)`, checks, failures };
}

/** A single certificate (eoskit certify) or a list (classify/trajectory --certify), by its format. */
export function verifyAnyCertificate(json: unknown): VerifyReport {
  if (isObject(json) && json['format'] === 'eoskit-certificate-list-1') return verifyCertificateList(json);
  return verifyCertificate(json);
}
