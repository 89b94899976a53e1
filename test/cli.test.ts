import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { numericContext } from '../src/numeric/context.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('eoskit derive: bad input gives one line on stderr and exit code 2', () => {
  it.each([
    ['syntax error', ['--loss', 'x^'], 'syntax error at column 3'],
    ['unknown function', ['--loss', 'foo(x)+1'], "unknown function 'foo'"],
    ['unknown symbol', ['--loss', 'x+z'], "unknown symbol 'z'"],
    ['non-smooth function', ['--loss', 'abs(x)'], "'abs' is not smooth"],
    ['too many variables', ['--loss', 'x*y*z', '--vars', 'x,y,z'], '1 or 2 variables'],
    ['undefined point', ['--loss', 'log(x)', '--at', '0'], 'cannot evaluate at this point'],
    ['non-smooth point', ['--loss', 'sqrt(x)', '--at', '0'], 'not smooth at 0'],
    ['division by zero', ['--loss', '1/x', '--at', '0'], 'division by zero'],
    ['absurd precision', ['--loss', 'x^2', '--at', '1', '--digits', '5000'], 'digits must be an integer from 10 to 900'],
    ['too little precision', ['--loss', 'x^2', '--at', '1', '--digits', '5'], 'digits must be an integer from 10 to 900'],
    // decimal.js's sin reduces modulo its own ~1025-digit pi: past ~450 digits it used to be an internal error.
    ['sin beyond the digits of pi', ['--loss', 'sin(x)', '--at', '1/3', '--digits', '600'], 'needs more digits of pi than decimal.js holds'],
    ['sin of a huge argument', ['--loss', 'sin(exp(x))', '--at', '2400', '--digits', '30'], 'needs more digits of pi than decimal.js holds'],
    ['non-integer digits', ['--loss', 'x^2', '--at', '1', '--digits', '3.5'], '--digits expects an integer'],
    ['wrong coordinate count', ['--loss', 'x^2', '--at', '1,2'], 'has 2 coordinate(s) but the loss has 1 variable(s)'],
    ['bad coordinate', ['--loss', 'x^2', '--at', 'y'], "unknown symbol 'y'"],
    ['bad parameter', ['--loss', 'x^2+a', '--param', 'a'], 'expects name=value'],
    ['missing loss', [], 'derive needs --loss'],
    ['unknown option', ['--loss', 'x^2', '--frobnicate'], "Unknown option '--frobnicate'"],
    ['bad order', ['--loss', 'x^2', '--order', '7'], '--order must be 2, 3 or 4'],
    ['too large', ['--loss', Array.from({ length: 300 }, (_, i) => `x^${i + 2}`).join('+')], 'loss too large'],
    // Found by the property test: nerdamer's recursion overflows on the fourth derivative.
    ['too deep for nerdamer', ['--loss', '((-1)*x)*(exp((sqrt(1+((-1)*x)^2)+(-1)*x)^3/3)+x)+x^2/8', '--order', '4'], 'too deep for nerdamer'],
  ])('%s', (_, args, fragment) => {
    const result = runCli(['derive', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toContain(fragment);
    expect(result.stderr[0]).not.toContain('\n');
  });

  it('refuses an unknown command', () => {
    const result = runCli(['frobnicate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr[0]).toContain("unknown command 'frobnicate'");
  });
});

describe('eoskit derive --json', () => {
  it('gives the Hessian of sqrt(x^2+y^2+1) at (7/10, 13/10) to 40 digits', () => {
    const result = runCli(['derive', '--loss', 'sqrt(x^2+y^2+1)', '--vars', 'x,y', '--at', '7/10,13/10', '--digits', '40', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.vars).toEqual(['x', 'y']);
    // Independent closed form: H = ((1 + |w|^2) I - w w^T) / (1 + |w|^2)^(3/2), at 60 digits.
    const { D } = numericContext(60);
    const [x, y] = [new D('0.7'), new D('1.3')];
    const s = x.pow(2).plus(y.pow(2)).plus(1);
    const scale = s.pow('1.5');
    const exact = [
      [s.minus(x.pow(2)).div(scale), x.times(y).neg().div(scale)],
      [x.times(y).neg().div(scale), s.minus(y.pow(2)).div(scale)],
    ];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const printed = json.values.hessian[i][j] as string;
        expect(printed.replace(/^-?0\.0*/, '').replace('.', '').length).toBeGreaterThanOrEqual(40);
        const rel = new D(printed).minus(exact[i]![j]!).abs().div(exact[i]![j]!.abs());
        expect(rel.lt('1e-38')).toBe(true);
      }
    }
    expect(json.crossCheck.agree).toBe(true);
    expect(typeof json.edgeCoupling).toBe('string');
    expect(json.values.gradient).toHaveLength(2);
    expect(typeof json.values.loss).toBe('string');
  });

  it('keeps parameters symbolic in the derivation and exact in the values', () => {
    const result = runCli(['derive', '--loss', '(x^2-mu)^2/4', '--param', 'mu=1/3', '--order', '4', '--at', '1/2', '--digits', '25', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.hessian[0][0]).toContain('mu');
    // L = (1/4 - 1/3)^2 / 4 = 1/576; L'' = 3x^2 - mu = 5/12; L''' = 6x = 3; L'''' = 6.
    expect(json.values.loss).toBe(new (numericContext(25).D)(1).div(576).toPrecision(25));
    expect(json.values.hessian[0][0]).toBe(new (numericContext(25).D)(5).div(12).toPrecision(25));
    expect(json.values.derivatives['3'][0][0][0]).toBe('3.000000000000000000000000');
    expect(json.values.derivatives['4'][0][0][0][0]).toBe('6.000000000000000000000000');
  });
});

describe('the installed command', () => {
  const bin = `${root}bin/eoskit.js`;
  // dist/ is built by `npm ci` (prepare) and by `npm test` (pretest).
  it('runs from bin/ and exits 2 with one line on bad input', () => {
    const okRun = execFileSync('node', [bin, 'derive', '--loss', 'x^4/4', '--at', '2', '--digits', '12'], { encoding: 'utf8' });
    expect(okRun).toContain('d^2L/dx^2 = 12.0000000000');
    const bad = spawnSync('node', [bin, 'derive', '--loss', 'foo(x)'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
