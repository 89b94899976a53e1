import { writeFileSync } from 'node:fs';
import { compile } from '../src/numeric/compile.js';
import { numericContext } from '../src/numeric/context.js';
import { decimalFunction } from '../src/numeric/evaluate.js';
import { floatAlgebra } from '../src/numeric/float-algebra.js';
import { evaluateWithNerdamer } from '../src/symbolic/cas.js';
import { derivativeTable } from '../src/symbolic/derivatives.js';
import { parseLoss, withParamValues } from '../src/symbolic/loss.js';
import { THEOREMS } from '../theorems/registry.js';
import { search } from '../theorems/search.js';
import { measure, powerLawExponent, type Timing } from './measure.js';

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

// 1. derive: gradient, Hessian, third and fourth tensors of 2-D losses.
for (const src of LOSSES_2D) {
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
  const section = `evaluate d2L/dxdy, ${label}`;
  const loss = parseLoss(src);
  const entry = derivativeTable(loss.expr, loss.vars, 2).entry([0, 1]);
  const nerdamer = perPoint(20, () => evaluateWithNerdamer(entry, { x: '0.7', y: '-1.3' }));
  record(section, 'nerdamer (double precision inside)', nerdamer, 'ms/point');
  const float = compile(withParamValues(loss, entry), floatAlgebra, loss.vars);
  record(section, 'compiled float64', perPoint(100_000, (k) => float([0.7 + k * 1e-9, -1.3])), 'ms/point');
  const scaling: [number, number][] = [];
  for (const digits of [30, 100, 300, 900]) {
    const ctx = numericContext(digits);
    const f = decimalFunction(loss, entry, ctx);
    const point = [new ctx.D('0.7'), new ctx.D('-1.3')];
    const t = perPoint(digits > 300 ? 5 : 50, () => f(point));
    scaling.push([digits, t.median]);
    record(section, `compiled decimal.js, ${digits} digits`, t, 'ms/point');
    if (digits === 30) record(section, 'speed-up of compiled decimal.js (30 digits) over nerdamer', nerdamer.median / t.median, 'x');
  }
  record(section, 'cost ~ digits^p, fitted p (30..900 digits)', powerLawExponent(scaling), '');
}

// 5. counterexample search throughput per theorem.
for (const t of THEOREMS) {
  const runs = 100;
  const timing = measure(() => search(t, { runs, seed: 7, digits: 30 }), 3);
  record('search throughput', t.id, (1000 * runs) / timing.median, 'losses/s');
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
