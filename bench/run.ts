import { writeFileSync } from 'node:fs';
import { certifyOrbit } from '../src/certify/gd.js';
import { classify } from '../src/dynamics/classify.js';
import { fastTrajectory } from '../src/dynamics/fast-trajectory.js';
import { trajectory } from '../src/dynamics/trajectory.js';
import { compile } from '../src/numeric/compile.js';
import { compileLoss } from '../src/numeric/compiled-loss.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalAlgebra } from '../src/numeric/decimal-algebra.js';
import { decimalFunction } from '../src/numeric/evaluate.js';
import { floatAlgebra } from '../src/numeric/float-algebra.js';
import { compileFloatLoss } from '../src/numeric/float-loss.js';
import { compileFloatProgram } from '../src/numeric/float-program.js';
import { evaluateWithNerdamer } from '../src/symbolic/cas.js';
import { derivativeTable } from '../src/symbolic/derivatives.js';
import { parseLoss, withParamValues } from '../src/symbolic/loss.js';
import { THEOREMS } from '../theorems/registry.js';
import { search } from '../theorems/search.js';
import { measure, powerLawExponent, speedUp, type Timing } from './measure.js';

/*
 * `npm run bench`: medians of repeated runs of each main job on fixed inputs, printed as a table and
 * written to bench/results.json. Not part of `npm test`: timings belong here, not in assertions.
 */
const LOSSES_2D = [
  'sqrt(x^2+y^2+1)',
  '(x*y-1)^2/2',
  '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3',
  'log(1+exp(x-y)) + tanh(x*y)/3 + (x^2+y^2)/8',
  'sin(x)*cos(y) + atan(x*y)/2 + (x^2+y^2)/8',
];

const rows: { section: string; case: string; value: string; unit: string }[] = [];
const results: Record<string, unknown> = {};
const record = (section: string, name: string, t: Timing | number, unit: string): void => {
  const value = typeof t === 'number' ? t : t.median;
  rows.push({ section, case: name, value: value < 10 ? value.toPrecision(3) : value.toFixed(1), unit });
  results[`${section}: ${name}`] = t;
};

// BENCH_SECTIONS=3,4 runs only those sections (a quick re-measure after a change).
const only = process.env.BENCH_SECTIONS?.split(',');
const want = (section: number): boolean => !only || only.includes(String(section));

// 1. derive: gradient, Hessian, third and fourth tensors of 2-D losses.
for (const src of want(1) ? LOSSES_2D : []) {
  const loss = parseLoss(src);
  record('derive order 4', src, measure(() => derivativeTable(loss.expr, loss.vars, 4), 3), 'ms/loss');
}

// 2. evaluation: one Hessian entry per point, three evaluators, on a transcendental and a polynomial loss.
const perPoint = (calls: number, fn: (k: number) => unknown): Timing => {
  const t = measure(() => {
    for (let k = 0; k < calls; k++) fn(k);
  });
  return { ...t, median: t.median / calls, min: t.min / calls, max: t.max / calls };
};
for (const [label, src] of [
  ['transcendental', 'log(1+exp(x-y)) + tanh(x*y)/3 + (x^2+y^2)/8'],
  ['polynomial', '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3 + x^3*y^3/5'],
] as const) {
  if (!want(2)) break;
  const section = `evaluate d2L/dxdy, ${label}`;
  const loss = parseLoss(src);
  const entry = derivativeTable(loss.expr, loss.vars, 2).entry([0, 1]);
  const nerdamerPoint = () => evaluateWithNerdamer(entry, { x: '0.7', y: '-1.3' });
  const nerdamer = perPoint(20, nerdamerPoint);
  record(section, 'nerdamer (double precision inside)', nerdamer, 'ms/point');
  const float = compile(withParamValues(loss, entry), floatAlgebra, loss.vars);
  record(section, 'compiled float64 (closures)', perPoint(100_000, (k) => float([0.7 + k * 1e-9, -1.3])), 'ms/point');
  const program = compileFloatProgram([withParamValues(loss, entry)], loss.vars);
  const out = new Float64Array(1);
  record(section, 'compiled float64 (straight-line program)', perPoint(100_000, (k) => program([0.7 + k * 1e-9, -1.3], out)), 'ms/point');
  const scaling: [number, number][] = [];
  for (const digits of [30, 100, 300, 900]) {
    const ctx = numericContext(digits);
    const f = decimalFunction(loss, entry, ctx);
    // Full-precision coordinates (0.7 and -1.3 perturbed by 1/3 and 1/7 of 10^-5): short decimal
    // inputs would make a polynomial cost the same at every precision.
    const point = [new ctx.D(1).div(3e5).plus('0.7'), new ctx.D(-1).div(7e5).minus('1.3')];
    const t = perPoint(digits > 300 ? 5 : 50, () => f(point));
    scaling.push([digits, t.median]);
    record(section, `compiled decimal (BigInt arithmetic, decimalFunction), ${digits} digits`, t, 'ms/point');
    // The same values with decimal.js's arithmetic (the decimal algebra itself): what the BigInt
    // form of fast-decimal-algebra.ts saves.
    const viaDecimalJs = compile(withParamValues(loss, entry), decimalAlgebra(ctx), loss.vars);
    record(section, `compiled decimal (decimal.js arithmetic), ${digits} digits`, perPoint(digits > 300 ? 5 : 50, () => viaDecimalJs(point)), 'ms/point');
    // From adjacent timings of about 5 ms each (speedUp): the ratio of the two medians above
    // drifts with the load.
    const [slowCalls, fastCalls] = label === 'polynomial' ? [100, 2000] : [5, 50];
    if (digits === 30) record(section, 'speed-up of compiled decimal (30 digits) over nerdamer', speedUp(nerdamerPoint, slowCalls, () => f(point), fastCalls), 'x');
  }
  record(section, 'cost ~ digits^p, fitted p (30..900 digits)', powerLawExponent(scaling), '');
}
// asinh and acosh at a diverged point, where decimal.js's own raise their precision to 19000 digits.
if (want(2)) {
  const ctx = numericContext(30);
  const alg = decimalAlgebra(ctx);
  const far = new ctx.D(1).div(7).plus(3).times('1e19000');
  const both = () => [alg.apply('asinh', far), alg.apply('acosh', far)];
  record('evaluate asinh and acosh far out', 'asinh(x) and acosh(x), x = 3.14... 10^19000, 30 digits', perPoint(200, both), 'ms/point');
}

