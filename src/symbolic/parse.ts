import { bin, call, neg, rational, sym, type Expr } from './ast.js';

/** A syntax error with the 1-based column where the parser gave up. */
export class ExprSyntaxError extends Error {
  override readonly name = 'ExprSyntaxError';
  constructor(
    readonly detail: string,
    readonly column: number,
  ) {
    super(`syntax error at column ${column}: ${detail}`);
  }
}

type Token =
  | { readonly t: 'num'; readonly text: string; readonly at: number }
  | { readonly t: 'id'; readonly text: string; readonly at: number }
  | { readonly t: 'op'; readonly text: string; readonly at: number }
  | { readonly t: 'end'; readonly text: ''; readonly at: number };

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z][A-Za-z0-9_]*/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER.exec(rest);
    // "2e" followed by a non-digit is 2 times e: only a complete exponent makes scientific notation.
    if (num) {
      out.push({ t: 'num', text: num[0], at: i + 1 });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      out.push({ t: 'id', text: id[0], at: i + 1 });
      i += id[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      out.push({ t: 'op', text: '^', at: i + 1 });
      i += 2;
      continue;
    }
    if ('+-*/^(),'.includes(ch)) {
      out.push({ t: 'op', text: ch, at: i + 1 });
      i++;
      continue;
    }
    throw new ExprSyntaxError(`unexpected character '${ch}'`, i + 1);
  }
  out.push({ t: 'end', text: '', at: src.length + 1 });
  return out;
}

/** The exact rational value of a decimal literal such as 2.5 or 1.25e-3. */
function literal(text: string): Expr {
  const m = /^(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new ExprSyntaxError(`bad number '${text}'`, 1);
  const [, int = '', frac = '', exp = '0'] = m;
  const digits = BigInt((int + frac) || '0');
  const scale = BigInt(exp) - BigInt(frac.length);
  return scale >= 0n ? rational(digits * 10n ** scale) : rational(digits, 10n ** -scale);
}

/**
 * Parses the loss language: + - * / ^ (also **), unary minus, parentheses, function calls,
 * decimal and scientific literals (kept exact). Precedence is the usual one with -x^2 = -(x^2)
 * and right-associative powers, which is also how nerdamer prints, so its output parses back.
 * Implicit multiplication ("2x") is refused: nerdamer's reading of it is easy to get wrong.
 */
export function parseExpr(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const describe = (tok: Token): string => (tok.t === 'end' ? 'end of input' : `'${tok.text}'`);
  const expectOp = (op: string): void => {
    const tok = next();
    if (tok.t !== 'op' || tok.text !== op) throw new ExprSyntaxError(`expected '${op}' but found ${describe(tok)}`, tok.at);
  };

  const additive = (): Expr => {
    let left = multiplicative();
    for (;;) {
      const tok = peek();
      if (tok.t === 'op' && (tok.text === '+' || tok.text === '-')) {
        next();
        left = bin(tok.text === '+' ? 'add' : 'sub', left, multiplicative());
      } else return left;
    }
  };
  const multiplicative = (): Expr => {
    let left = unary();
    for (;;) {
      const tok = peek();
      if (tok.t === 'op' && (tok.text === '*' || tok.text === '/')) {
        next();
        const right = unary();
        // A literal fraction such as 1/3 becomes one exact rational node, as the printer writes it.
        if (tok.text === '/' && left.kind === 'num' && right.kind === 'num' && right.num !== 0n) {
          left = rational(left.num * right.den, left.den * right.num);
        } else left = bin(tok.text === '*' ? 'mul' : 'div', left, right);
      } else if (tok.t === 'num' || tok.t === 'id' || (tok.t === 'op' && tok.text === '(')) {
        throw new ExprSyntaxError(`missing operator before ${describe(tok)} (write 2*x, not 2x)`, tok.at);
      } else return left;
    }
  };
  const unary = (): Expr => {
    const tok = peek();
    if (tok.t === 'op' && (tok.text === '-' || tok.text === '+')) {
      next();
      const arg = unary();
      if (tok.text === '+') return arg;
      return arg.kind === 'num' ? rational(-arg.num, arg.den) : neg(arg);
    }
    return power();
  };
  const power = (): Expr => {
    const base = primary();
    const tok = peek();
    if (tok.t === 'op' && tok.text === '^') {
      next();
      return bin('pow', base, unary());
    }
    return base;
  };
  const primary = (): Expr => {
    const tok = next();
    if (tok.t === 'num') return literal(tok.text);
    if (tok.t === 'id') {
      const after = peek();
      if (!(after.t === 'op' && after.text === '(')) return sym(tok.text);
      next();
      const args: Expr[] = [];
      if (!(peek().t === 'op' && peek().text === ')')) {
        args.push(additive());
        while (peek().t === 'op' && peek().text === ',') {
          next();
          args.push(additive());
        }
      }
      expectOp(')');
      // pow(a, b) is the same tree as a^b; keeping one form keeps compilers and printers simple.
      if (tok.text === 'pow' && args.length === 2) return bin('pow', args[0] as Expr, args[1] as Expr);
      return call(tok.text, ...args);
    }
    if (tok.t === 'op' && tok.text === '(') {
      const inner = additive();
      expectOp(')');
      return inner;
    }
    throw new ExprSyntaxError(`unexpected ${describe(tok)}`, tok.at);
  };

  if (peek().t === 'end') throw new ExprSyntaxError('empty expression', 1);
  const result = additive();
  const tail = peek();
  if (tail.t !== 'end') throw new ExprSyntaxError(`unexpected ${describe(tail)}`, tail.at);
  return result;
}
