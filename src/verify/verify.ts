import type { Expr } from '../symbolic/ast.js';
import { derivativeTable } from '../symbolic/derivatives.js';
import { InputError, parseConstant, parseLoss, withParamValues, type Loss } from '../symbolic/loss.js';
import { Arith, CheckFailure, type Iv } from './arith.js';

/*
 * Independent re-check of an eoskit certificate. It shares with the producer only the loss parser
 * and the CAS derivatives (a wrong derivative would make the F and J it evaluates wrong together,
 * which the Taylor-jet property tests guard against); the interval arithmetic, the expression
 * evaluation, the Krawczyk operator and the multiplier tests are written again here. It must not
 * import src/interval or src/certify.
 */

type Vec = readonly Iv[];
type Mat = readonly Vec[];

/** Evaluates a tree in the re-checker's arithmetic (no compile(), no shared evaluator). */
export function evaluate(A: Arith, e: Expr, env: ReadonlyMap<string, Iv>): Iv {
  const ev = (x: Expr): Iv => evaluate(A, x, env);
  switch (e.kind) {
    case 'num':
      return A.ratio(e.num, e.den);
    case 'sym': {
      if (e.name === 'pi') return A.pi();
      if (e.name === 'e') return A.exp(A.ratio(1n, 1n));
      const v = env.get(e.name);
      if (!v) throw new CheckFailure(`unknown symbol ${e.name}`);
      return v;
    }
    case 'neg':
      return A.neg(ev(e.arg));
    case 'add':
      return A.add(ev(e.left), ev(e.right));
    case 'sub':
      return A.sub(ev(e.left), ev(e.right));
    case 'mul':
      return A.mul(ev(e.left), ev(e.right));
    case 'div':
      return A.div(ev(e.left), ev(e.right));
    case 'pow': {
      const r = e.right.kind === 'num' ? e.right : e.right.kind === 'neg' && e.right.arg.kind === 'num' ? { num: -e.right.arg.num, den: e.right.arg.den } : undefined;
      if (e.left.kind === 'sym' && e.left.name === 'e') return A.exp(ev(e.right));
      const base = ev(e.left);
      if (r && r.den === 1n) return A.powInt(base, r.num);
      if (r && r.den === 2n) return A.powInt(A.sqrt(base), r.num);
      const exponent = r ? A.ratio(r.num, r.den) : ev(e.right);
      return A.exp(A.mul(exponent, A.log(base)));
    }
    case 'call':
      return callFn(A, e.fn, ev(e.args[0] as Expr));
  }
}

function callFn(A: Arith, fn: string, x: Iv): Iv {
  const one = A.ratio(1n, 1n);
  const half = A.ratio(1n, 2n);
  const sinh = () => A.mul(half, A.sub(A.exp(x), A.exp(A.neg(x))));
  const cosh = () => A.mul(half, A.add(A.exp(x), A.exp(A.neg(x))));
  const asin = (y: Iv) => A.atan(A.div(y, A.sqrt(A.sub(one, A.sqr(y)))));
  switch (fn) {
    case 'exp': return A.exp(x);
    case 'log': return A.log(x);
    case 'sqrt': return A.sqrt(x);
    case 'sin': return A.sin(x);
    case 'cos': return A.cos(x);
    case 'tan': return A.div(A.sin(x), A.cos(x));
    case 'sec': return A.inv(A.cos(x));
    case 'csc': return A.inv(A.sin(x));
    case 'cot': return A.div(A.cos(x), A.sin(x));
    case 'tanh': return A.tanh(x);
    case 'sinh': return sinh();
    case 'cosh': return cosh();
    case 'sech': return A.inv(cosh());
    case 'csch': return A.inv(sinh());
    case 'coth': return A.div(cosh(), sinh());
    case 'atan': return A.atan(x);
    case 'asin': return asin(x);
    case 'acos': return A.sub(A.mul(half, A.pi()), asin(x));
    case 'asinh': return A.log(A.add(x, A.sqrt(A.add(A.sqr(x), one))));
    case 'acosh': return A.log(A.add(x, A.sqrt(A.sub(A.sqr(x), one))));
    case 'atanh': return A.mul(half, A.log(A.div(A.add(one, x), A.sub(one, x))));
    case 'abs':
      if (A.has0(x)) throw new CheckFailure('abs at 0');
      return x.lo.gt(0) ? x : A.neg(x);
    default:
      throw new CheckFailure(`function ${fn} is not supported by the re-checker`);
  }
}

