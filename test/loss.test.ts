import { describe, expect, it } from 'vitest';
import { InputError, parseLoss } from '../src/symbolic/loss.js';

describe('loss language', () => {
  it('defaults to x, or x,y when y occurs', () => {
    expect(parseLoss('x^2').vars).toEqual(['x']);
    expect(parseLoss('x^2 + y').vars).toEqual(['x', 'y']);
  });

  it('keeps parameters exact and symbolic', () => {
    const loss = parseLoss('(x^2 - mu)^2/4', { params: { mu: '1/3' } });
    expect(loss.params.get('mu')).toEqual({ kind: 'num', num: 1n, den: 3n });
    expect(loss.text).toBe('(x^2-mu)^2/4');
  });

  it.each([
    ['foo(x) + 1', {}, "unknown function 'foo'"],
    ['abs(x)', {}, "function 'abs' is not smooth"],
    ['max(x, 1)', {}, "function 'max' is not smooth"],
    ['floor(x)', {}, "function 'floor' is not smooth"],
    ['x + z', {}, "unknown symbol 'z'"],
    ['x*y*z', { vars: ['x', 'y', 'z'] }, '1 or 2 variables'],
    ['x^2', { vars: ['x', 'x'] }, 'repeated variable'],
    ['x^2', { vars: ['e'] }, "'e' is reserved"],
    ['x^2', { vars: ['x_1'] }, 'invalid variable name'],
    ['x^2 + eta', { params: { eta: '1' } }, "'eta' is reserved"],
    ['x^2 + a', { params: { a: 'x' } }, "parameter a: unknown symbol 'x'"],
    ['sin(x, 2)', {}, 'takes 1 argument'],
    ['x^2 +', {}, 'loss: syntax error'],
  ])('rejects %j %j: %s', (src, options, fragment) => {
    expect(() => parseLoss(src, options)).toThrow(InputError);
    expect(() => parseLoss(src, options)).toThrow(fragment);
  });

  it('bounds the size of the input', () => {
    const huge = Array.from({ length: 300 }, (_, i) => `${i + 1}*x^${i + 1}`).join('+');
    expect(() => parseLoss(huge)).toThrow('loss too large');
  });
});
