import type { Expr } from '../symbolic/ast.js';
import { isEvaluableFunction } from '../symbolic/functions.js';
import { floatAlgebra, floatFunction, floatPowRational } from './float-algebra.js';

/** Writes the value of every root into `out` (in order) at the point `v`. */
export type FloatProgram = (v: ArrayLike<number>, out: Float64Array) => void;

/**
 * Several expression trees (a gradient, the entries of a Hessian) compiled into one straight-line
 * float64 function: each structurally distinct subtree becomes one local variable, computed once
 * per call and shared by every output (CAS derivatives of one loss repeat x*y - 1, e^(x-y), ...
 * across entries), with no closure per node and no allocation per call. The operations and their
 * domain decisions are the float algebra's (the same finite checks and messages), so it returns
 * what compile(root, floatAlgebra, slots) returns for each root; it is only faster (10^6 GD steps).
 */
export function compileFloatProgram(roots: readonly Expr[], slots: readonly string[]): FloatProgram {
  const lines: string[] = [];
  const constants: unknown[] = [];
  const ids = new Map<string, string>();
  const constant = (value: unknown): string => {
    constants.push(value);
    return `k[${constants.length - 1}]`;
  };
  // Post-order emission: children first, so every local is defined before its use.
  const emit = (e: Expr): string => {
    let key: string;
    let code: string;
    switch (e.kind) {
      case 'num':
        key = `n${e.num}/${e.den}`;
        code = `${constant(floatAlgebra.rational(e.num, e.den))}`;
        break;
      case 'sym': {
        key = `s${e.name}`;
        if (e.name === 'e' || e.name === 'pi') code = `${constant(floatAlgebra.constant(e.name))}`;
        else {
          const i = slots.indexOf(e.name);
          if (i < 0) throw new Error(`compile: symbol '${e.name}' has no value (slots: ${slots.join(', ')})`);
          code = `v[${i}]`;
        }
        break;
      }
      case 'neg': {
        const a = emit(e.arg);
        key = `neg(${a})`;
        code = `-${a}`;
        break;
      }
      case 'call': {
        if (!isEvaluableFunction(e.fn) || e.args.length !== 1) throw new Error(`compile: cannot evaluate ${e.fn}/${e.args.length}`);
        const a = emit(e.args[0] as Expr);
        key = `${e.fn}(${a})`;
        code = `${constant(floatFunction(e.fn))}(${a})`;
        break;
      }
      case 'pow': {
        const q = e.right.kind === 'num' ? e.right : e.right.kind === 'neg' && e.right.arg.kind === 'num' ? { num: -e.right.arg.num, den: e.right.arg.den } : undefined;
        if (e.left.kind === 'sym' && e.left.name === 'e' && !q) {
          const a = emit(e.right);
          key = `exp(${a})`;
          code = `${constant(floatFunction('exp'))}(${a})`;
        } else if (q) {
          const a = emit(e.left);
          key = `pow(${a},${q.num}/${q.den})`;
          code = `P(${a}, ${constant(Number(q.num))}, ${constant(Number(q.den))})`;
        } else {
          const a = emit(e.left);
          const b = emit(e.right);
          key = `pow(${a},${b})`;
          code = `A.pow(${a}, ${b})`;
        }
        break;
      }
      default: {
        const a = emit(e.left);
        const b = emit(e.right);
        key = `${e.kind}(${a},${b})`;
        code = `A.${e.kind}(${a}, ${b})`;
      }
    }
    let local = ids.get(key);
    if (local === undefined) {
      local = `t${ids.size}`;
      ids.set(key, local);
      lines.push(`const ${local} = ${code};`);
    }
    return local;
  };
  const outputs = roots.map(emit);
  const body = [...lines, ...outputs.map((t, i) => `out[${i}] = ${t};`)].join('\n');
  const factory = new Function('k', 'A', 'P', `'use strict';\nreturn function (v, out) {\n${body}\n};`) as (
    k: readonly unknown[],
    A: typeof floatAlgebra,
    P: typeof floatPowRational,
  ) => FloatProgram;
  return factory(constants, floatAlgebra, floatPowRational);
}
