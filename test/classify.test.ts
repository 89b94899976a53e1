import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { etaInterval, fixedPointSystem, intervalLoss } from '../src/certify/gd.js';
import { reduction, sideOf, type Branch } from '../src/dynamics/branches.js';
import { classify, type ClassifyReport } from '../src/dynamics/classify.js';
import { proveAllPeriodTwoZeros, proveAllZeros } from '../src/dynamics/interval-proof.js';
import type { PeriodTwoOrbit } from '../src/dynamics/period-two-orbits.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { InputError, parseLoss } from '../src/symbolic/loss.js';

/*
 * The exact cases of MATH.md §5 at 30 digits, the 2-D trap of §4 with its negative control (the
 * line-restricted Q gets the side wrong), and the degenerate situations classify must not paper
 * over: a continuum of critical points, a degenerate isolated point, a double eigenvalue.
 * Reference values are computed here independently, at 50 digits, from the closed forms.
 */
const DIGITS = 30;
const ref = numericContext(50);
const { D } = ref;
/** |a - b| <= 10^-29 max(1, |b|): agreement to the 30 reported digits, give or take the last. */
const agrees = (a: Decimal, b: Decimal.Value, digits = DIGITS - 1): boolean =>
  new D(a).minus(b).abs().lte(new D(10).pow(-digits).times(D.max(1, new D(b).abs())));

function run(src: string, eta: string, options: { params?: Record<string, string>; box?: string[]; vars?: string[] } = {}): ClassifyReport {
  const loss = parseLoss(src, { ...(options.vars && { vars: options.vars }), params: options.params ?? {} });
  return classify(loss, { eta, digits: DIGITS, ...(options.box && { box: options.box }) });
}

const orbitAround = (r: ClassifyReport, centre: Decimal.Value): PeriodTwoOrbit => {
  const o = r.periodTwoOrbits.orbits.find((o) => o.centre.every((c) => c.minus(centre).abs().lt('1e-20')));
  if (!o) throw new Error(`no orbit centred at ${centre.toString()}`);
  return o;
};
const branchAt = (r: ClassifyReport, at: readonly Decimal.Value[]): Branch[] =>
  r.branches.filter((b) => b.fixedPoint.every((x, i) => x.minus(at[i]!).abs().lt('1e-20')));
const realMultipliers = (o: PeriodTwoOrbit): readonly Decimal[] => {
  if (o.multipliers.kind !== 'real') throw new Error('complex multipliers');
  return o.multipliers.values;
};