// 3. classify at 30 digits (fixed points, period-two orbits, branches, completeness), and 6. the
// Krawczyk certificate of every orbit it finds.
const CLASSIFY: readonly (readonly [string, string, (readonly string[])?])[] = [
  ['1-cos(x)', '5/2'],
  ['x^2/2+x^4/4', '9/5'],
  ['(x*y-1)^2/2', '1/2', ['-3', '3']],
  ['2-cos(x)-cos(y)', '5/2', ['-3', '3']],
];
const seconds = (t: Timing): Timing => ({ ...t, median: t.median / 1000, min: t.min / 1000, max: t.max / 1000 });
const ms = (fn: () => unknown): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
for (const [src, eta, box] of want(3) ? CLASSIFY : []) {
  const loss = parseLoss(src);
  const run = () => classify(loss, { eta, digits: 30, ...(box && { box }) });
  const report = run();
  record('classify, 30 digits', `${src}, eta = ${eta}`, seconds(measure(run, 3)), 's/loss');
  const precision = report.context.precision;
  const orbits = [
    ...report.fixedPoints.points.map((p) => p.point),
    ...report.periodTwoOrbits.orbits.map((o) => [...o.points[0], ...o.points[1]]),
  ];
  if (orbits.length === 0) continue;
  const certified: number[] = [];
  const times = orbits.map((guess) => ms(() => certified.push(certifyOrbit(loss, eta, guess, precision).kind === 'certified' ? 1 : 0)));
  times.sort((a, b) => a - b);
  record('certify, 30 digits', `${src}: ${orbits.length} orbit(s), ${certified.reduce((a, b) => a + b, 0)} certified, median`, times[times.length >> 1]!, 'ms/orbit');
}

// 4. trajectories: 10^4 steps at 30 digits with every identity check and the mean-value points
// (one timed run: it takes seconds), and 10^6 float64 steps with and without the averages.
if (want(4)) {
  const src = '(x*y-1)^2/2';
  const loss = parseLoss(src);
  const ctx = numericContext(30);
  const f = compileLoss(loss, ctx);
  const steps = 10_000;
  let failures = 0;
  const t = ms(() => (failures = trajectory(f, { eta: new ctx.D('1.05'), x0: [new ctx.D('0.5'), new ctx.D('1.5')], steps }).failures.length));
  record('trajectory, eta = 21/20 from (1/2, 3/2)', `${src}, ${steps} steps at 30 digits (${failures} failed checks)`, t / 1000, 's');
  record('trajectory, eta = 21/20 from (1/2, 3/2)', `${src}, per step at 30 digits`, t / steps, 'ms/step');
  const fl = compileFloatLoss(loss, f.table);
  for (const nodes of [0, 8]) {
    const run = () => fastTrajectory(fl, { eta: 1.05, x0: [0.5, 1.5], steps: 1_000_000, nodes });
    const timing = measure(run, 5);
    record('trajectory, eta = 21/20 from (1/2, 3/2)', `${src}, 10^6 float64 steps, ${nodes} quadrature nodes/step`, seconds(timing), 's');
  }
}

// 5. counterexample search throughput per theorem: 100 instances or 5 s, whichever ends first (the
// manifold and network theorems take a tenth of a second and more per instance), median of 5 rates
// (the machine's speed drifts by tens of percent within a minute).
for (const t of want(5) ? THEOREMS : []) {
  const rates = [0, 1, 2, 3, 4].map(() => {
    const r = search(t, { runs: 100, seed: 7, digits: 30, seconds: 5 });
    return (1000 * r.runs) / r.milliseconds;
  });
  record('search throughput', t.id, rates.sort((a, b) => a - b)[2]!, 'losses/s');
}

const width = Math.max(...rows.map((r) => r.case.length));
console.log(`eoskit benchmarks (node ${process.version}, medians)\n`);
let section = '';
for (const r of rows) {
  if (r.section !== section) console.log(`\n${(section = r.section)}`);
  console.log(`  ${r.case.padEnd(width)}  ${r.value.padStart(10)} ${r.unit}`);
}
const out = process.argv[2] ?? 'bench/results.json';
writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2) + '\n');
console.log(`\nwrote ${out}`);