// ---- reading the certificate ----------------------------------------------------------------------

function field<T>(o: Record<string, unknown>, key: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[key];
  if (!check(v)) throw new InputError(`certificate: '${key}' must be ${what}`);
  return v;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPair = (v: unknown): v is [string, string] => isStrings(v) && v.length === 2;
const isPairs = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every(isPair);

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
function decimalText(s: string, what: string): string {
  if (!DECIMAL.test(s)) throw new InputError(`certificate: ${what} '${s.slice(0, 40)}' is not a decimal number`);
  return s;
}

export interface VerifyReport {
  readonly verified: boolean;
  readonly kind: string;
  /** One line per claim re-proved. */
  readonly checks: readonly string[];
  /** One line per claim that could not be re-proved. */
  readonly failures: readonly string[];
}

/** Re-checks a parsed certificate. Malformed input is an InputError; a claim that fails is reported. */
export function verifyCertificate(json: unknown): VerifyReport {
  if (!isObject(json)) throw new InputError('certificate: not a JSON object');
  const format = field(json, 'format', isString, 'a string');
  if (format !== 'eoskit-certificate-1') throw new InputError(`certificate: unknown format '${format}'`);
  const kind = field(json, 'kind', isString, 'a string');
  if (kind !== 'fixed-point' && kind !== 'period-two') throw new InputError(`certificate: unknown kind '${kind}'`);
  const digits = field(json, 'digits', isInt, 'an integer');
  const precision = field(json, 'precision', isInt, 'an integer');
  if (precision < 10 || precision > 1000 || digits < 1 || digits > precision) throw new InputError('certificate: digits/precision out of range');
  const params = field(json, 'params', isObject, 'an object');
  if (!Object.values(params).every(isString)) throw new InputError('certificate: parameter values must be strings');
  const loss: Loss = parseLoss(field(json, 'loss', isString, 'a string'), { vars: field(json, 'vars', isStrings, 'a list of names'), params: params as Record<string, string> });
  const etaText = field(json, 'eta', isString, 'a string');
  const kr = field(json, 'krawczyk', isObject, 'an object');
  const claims = field(json, 'claims', isObject, 'an object');
  const n = loss.vars.length;
  const m = kind === 'fixed-point' ? n : 2 * n;
  const boxText = field(kr, 'box', isPairs, 'a list of [lo, hi] pairs');
  const centerText = field(kr, 'center', isStrings, 'a list of numbers');
  const cText = field(kr, 'preconditioner', (v): v is string[][] => Array.isArray(v) && v.every(isStrings), 'a matrix of numbers');
  if (boxText.length !== m || centerText.length !== m || cText.length !== m || cText.some((r) => r.length !== m)) {
    throw new InputError(`certificate: a ${kind} of a loss in ${n} variable(s) needs ${m} unknowns`);
  }

  const A = new Arith(precision);
  const checks: string[] = [];
  const failures: string[] = [];
  const claim = (what: string, f: () => boolean | string): void => {
    try {
      const r = f();
      if (r === true) checks.push(what);
      else failures.push(`${what}: ${r === false ? 'not proved' : r}`);
    } catch (err) {
      // decimal.js's own limits (its pi ends near 1025 digits) are a failed re-check, not a crash.
      if (err instanceof CheckFailure || (err instanceof Error && err.message.startsWith('[DecimalError]'))) failures.push(`${what}: ${err.message}`);
      else throw err;
    }
  };
  const inside = (a: Iv, b: Iv) => a.lo.gt(b.lo) && a.hi.lt(b.hi);
  const within = (a: Iv, b: Iv) => a.lo.gte(b.lo) && a.hi.lte(b.hi);
  const show = (a: Iv) => `[${a.lo.toSignificantDigits(8).toString()}, ${a.hi.toSignificantDigits(8).toString()}]`;
  const asIv = ([lo, hi]: readonly [string, string], what: string): Iv => {
    const l = A.num(decimalText(lo, what)).lo;
    const h = A.num(decimalText(hi, what)).hi;
    if (l.gt(h)) throw new InputError(`certificate: ${what} has lo > hi`);
    return { lo: l, hi: h };
  };

  const X = boxText.map((b, i) => asIv(b, `box[${i}]`));
  const y = centerText.map((s, i) => decimalText(s, `center[${i}]`));
  const Y = y.map((s) => A.num(s));
  const C = cText.map((row) => row.map((s) => A.num(decimalText(s, 'preconditioner entry'))));

  // Derivatives of the loss with the parameter values substituted.
  const table = derivativeTable(loss.expr, loss.vars, 2);
  const gradE = loss.vars.map((_, i) => withParamValues(loss, table.entry([i])));
  const hessE = loss.vars.map((_, i) => loss.vars.map((_, j) => withParamValues(loss, table.entry([i, j]))));
  const env = (w: Vec) => new Map(loss.vars.map((v, i) => [v, w[i]!] as const));
  const grad = (w: Vec): Vec => gradE.map((e) => evaluate(A, e, env(w)));
  const one = A.ratio(1n, 1n);
  const zero = A.ratio(0n, 1n);
  let eta: Iv = zero;
  const DG = (w: Vec): Mat => hessE.map((row, i) => row.map((e, j) => A.sub(i === j ? one : zero, A.mul(eta, evaluate(A, e, env(w))))));
  const G = (w: Vec): Vec => {
    const g = grad(w);
    return w.map((wi, i) => A.sub(wi, A.mul(eta, g[i]!)));
  };
  const F = (z: Vec): Vec => {
    if (kind === 'fixed-point') return grad(z);
    const [g1, g2] = [G(z.slice(0, n)), G(z.slice(n))];
    return [...z.slice(n).map((v, i) => A.sub(v, g1[i]!)), ...z.slice(0, n).map((v, i) => A.sub(v, g2[i]!))];
  };
  const J = (z: Vec): Mat => {
    if (kind === 'fixed-point') return hessE.map((row) => row.map((e) => evaluate(A, e, env(z))));
    const [P, Q] = [DG(z.slice(0, n)), DG(z.slice(n))];
    return Array.from({ length: m }, (_, i) =>
      Array.from({ length: m }, (_, j) => {
        const [bi, bj] = [Math.floor(i / n), Math.floor(j / n)];
        if (bi === bj) return A.neg((bi === 0 ? P : Q)[i % n]![j % n]!);
        return i % n === j % n ? one : zero;
      }),
    );
  };
  const dot = (row: Vec, v: Vec): Iv => row.reduce((s, a, k) => A.add(s, A.mul(a, v[k]!)), zero);

  claim('eta is a positive exact constant', () => {
    eta = evaluate(A, parseConstant(etaText, 'eta'), new Map());
    return eta.lo.gt(0) || 'eta is not positive';
  });

  let K: Vec | undefined;
  claim(`existence and uniqueness: K(X) lies in the interior of X (${m} unknowns, precision ${precision})`, () => {
    if (!Y.every((yi, i) => within(yi, X[i]!))) return 'the centre y is not in the box';
    const CF = C.map((row) => dot(row, F(Y)));
    const JX = J(X);
    const M = C.map((row, i) => JX.map((_, j) => A.sub(i === j ? one : zero, dot(row, JX.map((r) => r[j]!)))));
    const XmY = X.map((x, i) => A.sub(x, Y[i]!));
    K = Y.map((yi, i) => A.add(A.sub(yi, CF[i]!), dot(M[i]!, XmY)));
    const bad = K.findIndex((k, i) => !inside(k, X[i]!));
    return bad < 0 || `K(X)[${bad}] = ${show(K[bad]!)} is not inside X[${bad}] = ${show(X[bad]!)}`;
  });

  const enclosure = field(claims, 'enclosure', (v): v is [string, string][][] => Array.isArray(v) && v.every(isPairs), 'a list of boxes');
  claim('the claimed enclosure contains the proved box', () => {
    if (!K) return 'existence was not proved';
    const flat = enclosure.flat();
    if (flat.length !== m) return `the enclosure has ${flat.length} components, expected ${m}`;
    const bad = X.findIndex((x, i) => !within(x, asIv(flat[i]!, `enclosure[${i}]`)));
    return bad < 0 || `component ${bad} of the box ${show(X[bad]!)} is outside the claimed enclosure`;
  });

  if (kind === 'period-two') {
    claim('the two orbit points are distinct (a genuine period-two orbit, not a fixed point)', () => {
      if (claims['distinct'] !== true) return 'the certificate does not claim it';
      return X.slice(0, n).some((x, i) => x.hi.lt(X[n + i]!.lo) || X[n + i]!.hi.lt(x.lo)) || 'the boxes of x1 and x2 overlap';
    });
  }

  // Multipliers on the box.
  const mult = field(claims, 'multipliers', isObject, 'an object');
  const stability = field(claims, 'stability', isString, 'a string');
  if (!['stable', 'unstable', 'undecided'].includes(stability)) throw new InputError(`certificate: unknown stability '${stability}'`);
  claim(`multiplier bounds and stability '${stability}'`, () => {
    if (!K) return 'existence was not proved';
    let eig: Iv[] | undefined;
    let trace: Iv | undefined;
    let det: Iv | undefined;
    if (kind === 'fixed-point') {
      const D = DG(X);
      if (n === 1) eig = [D[0]![0]!];
      else {
        const mid = A.mul(A.ratio(1n, 2n), A.add(D[0]![0]!, D[1]![1]!));
        const r = A.sqrt(A.add(A.sqr(A.mul(A.ratio(1n, 2n), A.sub(D[0]![0]!, D[1]![1]!))), A.sqr(D[0]![1]!)), true);
        eig = [A.sub(mid, r), A.add(mid, r)];
      }
    } else {
      const [P, Q] = [DG(X.slice(0, n)), DG(X.slice(n))];
      const Mm = Q.map((row) => P[0]!.map((_, j) => dot(row, P.map((r) => r[j]!))));
      if (n === 1) eig = [Mm[0]![0]!];
      else {
        trace = A.add(Mm[0]![0]!, Mm[1]![1]!);
        det = A.sub(A.mul(Mm[0]![0]!, Mm[1]![1]!), A.mul(Mm[0]![1]!, Mm[1]![0]!));
        const h = A.mul(A.ratio(1n, 2n), trace);
        const disc = A.sub(A.sqr(h), det);
        if (disc.lo.gt(0)) eig = ((r) => [A.sub(h, r), A.add(h, r)])(A.sqrt(disc));
      }
    }
    const given = (key: string): Iv[] | undefined => {
      const v = mult[key];
      if (v === undefined) return undefined;
      if (isPair(v)) return [asIv(v, key)];
      if (isPairs(v)) return v.map((p, i) => asIv(p, `${key}[${i}]`));
      throw new InputError(`certificate: multipliers.${key} must be [lo, hi] pairs`);
    };
    const compare = (key: string, own: Iv[] | undefined): string | undefined => {
      const claimed = given(key);
      if (!claimed) return undefined;
      if (!own || own.length !== claimed.length) return `${key}: claimed but not provable here`;
      const bad = own.findIndex((o, i) => !within(o, claimed[i]!));
      return bad < 0 ? undefined : `${key}[${bad}]: re-computed ${show(own[bad]!)} is not inside the claimed ${show(claimed[bad]!)}`;
    };
    const mismatch = compare('eigenvalues', eig) ?? compare('trace', trace && [trace]) ?? compare('det', det && [det]);
    if (mismatch) return mismatch;
    if (stability === 'undecided') return true;
    const lt1 = (e: Iv) => e.lo.gt(-1) && e.hi.lt(1);
    const gt1 = (e: Iv) => e.lo.gt(1) || e.hi.lt(-1);
    let stable = false;
    let unstable = false;
    if (eig) {
      stable = eig.every(lt1);
      unstable = eig.some(gt1);
    }
    if (trace && det) {
      // Schur-Cohn: both roots of l^2 - T l + d inside the unit disc iff |d| < 1 and 1 -+ T + d > 0.
      const pPlus = A.add(A.sub(one, trace), det);
      const pMinus = A.add(A.add(one, trace), det);
      stable ||= lt1(det) && pPlus.lo.gt(0) && pMinus.lo.gt(0);
      unstable ||= pPlus.hi.lt(0) || pMinus.hi.lt(0) || gt1(det);
    }
    if (stability === 'stable') return stable || 'stability is not proved by the re-computed multipliers';
    return unstable || 'instability is not proved by the re-computed multipliers';
  });

  return { verified: failures.length === 0, kind, checks, failures };
}