describe('MATH.md §5: 1 - cos x at eta = 5/2', () => {
  const r = run('1-cos(x)', '5/2');
  // 2a = eta sin a by Newton at 50 digits.
  let a = new D('1.1');
  for (let i = 0; i < 30; i++) a = a.minus(a.times(2).minus(D.sin(a).times('2.5')).div(new D(2).minus(D.cos(a).times('2.5'))));

  it('finds the symmetric orbit +-a with 2a = eta sin a to 30 digits, stable with multiplier (1 - eta cos a)^2', () => {
    expect(a.toString().startsWith('1.13110258565128')).toBe(true);
    const o = orbitAround(r, 0);
    expect(agrees(o.halfAmplitude, a)).toBe(true);
    expect(agrees(o.points[1][0]!, a)).toBe(true);
    expect(agrees(o.points[0][0]!, a.neg())).toBe(true);
    const multiplier = new D(1).minus(D.cos(a).times('2.5')).pow(2);
    expect(agrees(realMultipliers(o)[0]!, multiplier)).toBe(true);
    expect(o.stability).toBe('stable');
    // Exact forcing: rbar = 2/eta on the orbit, to working precision.
    expect(o.forcing.residual.lt('1e-35')).toBe(true);
    expect(o.residual.lt('1e-35')).toBe(true);
  });

  it('lists the critical points k pi in [-10, 10] with their kinds, complete by an interval proof (not a polynomial: no Sturm)', () => {
    expect(r.fixedPoints.points.map((p) => p.kind)).toEqual(['maximum', 'minimum', 'maximum', 'minimum', 'maximum', 'minimum', 'maximum']);
    r.fixedPoints.points.forEach((p, i) => expect(agrees(p.point[0]!, D.acos(-1).times(i - 3))).toBe(true));
    expect(r.fixedPoints.points.every((p) => p.stability === 'unstable')).toBe(true);
    expect(r.fixedPoints.method).toBe('sampling');
    expect(r.complete).toBe(true);
    expect(r.fixedPoints.completeness).toContain('Krawczyk');
    expect(r.periodTwoOrbits.proof?.kind).toBe('proved');
    // The three symmetric orbits around 0 and +-2 pi are all the period-two orbits in [-10, 10].
    expect(r.periodTwoOrbits.orbits).toHaveLength(3);
  });

  it('negative control: the interval proof fails when a zero is left out of the list', () => {
    const loss = parseLoss('1-cos(x)');
    const L = intervalLoss(loss, 24);
    const region = [L.ia.hull(L.ia.point(-10), L.ia.point(10))];
    const zeros = r.fixedPoints.points.map((p) => p.point);
    const full = proveAllZeros(L.ia, fixedPointSystem(L), region, zeros, 3000);
    expect(full.kind).toBe('proved');
    // Twice the boxes the complete lists needed, and still no proof without the missing zero.
    const missing = proveAllZeros(L.ia, fixedPointSystem(L), region, zeros.slice(1), 2 * full.boxes + 100);
    expect(missing.kind).toBe('not-proved');
    const orbitZeros = [...zeros.map((w) => [...w, ...w]), ...r.periodTwoOrbits.orbits.slice(1).flatMap((o) => [[...o.points[0], ...o.points[1]], [...o.points[1], ...o.points[0]]])];
    const budget = 2 * r.periodTwoOrbits.proof!.boxes + 100;
    expect(proveAllPeriodTwoZeros(L, etaInterval('5/2', 24), region, orbitZeros, budget).kind).toBe('not-proved');
  });

  it('predicts a supercritical stable branch above eta_c = 2 with Q = -1/6, matched by the solved orbit', () => {
    const [b] = branchAt(r, [0]);
    expect(b).toBeDefined();
    expect(agrees(b!.criticalEta, 2)).toBe(true);
    expect(agrees(b!.reduction.Q, new D(-1).div(6))).toBe(true);
    expect(b!.side).toBe('above');
    expect(b!.stable).toBe(true);
    expect(agrees(b!.flipCoefficient, new D(1).div(3))).toBe(true);
    // alpha^2 = (2/eta - 2/eta_c)/Q = 6/5.
    expect(b!.prediction.kind === 'orbit' && agrees(b!.prediction.halfAmplitude, D.sqrt('1.2'))).toBe(true);
    expect(b!.match && agrees(b!.match.halfAmplitude, a)).toBe(true);
  });
});

describe('MATH.md §5: x^2/2 + x^4/4 at eta = 9/5', () => {
  const r = run('x^2/2+x^4/4', '9/5');

  it('finds the unstable orbit a = 1/3 exactly, and proves both lists complete (Sturm)', () => {
    expect(r.fixedPoints.points).toHaveLength(1);
    expect(r.periodTwoOrbits.orbits).toHaveLength(1);
    const o = r.periodTwoOrbits.orbits[0]!;
    expect(o.halfAmplitude.toPrecision(DIGITS)).toBe('0.' + '3'.repeat(DIGITS));
    // Multiplier (1 - eta (1 + 3a^2))^2 = (1 - 12/5)^2 = 49/25.
    expect(agrees(realMultipliers(o)[0]!, '1.96')).toBe(true);
    expect(o.stability).toBe('unstable');
    expect(r.complete).toBe(true);
    expect(r.fixedPoints.method).toBe('sturm');
  });

  it('puts the subcritical branch below eta_c, unstable, and predicts a = 1/3 exactly (Phi is exactly quartic here)', () => {
    const [b] = branchAt(r, [0]);
    expect(b!.side).toBe('below');
    expect(b!.stable).toBe(false);
    expect(agrees(b!.reduction.Q, 1)).toBe(true);
    expect(b!.prediction.kind === 'orbit' && b!.prediction.halfAmplitude.toPrecision(DIGITS)).toBe('0.' + '3'.repeat(DIGITS));
    expect(b!.match?.relativeDifference.lt('1e-29')).toBe(true);
    expect(b!.phi.latex).toContain('\\Phi_\\eta(s)');
    expect(b!.phi.latex).toContain('\\frac{1}{\\eta}');
  });
});

