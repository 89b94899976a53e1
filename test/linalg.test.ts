import { describe, expect, it } from 'vitest';
import { numericContext } from '../src/numeric/context.js';
import { eigenvalues, matMul, solve, spectralRadius, symmetricEigen } from '../src/numeric/linalg.js';

const ctx = numericContext(30);
const { D } = ctx;
const m = (rows: string[][]) => rows.map((r) => r.map((x) => new D(x)));
const close = (a: InstanceType<typeof D>, b: InstanceType<typeof D> | string, tol = '1e-30') =>
  expect(a.minus(b).abs().lte(tol), `${a} vs ${b}`).toBe(true);

describe('small dense linear algebra', () => {
  it('symmetric 2x2 eigenpairs satisfy H v = lambda v with unit v', () => {
    for (const h of [m([['2', '1'], ['1', '3']]), m([['1', '0'], ['0', '-4']]), m([['-1', '1e-20'], ['1e-20', '5']]), m([['3', '-2'], ['-2', '3']])]) {
      const { values, vectors } = symmetricEigen(h, ctx);
      expect(values[0]!.lte(values[1]!)).toBe(true);
      values.forEach((lam, i) => {
        const v = vectors[i]!;
        close(v[0]!.pow(2).plus(v[1]!.pow(2)), '1');
        const hv = matMul(h, [[v[0]!], [v[1]!]]);
        close(hv[0]![0]!, lam.times(v[0]!));
        close(hv[1]![0]!, lam.times(v[1]!));
      });
    }
  });

  it('a multiple eigenvalue gives an orthonormal basis', () => {
    const { values, vectors } = symmetricEigen(m([['2', '0'], ['0', '2']]), ctx);
    close(values[0]!, '2');
    close(values[1]!, '2');
    close(vectors[0]![0]!.times(vectors[1]![0]!).plus(vectors[0]![1]!.times(vectors[1]![1]!)), '0');
  });

  it('general 2x2 eigenvalues, real and complex', () => {
    const real = eigenvalues(m([['0', '1'], ['-2', '-3']]), ctx);
    expect(real.kind).toBe('real');
    if (real.kind === 'real') {
      close(real.values[0]!, '-2');
      close(real.values[1]!, '-1');
    }
    const rot = eigenvalues(m([['0', '-1'], ['1', '0']]), ctx);
    expect(rot.kind).toBe('complex');
    close(spectralRadius(rot, ctx), '1');
  });

  it('solves with pivoting and refuses a singular system', () => {
    const x = solve(m([['0', '1'], ['1', '1']]), [new D(2), new D(3)], ctx);
    close(x[0]!, '1');
    close(x[1]!, '2');
    expect(() => solve(m([['1', '2'], ['2', '4']]), [new D(1), new D(2)], ctx)).toThrow('singular');
  });
});
