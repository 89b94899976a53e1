/**
 * The function vocabulary of the loss language. Every entry is real-analytic on the open set where
 * it is defined, which is what the theorems need (a C^4 loss). `userFacing: false` marks names that
 * only nerdamer emits (abs appears in derivatives of sqrt(x^2)); a user may not write them.
 */
export const SMOOTH_FUNCTIONS = [
  'exp', 'log', 'sqrt',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth',
  'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh',
] as const;

export type SmoothFunction = (typeof SMOOTH_FUNCTIONS)[number] | 'abs';

/** Names refused with a "not smooth" message rather than "unknown function". */
export const NON_SMOOTH_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'sign', 'sgn', 'floor', 'ceil', 'round', 'trunc', 'max', 'min', 'mod', 'fact', 'factorial',
  'heaviside', 'step', 'relu', 'fract', 'rect', 'tri', 'sinc',
]);

/** Constants of the language; they may not be used as variable or parameter names. */
export const CONSTANTS: ReadonlySet<string> = new Set(['e', 'pi']);

const smoothSet: ReadonlySet<string> = new Set(SMOOTH_FUNCTIONS);

export function isUserFunction(name: string): name is SmoothFunction {
  return smoothSet.has(name);
}

/** Functions the evaluators accept: the user's vocabulary plus what nerdamer may print. */
export function isEvaluableFunction(name: string): name is SmoothFunction {
  return smoothSet.has(name) || name === 'abs';
}