describe("MATH.md §5: Chen and Bruna's (x^2 - mu)^2/4 with eta = K/mu", () => {
  const mu = new D(1).div(3);
  const cases: [string, string, boolean][] = [
    ['11/10', '33/10', true],
    ['6/5', '18/5', true],
    ['13/10', '39/10', false],
  ];
  it.each(cases)('K = %s: a^2 = (mu - 1/eta)/4, multiplier 7 - 4K - 2K^2, stable iff 1 < K < sqrt(5) - 1', (kText, eta, stable) => {
    const r = run('(x^2-mu)^2/4', eta, { params: { mu: '1/3' } });
    const K = new D(kText.split('/')[0]!).div(kText.split('/')[1]!);
    const m = D.sqrt(mu);
    // The orbit around the minimum sqrt(mu) (the other orbits straddle both wells or mirror this one).
    const o = r.periodTwoOrbits.orbits.find((o) => o.centre[0]!.gt(0) && o.halfAmplitude.lt('0.5'))!;
    const aSquared = mu.minus(mu.div(K)).div(4);
    expect(agrees(o.halfAmplitude.pow(2), aSquared)).toBe(true);
    // The centre: m^2 - a^2 = 1/eta.
    expect(agrees(o.centre[0]!.pow(2).minus(o.halfAmplitude.pow(2)), mu.div(K))).toBe(true);
    expect(agrees(realMultipliers(o)[0]!, new D(7).minus(K.times(4)).minus(K.pow(2).times(2)))).toBe(true);
    expect(o.stability).toBe(stable ? 'stable' : 'unstable');
    expect(r.complete).toBe(true);
    // The branch at sqrt(mu): Q = (hq - 3t^2)/(6h) = -8, supercritical; its leading-order prediction is exact here.
    const [b] = branchAt(r, [m]);
    expect(agrees(b!.reduction.Q, -8)).toBe(true);
    expect(b!.side).toBe('above');
    expect(b!.stable).toBe(true);
    expect(b!.match && b!.match.relativeDifference.lt('1e-28')).toBe(true);
  });
});

describe('MATH.md §4: the 2-D trap L = 2x^2 + y^2/2 + x^2 y + x^4/4 + x^3/3 at 0', () => {
  const src = '2*x^2+y^2/2+x^2*y+x^4/4+x^3/3';
  const r = run(src, '11/20', { box: ['-3', '3'] });
  const [, bx] = branchAt(r, [0, 0]).sort((p, q) => p.eigenvalue.comparedTo(q.eigenvalue));

  it('full Q(e_x) = -3/2 < 0: the branch lies above eta_c = 1/2 and is stable; the solved orbit confirms it', () => {
    expect(bx!.direction[0]!.abs().minus(1).abs().lt('1e-29')).toBe(true);
    expect(agrees(bx!.criticalEta, '0.5')).toBe(true);
    expect(agrees(bx!.reduction.Q, '-1.5')).toBe(true);
    expect(bx!.side).toBe('above');
    expect(bx!.stable).toBe(true);
    expect(bx!.match).toBeDefined();
    // eta/eta_c - 1 = 1/10: leading order, a few per cent.
    expect(bx!.match!.relativeDifference.lt('0.1')).toBe(true);
    const o = r.periodTwoOrbits.orbits[bx!.match!.orbit]!;
    expect(o.stability).toBe('stable');
    expect(o.forcing.residual.lt('1e-35')).toBe(true);
  });

  it('negative control: the loss restricted to the line t e_x gives Q > 0, the wrong side', () => {
    const ctx = numericContext(DIGITS);
    const f = compileLoss(parseLoss(src), ctx, 4);
    const zero = [new ctx.D(0), new ctx.D(0)];
    const [h, t, q4] = [f.hessian(zero), f.tensor(3, zero) as Decimal[][][], f.tensor(4, zero) as Decimal[][][][]];
    const u = [new ctx.D(1), new ctx.D(0)];
    // L(t e_x) = 2t^2 + t^3/3 + t^4/4: h = 4, t = 2, q = 6, Q_line = (hq - 3t^2)/(6h) = 1/2.
    const line = q4[0]![0]![0]![0]!.div(6).minus(t[0]![0]![0]!.pow(2).div(h[0]![0]!.times(2)));
    expect(agrees(line, '0.5')).toBe(true);
    expect(sideOf(line, new ctx.D('1e-15'))).toBe('below');
    const full = reduction(h, t, q4, u, ctx);
    expect(sideOf(full.Q, full.tolerance)).toBe('above');
    expect(agrees(full.couplingTerm, '2.5')).toBe(true);
  });

  it('the y-direction (lambda = 1) has Q = 0: side degenerate, no prediction', () => {
    const [by] = branchAt(r, [0, 0]).sort((p, q) => p.eigenvalue.comparedTo(q.eigenvalue));
    expect(by!.side).toBe('degenerate');
    expect(by!.prediction.kind).toBe('none');
    expect(by!.stable).toBe(false);
  });

  it('finds the other critical points (x^2 - x - 4 = 0, y = -x^2) as saddles', () => {
    const x = new D(1).minus(D.sqrt(17)).div(2);
    const p = r.fixedPoints.points.find((p) => agrees(p.point[0]!, x));
    expect(p?.kind).toBe('saddle');
    expect(agrees(p!.point[1]!, x.pow(2).neg())).toBe(true);
  });
});

