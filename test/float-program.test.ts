import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/algebra.js';
import { compile } from '../src/numeric/compile.js';
import { floatAlgebra } from '../src/numeric/float-algebra.js';
import { compileFloatProgram } from '../src/numeric/float-program.js';
import { derivativeTable } from '../src/symbolic/derivatives.js';
import { parseLoss } from '../src/symbolic/loss.js';

const LOSSES = [
  '(x*y-1)^2/2',
  'log(1+exp(x-y)) + tanh(x*y)/3 + (x^2+y^2)/8',
  'sin(x)*cos(y) + atan(x*y)/2 + (x^2+y^2)/8',
  'sqrt(x^2+y^2+1) + e^(x*y)/7 + x^(3/2) - 2^y',
];

describe('compileFloatProgram', () => {
  it('returns exactly what the float algebra closure returns, for all Hessian entries at once', () => {
    for (const src of LOSSES) {
      const loss = parseLoss(src);
      const table = derivativeTable(loss.expr, loss.vars, 2);
      const entries = [[0, 0], [0, 1], [1, 1], [0], [1], []].map((idx) => table.entry(idx));
      const program = compileFloatProgram(entries, loss.vars);
      const out = new Float64Array(entries.length);
      for (const point of [[0.7, 1.3], [1.9, 0.2], [0.05, 3]]) {
        program(Float64Array.from(point), out);
        const expected = entries.map((e) => compile(e, floatAlgebra, loss.vars)(point));
        expect(Array.from(out)).toEqual(expected);
      }
    }
  });

  it('makes the float algebra domain decisions', () => {
    const program = compileFloatProgram([parseLoss('log(x) + 1/y').expr], ['x', 'y']);
    const out = new Float64Array(1);
    expect(() => program([-1, 1], out)).toThrow(DomainError);
    expect(() => program([1, 0], out)).toThrow('division by zero');
    expect(() => compileFloatProgram([parseLoss('exp(x*y)').expr], ['x', 'y'])([1e3, 1e3], out)).toThrow('not finite');
  });
});