describe('degenerate cases are reported, not papered over', () => {
  it('(xy - 1)^2/2: a continuum of critical points makes the list incomplete, with samples on xy = 1', () => {
    const r = run('(x*y-1)^2/2', '1/2', { box: ['-3', '3'] });
    expect(r.complete).toBe(false);
    expect(r.fixedPoints.completeness).toContain('continuum of critical points');
    expect(r.fixedPoints.continuum.length).toBeGreaterThan(0);
    for (const w of r.fixedPoints.continuum) expect(w[0]!.times(w[1]!).minus(1).abs().lt('1e-25')).toBe(true);
    // Only the isolated saddle at the origin is listed as a point.
    expect(r.fixedPoints.points.map((p) => p.kind)).toEqual(['saddle']);
  });

  it('x^4: an isolated degenerate minimum is one point, neutral, and the exact count stays complete', () => {
    const r = run('x^4', '1');
    expect(r.fixedPoints.points).toHaveLength(1);
    expect(r.fixedPoints.points[0]!.kind).toBe('degenerate');
    expect(r.fixedPoints.points[0]!.stability).toBe('neutral');
    expect(r.fixedPoints.continuum).toHaveLength(0);
    expect(r.complete).toBe(true);
    // G(a) = a - 4a^3 = -a: a^2 = 1/2.
    expect(agrees(r.periodTwoOrbits.orbits[0]!.halfAmplitude.pow(2), '0.5')).toBe(true);
  });

  it('x^2/2 at eta = 2: G(G(x)) = x everywhere, so the orbit list is incomplete by nature', () => {
    const r = run('x^2/2', '2');
    expect(r.periodTwoOrbits.complete).toBe(false);
    expect(r.periodTwoOrbits.completeness).toContain('every point');
    expect(r.fixedPoints.complete).toBe(true);
    expect(r.fixedPoints.points[0]!.stability).toBe('neutral');
  });

  it('2 - cos x - cos y: a double eigenvalue; the diagonal directions are stable, the axes are not, as the orbits confirm', () => {
    const r = run('2-cos(x)-cos(y)', '5/2', { box: ['-3', '3'] });
    const bs = branchAt(r, [0, 0]);
    expect(bs).toHaveLength(4);
    for (const b of bs) {
      expect(b.eigenspaceDimension).toBe(2);
      const diagonal = b.direction[0]!.abs().minus(b.direction[1]!.abs()).abs().lt('1e-20');
      expect(agrees(b.reduction.Q, new D(diagonal ? -1 : -2).div(12))).toBe(true);
      expect(b.stable).toBe(diagonal);
      const o = r.periodTwoOrbits.orbits[b.match!.orbit]!;
      expect(o.stability).toBe(diagonal ? 'stable' : 'unstable');
    }
  });
});

describe('the domain of the loss, not of its derivatives', () => {
  it('log(x) + x^2/8 at eta = 1: the "orbit" +-0.756 solves F = 0 (L\' = 1/x + x/4 is odd) but log is undefined at -0.756', () => {
    const r = run('log(x)+x^2/8', '1', { box: ['-3', '3'] });
    expect(r.periodTwoOrbits.orbits).toHaveLength(0);
    expect(r.periodTwoOrbits.completeness).toContain('1 solution(s) lie where the loss itself is undefined');
  });
});

describe('classify input errors', () => {
  const loss = parseLoss('x^2');
  it.each([
    ['eta = 0', { eta: '0' }, 'eta must be positive'],
    ['negative eta', { eta: '-1/2' }, 'eta must be positive'],
    ['eta not a number', { eta: 'x' }, "unknown symbol 'x'"],
    ['empty box', { eta: '1', box: ['3', '-3'] }, 'is empty'],
    ['wrong box count', { eta: '1', box: ['1', '2', '3'] }, '--box expects lo,hi'],
    ['bad digits', { eta: '1', digits: 5 }, 'digits must be an integer'],
    ['bad grid', { eta: '1', perAxis: 0 }, 'seeds per axis'],
  ])('%s', (_, options, fragment) => {
    expect(() => classify(loss, options)).toThrow(InputError);
    expect(() => classify(loss, options)).toThrow(fragment);
  });
});
